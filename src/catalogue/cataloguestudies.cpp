// Patients, studies, clips and frames.
#include "catalogue/catalogue.h"
#include "catalogue/sqlitestatement.h"

namespace iouslab {

namespace {

constexpr const char *clipColumns =
    "id, study_id, source_path, content_hash, instance_key, kind, frame_count, frame_rate, "
    "width, height, region_x, region_y, region_width, region_height, imported_at";

ClipRecord readClip(const SqliteStatement &row)
{
    ClipRecord clip;
    clip.id = row.int64(0);
    clip.studyId = row.int64(1);
    clip.sourcePath = row.text(2);
    clip.contentHash = row.text(3);
    clip.instanceKey = row.text(4);
    clip.kind = parseClipKind(row.text(5)).value_or(ClipKind::Dicom);
    clip.frameCount = int(row.int64(6));
    clip.frameRate = row.optionalReal(7);
    clip.width = int(row.int64(8));
    clip.height = int(row.int64(9));
    clip.region =
        QRect(int(row.int64(10)), int(row.int64(11)), int(row.int64(12)), int(row.int64(13)));
    clip.importedAtMs = row.int64(14);
    return clip;
}

PatientRecord readPatient(const SqliteStatement &row)
{
    return PatientRecord{row.int64(0), row.text(1), row.int64(2)};
}

StudyRecord readStudy(const SqliteStatement &row)
{
    return StudyRecord{row.int64(0), row.int64(1), row.text(2), row.text(3), row.int64(4)};
}

} // namespace

Expected<PatientId> Catalogue::addPatient(const QString &pseudonym)
{
    return insert(
        "INSERT INTO patient (pseudonym, created_at) VALUES (?1, ?2)",
        [&](SqliteStatement &st) {
            st.bind(1, pseudonym);
            st.bind(2, nowMs());
        },
        QStringLiteral("adding a patient"));
}

Expected<std::optional<PatientRecord>> Catalogue::findPatient(const QString &pseudonym)
{
    std::optional<PatientRecord> found;
    Status s = run(
        "SELECT id, pseudonym, created_at FROM patient WHERE pseudonym = ?1",
        [&](SqliteStatement &st) { st.bind(1, pseudonym); }, QStringLiteral("finding a patient"),
        [&](const SqliteStatement &row) { found = readPatient(row); });
    if (!s)
        return makeError(s.error());
    return found;
}

Expected<QList<PatientRecord>> Catalogue::patients()
{
    QList<PatientRecord> result;
    Status s = run("SELECT id, pseudonym, created_at FROM patient ORDER BY pseudonym", {},
                   QStringLiteral("listing patients"),
                   [&](const SqliteStatement &row) { result << readPatient(row); });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<StudyId> Catalogue::addStudy(const StudyRecord &study)
{
    return insert(
        "INSERT INTO study (patient_id, study_key, description, created_at) "
        "VALUES (?1, ?2, ?3, ?4)",
        [&](SqliteStatement &st) {
            st.bind(1, study.patientId);
            st.bind(2, study.studyKey);
            st.bind(3, study.description);
            st.bind(4, study.createdAtMs ? study.createdAtMs : nowMs());
        },
        QStringLiteral("adding a study"));
}

Expected<std::optional<StudyRecord>> Catalogue::findStudy(PatientId patient,
                                                          const QString &studyKey)
{
    std::optional<StudyRecord> found;
    Status s = run(
        "SELECT id, patient_id, study_key, description, created_at FROM study "
        "WHERE patient_id = ?1 AND study_key = ?2",
        [&](SqliteStatement &st) {
            st.bind(1, patient);
            st.bind(2, studyKey);
        },
        QStringLiteral("finding a study"),
        [&](const SqliteStatement &row) { found = readStudy(row); });
    if (!s)
        return makeError(s.error());
    return found;
}

Expected<QList<StudyRecord>> Catalogue::studies(PatientId patient)
{
    QList<StudyRecord> result;
    Status s = run(
        "SELECT id, patient_id, study_key, description, created_at FROM study "
        "WHERE patient_id = ?1 ORDER BY id",
        [&](SqliteStatement &st) { st.bind(1, patient); }, QStringLiteral("listing studies"),
        [&](const SqliteStatement &row) { result << readStudy(row); });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<ClipId> Catalogue::addClip(const ClipRecord &clip)
{
    return insert(
        "INSERT INTO clip (study_id, source_path, content_hash, instance_key, kind, frame_count, "
        "frame_rate, width, height, region_x, region_y, region_width, region_height, imported_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        [&](SqliteStatement &st) {
            st.bind(1, clip.studyId);
            st.bind(2, clip.sourcePath);
            st.bind(3, clip.contentHash);
            if (clip.instanceKey.isEmpty())
                st.bindNull(4);
            else
                st.bind(4, clip.instanceKey);
            st.bind(5, clipKindName(clip.kind));
            st.bind(6, clip.frameCount);
            st.bind(7, clip.frameRate);
            st.bind(8, clip.width);
            st.bind(9, clip.height);
            st.bind(10, clip.region.x());
            st.bind(11, clip.region.y());
            st.bind(12, clip.region.width());
            st.bind(13, clip.region.height());
            st.bind(14, clip.importedAtMs ? clip.importedAtMs : nowMs());
        },
        QStringLiteral("adding a clip"));
}

Expected<std::optional<ClipRecord>> Catalogue::clip(ClipId id)
{
    static const std::string sql =
        std::string("SELECT ") + clipColumns + " FROM clip WHERE id = ?1";
    std::optional<ClipRecord> found;
    Status s = run(
        sql.c_str(), [&](SqliteStatement &st) { st.bind(1, id); }, QStringLiteral("reading a clip"),
        [&](const SqliteStatement &row) { found = readClip(row); });
    if (!s)
        return makeError(s.error());
    return found;
}

Expected<std::optional<ClipId>> Catalogue::findClipByContentHash(const QString &hash)
{
    std::optional<ClipId> found;
    Status s = run(
        "SELECT id FROM clip WHERE content_hash = ?1",
        [&](SqliteStatement &st) { st.bind(1, hash); }, QStringLiteral("finding a clip"),
        [&](const SqliteStatement &row) { found = row.int64(0); });
    if (!s)
        return makeError(s.error());
    return found;
}

Expected<std::optional<ClipId>> Catalogue::findClipByInstanceKey(const QString &instanceKey)
{
    std::optional<ClipId> found;
    Status s = run(
        "SELECT id FROM clip WHERE instance_key = ?1",
        [&](SqliteStatement &st) { st.bind(1, instanceKey); }, QStringLiteral("finding a clip"),
        [&](const SqliteStatement &row) { found = row.int64(0); });
    if (!s)
        return makeError(s.error());
    return found;
}

Expected<QList<ClipRecord>> Catalogue::clips(StudyId study)
{
    static const std::string sql =
        std::string("SELECT ") + clipColumns + " FROM clip WHERE study_id = ?1 ORDER BY id";
    QList<ClipRecord> result;
    Status s = run(
        sql.c_str(), [&](SqliteStatement &st) { st.bind(1, study); },
        QStringLiteral("listing clips"),
        [&](const SqliteStatement &row) { result << readClip(row); });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<QList<ClipRecord>> Catalogue::allClips()
{
    static const std::string sql = std::string("SELECT ") + clipColumns + " FROM clip ORDER BY id";
    QList<ClipRecord> result;
    Status s = run(sql.c_str(), {}, QStringLiteral("listing clips"),
                   [&](const SqliteStatement &row) { result << readClip(row); });
    if (!s)
        return makeError(s.error());
    return result;
}

Status Catalogue::setClipRegion(ClipId id, const QRect &region)
{
    return run(
        "UPDATE clip SET region_x = ?2, region_y = ?3, region_width = ?4, region_height = ?5 "
        "WHERE id = ?1",
        [&](SqliteStatement &st) {
            st.bind(1, id);
            st.bind(2, region.x());
            st.bind(3, region.y());
            st.bind(4, region.width());
            st.bind(5, region.height());
        },
        QStringLiteral("correcting a clip's region"));
}

Status Catalogue::addFrames(ClipId clip, const QList<double> &timesS)
{
    for (int index = 0; index < timesS.size(); ++index) {
        Status s = run(
            "INSERT INTO frame (clip_id, frame_index, time_s) VALUES (?1, ?2, ?3)",
            [&](SqliteStatement &st) {
                st.bind(1, clip);
                st.bind(2, index);
                st.bind(3, timesS.at(index));
            },
            QStringLiteral("adding frames"));
        if (!s)
            return s;
    }
    return {};
}

Expected<QList<FrameRecord>> Catalogue::frames(ClipId clip)
{
    QList<FrameRecord> result;
    Status s = run(
        "SELECT id, clip_id, frame_index, time_s FROM frame WHERE clip_id = ?1 "
        "ORDER BY frame_index",
        [&](SqliteStatement &st) { st.bind(1, clip); }, QStringLiteral("listing frames"),
        [&](const SqliteStatement &row) {
            result << FrameRecord{row.int64(0), row.int64(1), int(row.int64(2)), row.real(3)};
        });
    if (!s)
        return makeError(s.error());
    return result;
}

Expected<std::optional<FrameId>> Catalogue::frameId(ClipId clip, int index)
{
    std::optional<FrameId> found;
    Status s = run(
        "SELECT id FROM frame WHERE clip_id = ?1 AND frame_index = ?2",
        [&](SqliteStatement &st) {
            st.bind(1, clip);
            st.bind(2, index);
        },
        QStringLiteral("finding a frame"),
        [&](const SqliteStatement &row) { found = row.int64(0); });
    if (!s)
        return makeError(s.error());
    return found;
}

} // namespace iouslab
