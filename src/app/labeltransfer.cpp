#include "app/labeltransfer.h"

#include "catalogue/catalogue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

namespace iouslab {

namespace {

// Finds clips by the paths other tools write: absolute, or relative to some import root.
class ClipMatcher
{
public:
    explicit ClipMatcher(const QList<ClipRecord> &clips)
    {
        for (const ClipRecord &clip : clips) {
            m_byPath.insert(clip.sourcePath, clip.id);
            m_byName.insert(QFileInfo(clip.sourcePath).fileName(), clip);
        }
    }

    Expected<ClipId> find(const QString &file) const
    {
        const QString cleaned = QDir::cleanPath(file);
        if (auto exact = m_byPath.constFind(cleaned); exact != m_byPath.constEnd())
            return *exact;
        QList<ClipId> matches;
        const QString suffix = QLatin1Char('/') + cleaned;
        for (const ClipRecord &clip : m_byName.values(QFileInfo(cleaned).fileName())) {
            if (clip.sourcePath.endsWith(suffix))
                matches << clip.id;
        }
        if (matches.size() == 1)
            return matches.first();
        if (matches.isEmpty())
            return makeError(QStringLiteral("no imported clip has the source file %1").arg(file));
        return makeError(QStringLiteral("%1 matches %2 imported clips; give a longer path")
                             .arg(file)
                             .arg(matches.size()));
    }

private:
    QHash<QString, ClipId> m_byPath;
    QMultiHash<QString, ClipRecord> m_byName;
};

QString csvField(QString text)
{
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')))
        return QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
               QLatin1Char('"');
    return text;
}

} // namespace

Expected<LabelImportSummary> importLabels(Catalogue &catalogue, const QString &csvPath,
                                          const QString &readerName, ReaderRole role)
{
    QFile file(csvPath);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return makeError(QStringLiteral("%1: cannot read: %2").arg(csvPath, file.errorString()));
    auto clips = catalogue.allClips();
    if (!clips)
        return makeError(clips.error());
    const ClipMatcher matcher(*clips);

    Catalogue::Transaction transaction(catalogue);
    if (!transaction.isActive())
        return makeError(transaction.error());
    auto reader = catalogue.findReader(readerName);
    if (!reader)
        return makeError(reader.error());
    ReaderId readerId = reader->has_value() ? (*reader)->id : 0;
    if (!readerId) {
        auto added = catalogue.addReader(readerName, role);
        if (!added)
            return makeError(added.error());
        readerId = *added;
    }

    LabelImportSummary summary;
    QTextStream in(&file);
    for (int lineNumber = 1; !in.atEnd(); ++lineNumber) {
        const QString line = in.readLine().trimmed();
        if (line.isEmpty() || (lineNumber == 1 && line.startsWith(QLatin1String("file,"))))
            continue;
        auto skip = [&](const QString &why) {
            ++summary.skipped;
            summary.messages
                << QStringLiteral("%1 line %2: %3").arg(csvPath).arg(lineNumber).arg(why);
        };
        const QStringList fields = line.split(QLatin1Char(','));
        bool indexOk = false;
        const int index = fields.value(1).trimmed().toInt(&indexOk);
        const auto value = parseLabelValue(fields.value(2));
        if (fields.size() < 3 || !indexOk || !value) {
            skip(QStringLiteral("expected \"file,frame,label\" with label normal, lesion or "
                                "ungradable"));
            continue;
        }
        auto clip = matcher.find(fields.at(0).trimmed());
        if (!clip) {
            skip(clip.error());
            continue;
        }
        auto frame = catalogue.frameId(*clip, index);
        if (!frame)
            return makeError(frame.error());
        if (!frame->has_value()) {
            skip(QStringLiteral("%1 has no frame %2").arg(fields.at(0).trimmed()).arg(index));
            continue;
        }
        auto current = catalogue.label(**frame, readerId);
        if (!current)
            return makeError(current.error());
        if (current->has_value() && (*current)->value == *value) {
            ++summary.unchanged;
            continue;
        }
        if (Status s = catalogue.setLabel(**frame, readerId, *value); !s)
            return makeError(s.error());
        ++summary.applied;
    }
    if (Status s = transaction.commit(); !s)
        return makeError(s.error());
    return summary;
}

Status exportLabels(Catalogue &catalogue, QTextStream &out, const QString &readerName)
{
    std::optional<ReaderId> readerId;
    if (!readerName.isEmpty()) {
        auto reader = catalogue.findReader(readerName);
        if (!reader)
            return makeError(reader.error());
        if (!reader->has_value())
            return makeError(QStringLiteral("no reader named \"%1\"").arg(readerName));
        readerId = (*reader)->id;
    }
    auto rows = catalogue.labelRows(readerId);
    if (!rows)
        return makeError(rows.error());
    out << "file,frame,reader,role,label,labelled_at\n";
    for (const LabelRow &row : *rows) {
        out << csvField(row.sourcePath) << ',' << row.frameIndex << ',' << csvField(row.reader)
            << ',' << readerRoleName(row.role) << ',' << labelValueName(row.value) << ','
            << row.labelledAtMs << '\n';
    }
    out.flush();
    return {};
}

} // namespace iouslab
