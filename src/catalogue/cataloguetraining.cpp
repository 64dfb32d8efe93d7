// Queries for background training: how much labelling happened since a model was trained.
#include "catalogue/catalogue.h"
#include "catalogue/sqlitestatement.h"

namespace iouslab {

Expected<std::optional<qint64>> Catalogue::latestModelVersionTime()
{
    std::optional<qint64> latest;
    Status s = run("SELECT MAX(created_at) FROM model_version", {},
                   QStringLiteral("reading the time of the latest model version"),
                   [&](const SqliteStatement &row) { latest = row.optionalInt64(0); });
    if (!s)
        return makeError(s.error());
    return latest;
}

Expected<qint64> Catalogue::labelChangesSince(qint64 fromMs)
{
    // Every change counts, a relabel or a clearing as much as a new label: each can move the
    // reference label the classifier learns from. The count scans label_audit, which has no
    // index on changed_at: a few milliseconds per hundred thousand changes, paid once per label
    // write by auto-retrain; an index in a new schema file would make it a range count.
    qint64 count = 0;
    Status s = run(
        "SELECT COUNT(*) FROM label_audit WHERE changed_at >= ?1",
        [&](SqliteStatement &st) { st.bind(1, fromMs); }, QStringLiteral("counting label changes"),
        [&](const SqliteStatement &row) { count = row.int64(0); });
    if (!s)
        return makeError(s.error());
    return count;
}

} // namespace iouslab
