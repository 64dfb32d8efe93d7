#include "io/dicomdir.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <dcmtk/dcmdata/dcdirrec.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace iouslab {

namespace {

// Referenced File IDs are upper case on the medium; a copy on a case-sensitive disk may have
// been renamed, so each component is matched without case when the exact one is missing.
QString resolveComponents(const QDir &root, const QStringList &components)
{
    QDir dir = root;
    for (int i = 0; i < components.size(); ++i) {
        const QString &part = components[i];
        QString match;
        if (dir.exists(part)) {
            match = part;
        } else {
            const QStringList entries = dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
            for (const QString &entry : entries)
                if (entry.compare(part, Qt::CaseInsensitive) == 0)
                    match = entry;
        }
        if (match.isEmpty())
            return {};
        if (i + 1 == components.size())
            return QFileInfo(dir.filePath(match)).isFile() ? dir.filePath(match) : QString();
        if (!dir.cd(match))
            return {};
    }
    return {};
}

void collect(DcmDirectoryRecord *record, const QDir &root, QStringList &files, int depth)
{
    if (!record || depth > 16)
        return;
    OFString fileId;
    if (record->findAndGetOFStringArray(DCM_ReferencedFileID, fileId).good() && !fileId.empty()) {
        const QStringList components =
            QString::fromLatin1(fileId.c_str()).split(QLatin1Char('\\'), Qt::SkipEmptyParts);
        bool safe = !components.isEmpty();
        for (const QString &c : components)
            safe = safe && c != QLatin1String("..") && c != QLatin1String(".");
        if (safe) {
            const QString resolved = resolveComponents(root, components);
            if (!resolved.isEmpty() && !files.contains(resolved))
                files << resolved;
        }
    }
    for (unsigned long i = 0; i < record->cardSub(); ++i)
        collect(record->getSub(i), root, files, depth + 1);
}

} // namespace

bool isDicomDir(const QString &path)
{
    if (QFileInfo(path).fileName().compare(QLatin1String("DICOMDIR"), Qt::CaseInsensitive) == 0)
        return true;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = file.read(1024);
    return head.size() >= 132 && head.mid(128, 4) == "DICM" &&
           head.contains(UID_MediaStorageDirectoryStorage);
}

Expected<QStringList> dicomDirImageFiles(const QString &path)
{
    try {
        DcmDicomDir dicomDir(QFile::encodeName(path).constData());
        if (dicomDir.error().bad())
            return makeError(QStringLiteral("%1: not a readable DICOMDIR (%2)")
                                 .arg(path, QString::fromLatin1(dicomDir.error().text())));
        QStringList files;
        collect(&dicomDir.getRootRecord(), QFileInfo(path).absoluteDir(), files, 0);
        return files;
    } catch (const std::exception &e) {
        return makeError(QStringLiteral("%1: not a readable DICOMDIR (%2)")
                             .arg(path, QString::fromLocal8Bit(e.what())));
    }
}

} // namespace iouslab
