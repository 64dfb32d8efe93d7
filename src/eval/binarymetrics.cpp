#include "eval/binarymetrics.h"

#include <cmath>

namespace iouslab {

namespace {

std::optional<double> ratio(std::int64_t numerator, std::int64_t denominator)
{
    if (denominator == 0)
        return std::nullopt;
    return static_cast<double>(numerator) / static_cast<double>(denominator);
}

} // namespace

std::int64_t ConfusionMatrix::total() const
{
    return truePositives + falsePositives + trueNegatives + falseNegatives;
}

std::optional<double> ConfusionMatrix::accuracy() const
{
    return ratio(truePositives + trueNegatives, total());
}

std::optional<double> ConfusionMatrix::sensitivity() const
{
    return ratio(truePositives, truePositives + falseNegatives);
}

std::optional<double> ConfusionMatrix::specificity() const
{
    return ratio(trueNegatives, trueNegatives + falsePositives);
}

std::optional<double> ConfusionMatrix::ppv() const
{
    return ratio(truePositives, truePositives + falsePositives);
}

std::optional<double> ConfusionMatrix::npv() const
{
    return ratio(trueNegatives, trueNegatives + falseNegatives);
}

std::optional<double> ConfusionMatrix::f1() const
{
    return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
}

std::optional<double> ConfusionMatrix::balancedAccuracy() const
{
    const std::optional<double> lesionRecall = sensitivity();
    const std::optional<double> normalRecall = specificity();
    if (!lesionRecall || !normalRecall)
        return std::nullopt;
    return (*lesionRecall + *normalRecall) / 2.0;
}

ConfusionMatrix &ConfusionMatrix::operator+=(const ConfusionMatrix &other)
{
    truePositives += other.truePositives;
    falsePositives += other.falsePositives;
    trueNegatives += other.trueNegatives;
    falseNegatives += other.falseNegatives;
    return *this;
}

bool ConfusionMatrix::operator==(const ConfusionMatrix &other) const
{
    return truePositives == other.truePositives && falsePositives == other.falsePositives &&
           trueNegatives == other.trueNegatives && falseNegatives == other.falseNegatives;
}

Expected<ConfusionMatrix> confusionAt(const Predictions &predictions, double threshold)
{
    if (std::isnan(threshold))
        return makeError(QStringLiteral("the threshold is not a number"));
    if (Status status = checkPredictions(predictions); !status)
        return makeError(status.error());

    ConfusionMatrix matrix;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const bool flagged = predictions.scores[i] >= threshold;
        if (predictions.labels[i] == 1)
            ++(flagged ? matrix.truePositives : matrix.falseNegatives);
        else
            ++(flagged ? matrix.falsePositives : matrix.trueNegatives);
    }
    return matrix;
}

} // namespace iouslab
