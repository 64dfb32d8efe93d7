// Readers, labels, adjudication, the audit trail and the project's counts.
#include "catalogue/catalogue.h"
#include "catalogue/sqlitestatement.h"

namespace iouslab {

namespace {

LabelValue readValue(const SqliteStatement &row, int column)
{
    return parseLabelValue(row.text(column)).value_or(LabelValue::Ungradable);
}

std::optional<LabelValue> readOptionalValue(const SqliteStatement &row, int column)
{
    if (row.isNull(column))
        return std::nullopt;
    return parseLabelValue(row.text(column));
}

LabelRecord readLabel(const SqliteStatement &row)
{
    return LabelRecord{row.int64(0), row.int64(1), readValue(row, 2), row.int64(3)};
}

ReaderRecord readReader(const SqliteStatement &row)
{
    return ReaderRecord{row.int64(0), row.text(1),
                        parseReaderRole(row.text(2)).value_or(ReaderRole::Radiologist),
                        row.int64(3)};
}

} // namespace

Expected<ReaderId> Catalogue::addReader(const QString &name, ReaderRole role)
{
    return insert(
        "INSERT INTO reader (name, role, created_at) VALUES (?1, ?2, ?3)",
        [&](SqliteStatement &st) {
            st.bind(1, name);
            st.bind(2, readerRoleName(role));
            st.bind(3, nowMs());
        },
        QStringLiteral("adding reader \"%1\"").arg(name));
}

Expected<std::optional<ReaderRecord>> Catalogue::findReader(const QString &name)
{
    std::optional<ReaderRecord> found;
    Status s = run(
        "SELECT id, name, role, created_at FROM reader WHERE name = ?1",
        [&](SqliteStatement &st) { st.bind(1, name); }, QStringLiteral("finding a reader"),
        [&](const SqliteStatement &row) { found = readReader(row); });
    if (!s)
        return makeError(s.error());
    return found;
}

Expected<QList<ReaderRecord>> Catalogue::readers()
{
    QList<ReaderRecord> result;
    Status s = run("SELECT id, name, role, created_at FROM reader ORDER BY name", {},
                   QStringLiteral("listing readers"),
                   [&](const SqliteStatement &row) { result << readReader(row); });
    if (!s)
        return makeError(s.error());
    return result;
}

Status Catalogue::setLabel(FrameId frame, ReaderId reader, LabelValue value, qint64 atMs)
{
    return run(
        "INSERT INTO label (frame_id, reader_id, value, labelled_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT(frame_id, reader_id) DO UPDATE SET value = excluded.value, "
        "labelled_at = excluded.labelled_at WHERE value IS NOT excluded.value",
        [&](SqliteStatement &st) {
            st.bind(1, frame);
            st.bind(2, reader);
            st.bind(3, labelValueName(value));
            st.bind(4, atMs ? atMs : nowMs());
        },
        QStringLiteral("saving a label"));
}

Status Catalogue::clearLabel(FrameId frame, ReaderId reader)
{
    return run(
        "DELETE FROM label WHERE frame_id = ?1 AND reader_id = ?2",
        [&](SqliteStatement &st) {
            st.bind(1, frame);
            st.bind(2, reader);
        },
        QStringLiteral("clearing a label"));
}

Expected<std::optional<LabelRecord>> Catalogue::label(FrameId frame, ReaderId reader)
{
    std::optional<LabelRecord> found;
    Status s = run(
        "SELECT frame_id, reader_id, value, labelled_at FROM label "
        "WHERE frame_id = ?1 AND reader_id = ?2",
        [&](SqliteStatement &st) {
            st.bind(1, frame);
            st.bind(2, reader);
        },
        QStringLiteral("reading a label"),
        [&](const SqliteStatement &row) { found = readLabel(row); });
    if (!s)
        return makeError(s.error());
    return found;
}

Expected<QList<LabelRecord>> Catalogue::labels(FrameId frame)
{
    QList<LabelRecord> result;
    Status s = run(
        "SELECT frame_id, reader_id, value, labelled_at FROM label WHERE frame_id = ?1 "
        "ORDER BY reader_id",
        [&](SqliteStatement &st) { st.bind(1, frame); }, QStringLiteral("reading labels"),
        [&](const SqliteStatement &row) { result << readLabel(row); });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<QList<LabelRecord>> Catalogue::labelsOfReader(ReaderId reader)
{
    QList<LabelRecord> result;
    Status s = run(
        "SELECT frame_id, reader_id, value, labelled_at FROM label WHERE reader_id = ?1 "
        "ORDER BY frame_id",
        [&](SqliteStatement &st) { st.bind(1, reader); }, QStringLiteral("reading labels"),
        [&](const SqliteStatement &row) { result << readLabel(row); });
    if (!s)
        return makeError(s.error());
    return result;
}

Status Catalogue::setAdjudication(FrameId frame, ReaderId lead, LabelValue value, qint64 atMs)
{
    return run(
        "INSERT INTO adjudication (frame_id, reader_id, value, decided_at) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(frame_id) DO UPDATE SET "
        "reader_id = excluded.reader_id, value = excluded.value, decided_at = excluded.decided_at",
        [&](SqliteStatement &st) {
            st.bind(1, frame);
            st.bind(2, lead);
            st.bind(3, labelValueName(value));
            st.bind(4, atMs ? atMs : nowMs());
        },
        QStringLiteral("saving an adjudication"));
}

Status Catalogue::clearAdjudication(FrameId frame)
{
    return run(
        "DELETE FROM adjudication WHERE frame_id = ?1",
        [&](SqliteStatement &st) { st.bind(1, frame); },
        QStringLiteral("clearing an adjudication"));
}

Expected<std::optional<AdjudicationRecord>> Catalogue::adjudication(FrameId frame)
{
    std::optional<AdjudicationRecord> found;
    Status s = run(
        "SELECT frame_id, reader_id, value, decided_at FROM adjudication WHERE frame_id = ?1",
        [&](SqliteStatement &st) { st.bind(1, frame); }, QStringLiteral("reading an adjudication"),
        [&](const SqliteStatement &row) {
            found = AdjudicationRecord{row.int64(0), row.int64(1), readValue(row, 2), row.int64(3)};
        });
    if (!s)
        return makeError(s.error());
    return found;
}

Expected<QList<AuditRecord>> Catalogue::auditTrail(FrameId frame)
{
    QList<AuditRecord> result;
    Status s = run(
        "SELECT id, kind, frame_id, reader_id, old_value, new_value, changed_at FROM label_audit "
        "WHERE ?1 = 0 OR frame_id = ?1 ORDER BY id",
        [&](SqliteStatement &st) { st.bind(1, frame); }, QStringLiteral("reading the audit trail"),
        [&](const SqliteStatement &row) {
            result << AuditRecord{row.int64(0),
                                  row.text(1),
                                  row.int64(2),
                                  row.int64(3),
                                  readOptionalValue(row, 4),
                                  readOptionalValue(row, 5),
                                  row.int64(6)};
        });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<QList<LabelRow>> Catalogue::labelRows(std::optional<ReaderId> reader)
{
    QList<LabelRow> result;
    Status s = run(
        "SELECT c.source_path, f.frame_index, r.name, r.role, l.value, l.labelled_at FROM label l "
        "JOIN frame f ON f.id = l.frame_id JOIN clip c ON c.id = f.clip_id "
        "JOIN reader r ON r.id = l.reader_id WHERE ?1 IS NULL OR l.reader_id = ?1 "
        "ORDER BY c.source_path, f.frame_index, r.name",
        [&](SqliteStatement &st) { st.bind(1, reader); }, QStringLiteral("listing labels"),
        [&](const SqliteStatement &row) {
            LabelRow entry;
            entry.sourcePath = row.text(0);
            entry.frameIndex = int(row.int64(1));
            entry.reader = row.text(2);
            entry.role = parseReaderRole(row.text(3)).value_or(ReaderRole::Radiologist);
            entry.value = readValue(row, 4);
            entry.labelledAtMs = row.int64(5);
            result << entry;
        });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<CatalogueCounts> Catalogue::counts()
{
    CatalogueCounts counts;
    Status s = run("SELECT (SELECT count(*) FROM patient), (SELECT count(*) FROM study), "
                   "(SELECT count(*) FROM clip), (SELECT count(*) FROM frame)",
                   {}, QStringLiteral("counting"), [&](const SqliteStatement &row) {
                       counts.patients = row.int64(0);
                       counts.studies = row.int64(1);
                       counts.clips = row.int64(2);
                       counts.frames = row.int64(3);
                   });
    if (!s)
        return makeError(s.error());

    s = run("SELECT r.name, r.role, l.value, count(*) FROM label l "
            "JOIN reader r ON r.id = l.reader_id GROUP BY r.id, l.value ORDER BY r.name, l.value",
            {}, QStringLiteral("counting labels"), [&](const SqliteStatement &row) {
                ReaderLabelCount entry;
                entry.reader = row.text(0);
                entry.role = parseReaderRole(row.text(1)).value_or(ReaderRole::Radiologist);
                entry.value = readValue(row, 2);
                entry.count = row.int64(3);
                counts.byReader << entry;
                counts.labels += entry.count;
                if (entry.value == LabelValue::Normal)
                    counts.normalLabels += entry.count;
                else if (entry.value == LabelValue::Lesion)
                    counts.lesionLabels += entry.count;
                else
                    counts.ungradableLabels += entry.count;
            });
    if (!s)
        return makeError(s.error());
    return counts;
}

} // namespace iouslab
