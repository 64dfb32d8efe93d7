#include "eval/delong.h"

#include "eval/roc.h"
#include "eval/statistics.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

namespace iouslab {

namespace {

// The placement values of one ranking, per score group. A lesion frame's value is the share
// of normal frames it outscores (ties count one half); a normal frame's is the share of lesion
// frames that outscore it. These equal Sun and Xu's midrank differences (T_z - T_x) / n and
// 1 - (T_z - T_y) / m, read off one descending sweep instead of three sorts.
struct Placements
{
    std::vector<double> lesion;
    std::vector<double> normal;
};

Placements placements(const ScoreRanking &ranking)
{
    const double lesions = static_cast<double>(ranking.lesionCount());
    const double normals = static_cast<double>(ranking.normalCount());
    Placements result;
    result.lesion.reserve(ranking.groups().size());
    result.normal.reserve(ranking.groups().size());

    std::int64_t lesionsAbove = 0;
    std::int64_t normalsAbove = 0;
    for (const ScoreRanking::Group &group : ranking.groups()) {
        const std::int64_t normalsBelow = ranking.normalCount() - normalsAbove - group.normals;
        result.lesion.push_back((normalsBelow + 0.5 * group.normals) / normals);
        result.normal.push_back((lesionsAbove + 0.5 * group.lesions) / lesions);
        lesionsAbove += group.lesions;
        normalsAbove += group.normals;
    }
    return result;
}

void setInterval(AucInterval &interval, double confidence)
{
    const double z = normalQuantile(0.5 + confidence / 2.0);
    interval.confidence = confidence;
    interval.standardError = std::sqrt(std::max(interval.variance, 0.0));
    interval.lower = std::max(0.0, interval.auc - z * interval.standardError);
    interval.upper = std::min(1.0, interval.auc + z * interval.standardError);
}

Status checkDeLongCounts(const Predictions &predictions)
{
    if (Status status = checkPredictions(predictions); !status)
        return status;
    const std::int64_t lesions = predictions.lesionCount();
    const std::int64_t normals = static_cast<std::int64_t>(predictions.size()) - lesions;
    if (lesions < 2 || normals < 2) {
        return makeError(QStringLiteral("the DeLong interval needs at least two lesion and two "
                                        "normal frames; got %1 lesion and %2 normal frames")
                             .arg(lesions)
                             .arg(normals));
    }
    return {};
}

bool validConfidence(double confidence)
{
    return confidence > 0.0 && confidence < 1.0;
}

} // namespace

Expected<AucInterval> deLongAuc(const Predictions &predictions, double confidence)
{
    if (!validConfidence(confidence))
        return makeError(QStringLiteral("confidence %1 is not in (0, 1)").arg(confidence));
    if (Status status = checkDeLongCounts(predictions); !status)
        return makeError(status.error());
    Expected<ScoreRanking> ranking = ScoreRanking::rank(predictions);
    if (!ranking)
        return makeError(ranking.error());
    return deLongAuc(*ranking, confidence);
}

AucInterval deLongAuc(const ScoreRanking &ranking, double confidence)
{
    assert(ranking.lesionCount() >= 2 && ranking.normalCount() >= 2);
    const Placements values = placements(ranking);

    AucInterval interval;
    interval.auc = rocAuc(ranking);
    double lesionSquares = 0.0;
    double normalSquares = 0.0;
    for (std::size_t g = 0; g < ranking.groups().size(); ++g) {
        const ScoreRanking::Group &group = ranking.groups()[g];
        const double lesionDeviation = values.lesion[g] - interval.auc;
        const double normalDeviation = values.normal[g] - interval.auc;
        lesionSquares += group.lesions * lesionDeviation * lesionDeviation;
        normalSquares += group.normals * normalDeviation * normalDeviation;
    }
    const double lesions = static_cast<double>(ranking.lesionCount());
    const double normals = static_cast<double>(ranking.normalCount());
    interval.variance =
        lesionSquares / (lesions - 1.0) / lesions + normalSquares / (normals - 1.0) / normals;
    setInterval(interval, confidence);
    return interval;
}

Expected<PairedAucComparison> deLongPaired(const Predictions &first, const Predictions &second,
                                           double confidence)
{
    if (!validConfidence(confidence))
        return makeError(QStringLiteral("confidence %1 is not in (0, 1)").arg(confidence));
    if (Status status = checkDeLongCounts(first); !status)
        return makeError(QStringLiteral("first model: %1").arg(status.error()));
    if (Status status = checkDeLongCounts(second); !status)
        return makeError(QStringLiteral("second model: %1").arg(status.error()));
    if (first.labels != second.labels) {
        return makeError(QStringLiteral("the two models were not scored on the same frames: "
                                        "their reference labels differ"));
    }

    Expected<ScoreRanking> firstRanking = ScoreRanking::rank(first);
    Expected<ScoreRanking> secondRanking = ScoreRanking::rank(second);
    if (!firstRanking)
        return makeError(firstRanking.error());
    if (!secondRanking)
        return makeError(secondRanking.error());

    PairedAucComparison comparison;
    comparison.first = deLongAuc(*firstRanking, confidence);
    comparison.second = deLongAuc(*secondRanking, confidence);

    // The covariance pairs each frame's placement value under one model with its value under
    // the other, which is where the pairing (same frames) enters.
    const Placements firstValues = placements(*firstRanking);
    const Placements secondValues = placements(*secondRanking);
    const std::vector<std::int32_t> &firstGroup = firstRanking->groupOfFrame();
    const std::vector<std::int32_t> &secondGroup = secondRanking->groupOfFrame();
    double lesionProducts = 0.0;
    double normalProducts = 0.0;
    for (std::size_t i = 0; i < first.size(); ++i) {
        if (first.labels[i] == 1) {
            lesionProducts += (firstValues.lesion[firstGroup[i]] - comparison.first.auc) *
                              (secondValues.lesion[secondGroup[i]] - comparison.second.auc);
        } else {
            normalProducts += (firstValues.normal[firstGroup[i]] - comparison.first.auc) *
                              (secondValues.normal[secondGroup[i]] - comparison.second.auc);
        }
    }
    const double lesions = static_cast<double>(firstRanking->lesionCount());
    const double normals = static_cast<double>(firstRanking->normalCount());
    comparison.covariance =
        lesionProducts / (lesions - 1.0) / lesions + normalProducts / (normals - 1.0) / normals;

    comparison.difference = comparison.first.auc - comparison.second.auc;
    comparison.variance = std::max(0.0, comparison.first.variance + comparison.second.variance -
                                            2.0 * comparison.covariance);
    comparison.standardError = std::sqrt(comparison.variance);
    const double z = normalQuantile(0.5 + confidence / 2.0);
    comparison.lower = std::max(-1.0, comparison.difference - z * comparison.standardError);
    comparison.upper = std::min(1.0, comparison.difference + z * comparison.standardError);
    if (comparison.standardError > 0.0) {
        comparison.z = comparison.difference / comparison.standardError;
        comparison.pValue = twoSidedNormalPValue(comparison.z);
    } else {
        comparison.z = 0.0;
        comparison.pValue = comparison.difference == 0.0 ? 1.0 : 0.0;
    }
    return comparison;
}

} // namespace iouslab
