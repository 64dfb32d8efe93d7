// Reference labels and frame locations: what training and scoring read.
#include "catalogue/catalogue.h"
#include "catalogue/sqlitestatement.h"

namespace iouslab {

Expected<QList<ReferenceLabel>> Catalogue::referenceLabels()
{
    QList<ReferenceLabel> result;
    Status s =
        run("SELECT f.id, s.patient_id, f.clip_id, f.frame_index, a.value, min(l.value), "
            "max(l.value), count(l.reader_id) FROM frame f "
            "JOIN clip c ON c.id = f.clip_id JOIN study s ON s.id = c.study_id "
            "LEFT JOIN adjudication a ON a.frame_id = f.id LEFT JOIN label l ON l.frame_id = f.id "
            "GROUP BY f.id HAVING a.value IS NOT NULL OR count(l.reader_id) > 0 ORDER BY f.id",
            {}, QStringLiteral("reading reference labels"), [&](const SqliteStatement &row) {
                ReferenceLabel label;
                label.frameId = row.int64(0);
                label.patientId = row.int64(1);
                label.clipId = row.int64(2);
                label.frameIndex = int(row.int64(3));
                label.reads = int(row.int64(7));
                label.adjudicated = !row.isNull(4);
                if (label.adjudicated)
                    label.value = parseLabelValue(row.text(4));
                else if (row.text(5) == row.text(6))
                    label.value = parseLabelValue(row.text(5));
                result << label;
            });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<QList<Catalogue::FrameLocation>> Catalogue::frameLocations(ClipId clip)
{
    QList<FrameLocation> result;
    Status s = run(
        "SELECT f.id, f.clip_id, s.patient_id, c.content_hash, f.frame_index FROM frame f "
        "JOIN clip c ON c.id = f.clip_id JOIN study s ON s.id = c.study_id "
        "WHERE ?1 = 0 OR f.clip_id = ?1 ORDER BY f.clip_id, f.frame_index",
        [&](SqliteStatement &st) { st.bind(1, clip); }, QStringLiteral("locating frames"),
        [&](const SqliteStatement &row) {
            result << FrameLocation{row.int64(0), row.int64(1), row.int64(2), row.text(3),
                                    int(row.int64(4))};
        });
    if (!s)
        return makeError(s.error());
    return result;
}

} // namespace iouslab
