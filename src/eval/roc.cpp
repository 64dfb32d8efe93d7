#include "eval/roc.h"

#include <cassert>
#include <limits>

namespace iouslab {

RocCurve RocCurve::withoutIntermediatePoints() const
{
    // scikit-learn applies its rule before it prepends the (0, 0) point, and only to more
    // than two points; the same order keeps the two curves identical.
    if (points.size() <= 3)
        return *this;

    RocCurve thinned;
    thinned.points.push_back(points.front());
    const std::size_t last = points.size() - 1;
    for (std::size_t i = 1; i <= last; ++i) {
        bool keep = i == 1 || i == last;
        if (!keep) {
            // Counts, not rates: equal steps in counts can give rate steps that differ in the
            // last bit, and scikit-learn tests its counts.
            const RocPoint &a = points[i - 1];
            const RocPoint &b = points[i];
            const RocPoint &c = points[i + 1];
            const bool straightFp =
                c.falsePositives - b.falsePositives == b.falsePositives - a.falsePositives;
            const bool straightTp =
                c.truePositives - b.truePositives == b.truePositives - a.truePositives;
            keep = !(straightFp && straightTp);
        }
        if (keep)
            thinned.points.push_back(points[i]);
    }
    return thinned;
}

Expected<RocCurve> rocCurve(const Predictions &predictions)
{
    if (Status status = checkBothClasses(predictions, "a ROC curve"); !status)
        return makeError(status.error());
    Expected<ScoreRanking> ranking = ScoreRanking::rank(predictions);
    if (!ranking)
        return makeError(ranking.error());
    return rocCurve(*ranking);
}

RocCurve rocCurve(const ScoreRanking &ranking)
{
    assert(ranking.lesionCount() > 0 && ranking.normalCount() > 0);
    const double lesions = static_cast<double>(ranking.lesionCount());
    const double normals = static_cast<double>(ranking.normalCount());

    RocCurve curve;
    curve.points.reserve(ranking.groups().size() + 1);
    curve.points.push_back({std::numeric_limits<double>::infinity(), 0.0, 0.0, 0, 0});
    std::int64_t truePositives = 0;
    std::int64_t falsePositives = 0;
    for (const ScoreRanking::Group &group : ranking.groups()) {
        truePositives += group.lesions;
        falsePositives += group.normals;
        curve.points.push_back({group.score, static_cast<double>(falsePositives) / normals,
                                static_cast<double>(truePositives) / lesions, falsePositives,
                                truePositives});
    }
    return curve;
}

Expected<double> rocAuc(const Predictions &predictions)
{
    if (Status status = checkBothClasses(predictions, "the AUC"); !status)
        return makeError(status.error());
    Expected<ScoreRanking> ranking = ScoreRanking::rank(predictions);
    if (!ranking)
        return makeError(ranking.error());
    return rocAuc(*ranking);
}

double rocAuc(const ScoreRanking &ranking)
{
    assert(ranking.lesionCount() > 0 && ranking.normalCount() > 0);
    const double pairs = 2.0 * static_cast<double>(ranking.lesionCount()) *
                         static_cast<double>(ranking.normalCount());
    return static_cast<double>(ranking.twiceMannWhitney()) / pairs;
}

} // namespace iouslab
