// Review queries for the labelling workstation: whole-catalogue passes for the tree, agreement
// and balance views, and per-clip reads for the label session.
#include "catalogue/catalogue.h"
#include "catalogue/sqlitestatement.h"

namespace iouslab {

namespace {

ReviewLabel readReviewLabel(const SqliteStatement &row)
{
    return ReviewLabel{row.int64(0), row.int64(1),
                       row.int64(2), int(row.int64(3)),
                       row.int64(4), parseLabelValue(row.text(5)).value_or(LabelValue::Ungradable),
                       row.int64(6)};
}

} // namespace

Expected<QList<ReviewClip>> Catalogue::reviewClips()
{
    QList<ReviewClip> result;
    Status s =
        run("SELECT c.id, c.study_id, s.patient_id, p.pseudonym, s.study_key, s.description, "
            "c.source_path, c.content_hash, c.frame_count, c.frame_rate FROM clip c "
            "JOIN study s ON s.id = c.study_id JOIN patient p ON p.id = s.patient_id "
            "ORDER BY p.pseudonym, s.id, c.id",
            {}, QStringLiteral("listing clips for review"), [&](const SqliteStatement &row) {
                ReviewClip clip;
                clip.clipId = row.int64(0);
                clip.studyId = row.int64(1);
                clip.patientId = row.int64(2);
                clip.pseudonym = row.text(3);
                clip.studyKey = row.text(4);
                clip.studyDescription = row.text(5);
                clip.sourcePath = row.text(6);
                clip.contentHash = row.text(7);
                clip.frameCount = int(row.int64(8));
                clip.frameRate = row.optionalReal(9);
                result << clip;
            });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<QList<ReviewLabel>> Catalogue::reviewLabels()
{
    QList<ReviewLabel> result;
    Status s = run("SELECT l.frame_id, f.clip_id, s.patient_id, f.frame_index, l.reader_id, "
                   "l.value, l.labelled_at FROM label l JOIN frame f ON f.id = l.frame_id "
                   "JOIN clip c ON c.id = f.clip_id JOIN study s ON s.id = c.study_id "
                   "ORDER BY l.frame_id, l.reader_id",
                   {}, QStringLiteral("reading labels for review"),
                   [&](const SqliteStatement &row) { result << readReviewLabel(row); });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<QList<ReviewLabel>> Catalogue::clipLabels(ClipId clip)
{
    QList<ReviewLabel> result;
    Status s = run(
        "SELECT l.frame_id, f.clip_id, s.patient_id, f.frame_index, l.reader_id, l.value, "
        "l.labelled_at FROM frame f JOIN label l ON l.frame_id = f.id "
        "JOIN clip c ON c.id = f.clip_id JOIN study s ON s.id = c.study_id "
        "WHERE f.clip_id = ?1 ORDER BY f.frame_index, l.reader_id",
        [&](SqliteStatement &st) { st.bind(1, clip); },
        QStringLiteral("reading the labels of clip %1").arg(clip),
        [&](const SqliteStatement &row) { result << readReviewLabel(row); });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<QList<AdjudicationRecord>> Catalogue::adjudications()
{
    QList<AdjudicationRecord> result;
    Status s =
        run("SELECT frame_id, reader_id, value, decided_at FROM adjudication "
            "ORDER BY frame_id",
            {}, QStringLiteral("reading adjudications"), [&](const SqliteStatement &row) {
                result << AdjudicationRecord{
                    row.int64(0), row.int64(1),
                    parseLabelValue(row.text(2)).value_or(LabelValue::Ungradable), row.int64(3)};
            });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<QList<QPair<int, AdjudicationRecord>>> Catalogue::clipAdjudications(ClipId clip)
{
    QList<QPair<int, AdjudicationRecord>> result;
    Status s = run(
        "SELECT f.frame_index, a.frame_id, a.reader_id, a.value, a.decided_at FROM adjudication a "
        "JOIN frame f ON f.id = a.frame_id WHERE f.clip_id = ?1 ORDER BY f.frame_index",
        [&](SqliteStatement &st) { st.bind(1, clip); },
        QStringLiteral("reading the adjudications of clip %1").arg(clip),
        [&](const SqliteStatement &row) {
            result << qMakePair(
                int(row.int64(0)),
                AdjudicationRecord{row.int64(1), row.int64(2),
                                   parseLabelValue(row.text(3)).value_or(LabelValue::Ungradable),
                                   row.int64(4)});
        });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<QList<FrameId>> Catalogue::clipFrameIds(ClipId clip)
{
    QList<FrameId> result;
    Status s = run(
        "SELECT id FROM frame WHERE clip_id = ?1 ORDER BY frame_index",
        [&](SqliteStatement &st) { st.bind(1, clip); },
        QStringLiteral("reading the frames of clip %1").arg(clip),
        [&](const SqliteStatement &row) { result << row.int64(0); });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<QList<std::optional<double>>> Catalogue::clipProbabilities(ClipId clip, int frameCount)
{
    QList<std::optional<double>> result;
    bool any = false;
    result.resize(qMax(frameCount, 0));
    Status s = run(
        "SELECT f.frame_index, p.probability FROM prediction p JOIN frame f ON f.id = p.frame_id "
        "WHERE f.clip_id = ?1 AND p.fold = -1 "
        "AND p.model_version_id = (SELECT max(id) FROM model_version)",
        [&](SqliteStatement &st) { st.bind(1, clip); },
        QStringLiteral("reading the predictions of clip %1").arg(clip),
        [&](const SqliteStatement &row) {
            const qint64 index = row.int64(0);
            if (index >= 0 && index < result.size()) {
                result[int(index)] = row.real(1);
                any = true;
            }
        });
    if (!s)
        return makeError(s.error());
    if (!any)
        result.clear();
    return result;
}

Expected<QList<UncertainFrame>> Catalogue::uncertainFrames(ReaderId reader, int limit)
{
    QList<UncertainFrame> result;
    Status s = run(
        "SELECT p.frame_id, f.clip_id, s.patient_id, f.frame_index, p.probability "
        "FROM prediction p JOIN frame f ON f.id = p.frame_id JOIN clip c ON c.id = f.clip_id "
        "JOIN study s ON s.id = c.study_id "
        "WHERE p.fold = -1 AND p.model_version_id = (SELECT max(id) FROM model_version) "
        "AND NOT EXISTS (SELECT 1 FROM label l WHERE l.frame_id = p.frame_id "
        "AND l.reader_id = ?1) ORDER BY abs(p.probability - 0.5), p.frame_id LIMIT ?2",
        [&](SqliteStatement &st) {
            st.bind(1, reader);
            st.bind(2, limit);
        },
        QStringLiteral("finding uncertain frames"),
        [&](const SqliteStatement &row) {
            result << UncertainFrame{row.int64(0), row.int64(1), row.int64(2), int(row.int64(3)),
                                     row.real(4)};
        });
    if (!s)
        return makeError(s.error());
    return result;
}

} // namespace iouslab
