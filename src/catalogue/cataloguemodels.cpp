// Model versions and their predictions.
#include "catalogue/catalogue.h"
#include "catalogue/sqlitestatement.h"

namespace iouslab {

namespace {

ModelVersionRecord readModelVersion(const SqliteStatement &row)
{
    ModelVersionRecord version;
    version.id = row.int64(0);
    version.parentId = row.optionalInt64(1);
    version.createdAtMs = row.int64(2);
    version.architecture = row.text(3);
    version.settingsJson = row.text(4);
    version.labelSnapshot = row.text(5);
    version.labelHash = row.text(6);
    version.weightsPath = row.text(7);
    version.weightsHash = row.text(8);
    version.metricsJson = row.text(9);
    version.lockedThreshold = row.optionalReal(10);
    return version;
}

constexpr const char *modelVersionSelect =
    "SELECT id, parent_id, created_at, architecture, settings_json, label_snapshot, label_hash, "
    "weights_path, weights_hash, metrics_json, locked_threshold FROM model_version";

} // namespace

Expected<ModelVersionId> Catalogue::addModelVersion(const ModelVersionRecord &version)
{
    return insert(
        "INSERT INTO model_version (parent_id, created_at, architecture, settings_json, "
        "label_snapshot, label_hash, weights_path, weights_hash, metrics_json, locked_threshold) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        [&](SqliteStatement &st) {
            st.bind(1, version.parentId);
            st.bind(2, version.createdAtMs ? version.createdAtMs : nowMs());
            st.bind(3, version.architecture);
            st.bind(4, version.settingsJson);
            st.bind(5, version.labelSnapshot);
            st.bind(6, version.labelHash);
            st.bind(7, version.weightsPath);
            st.bind(8, version.weightsHash);
            st.bind(9, version.metricsJson);
            st.bind(10, version.lockedThreshold);
        },
        QStringLiteral("adding a model version"));
}

Expected<std::optional<ModelVersionRecord>> Catalogue::modelVersion(ModelVersionId id)
{
    static const std::string sql = std::string(modelVersionSelect) + " WHERE id = ?1";
    std::optional<ModelVersionRecord> found;
    Status s = run(
        sql.c_str(), [&](SqliteStatement &st) { st.bind(1, id); },
        QStringLiteral("reading a model version"),
        [&](const SqliteStatement &row) { found = readModelVersion(row); });
    if (!s)
        return makeError(s.error());
    return found;
}

Expected<QList<ModelVersionRecord>> Catalogue::modelVersions()
{
    static const std::string sql = std::string(modelVersionSelect) + " ORDER BY id";
    QList<ModelVersionRecord> result;
    Status s = run(sql.c_str(), {}, QStringLiteral("listing model versions"),
                   [&](const SqliteStatement &row) { result << readModelVersion(row); });
    if (!s)
        return makeError(s.error());
    return result;
}

Status Catalogue::setLockedThreshold(ModelVersionId id, std::optional<double> threshold)
{
    return run(
        "UPDATE model_version SET locked_threshold = ?2 WHERE id = ?1",
        [&](SqliteStatement &st) {
            st.bind(1, id);
            st.bind(2, threshold);
        },
        QStringLiteral("locking an operating point"));
}

Status Catalogue::addPredictions(const QList<PredictionRecord> &predictions)
{
    for (const PredictionRecord &prediction : predictions) {
        Status s = run(
            "INSERT OR REPLACE INTO prediction (model_version_id, frame_id, fold, probability) "
            "VALUES (?1, ?2, ?3, ?4)",
            [&](SqliteStatement &st) {
                st.bind(1, prediction.modelVersionId);
                st.bind(2, prediction.frameId);
                st.bind(3, prediction.fold);
                st.bind(4, prediction.probability);
            },
            QStringLiteral("saving predictions"));
        if (!s)
            return s;
    }
    return {};
}

Expected<QList<PredictionRecord>> Catalogue::predictions(ModelVersionId id)
{
    QList<PredictionRecord> result;
    Status s = run(
        "SELECT model_version_id, frame_id, fold, probability FROM prediction "
        "WHERE model_version_id = ?1 ORDER BY frame_id, fold",
        [&](SqliteStatement &st) { st.bind(1, id); }, QStringLiteral("reading predictions"),
        [&](const SqliteStatement &row) {
            result << PredictionRecord{row.int64(0), row.int64(1), int(row.int64(2)), row.real(3)};
        });
    if (!s)
        return makeError(s.error());
    return result;
}

} // namespace iouslab
