#include "eval/calibration.h"

#include "eval/statistics.h"

#include <algorithm>

namespace iouslab {

namespace {

Status checkProbabilities(const Predictions &predictions)
{
    if (Status status = checkPredictions(predictions); !status)
        return status;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const double score = predictions.scores[i];
        if (score < 0.0 || score > 1.0) {
            return makeError(QStringLiteral("frame %1 has score %2, outside [0, 1]; this figure "
                                            "needs probabilities")
                                 .arg(i)
                                 .arg(score));
        }
    }
    return {};
}

// numpy.linspace(0, 1, count + 1): i * (1 / count), with the last edge set to 1 exactly.
// Reproducing its arithmetic matters: a score such as 0.6 lies on the edge 3 * 0.2 or just
// below it depending on how the edge was computed, and that decides its bin.
std::vector<double> evenFractions(int binCount)
{
    const double step = 1.0 / binCount;
    std::vector<double> fractions(binCount + 1);
    for (int i = 0; i < binCount; ++i)
        fractions[i] = i * step + 0.0;
    fractions[binCount] = 1.0;
    return fractions;
}

std::vector<double> binEdges(const Predictions &predictions, int binCount,
                             CalibrationBinning binning)
{
    std::vector<double> edges = evenFractions(binCount);
    if (binning == CalibrationBinning::Uniform)
        return edges;

    // scikit-learn calls numpy.percentile(scores, fractions * 100), which divides by 100 again.
    std::vector<double> sorted = predictions.scores;
    std::sort(sorted.begin(), sorted.end());
    for (double &edge : edges)
        edge = linearQuantile(sorted, (edge * 100.0) / 100.0);
    return edges;
}

} // namespace

Expected<double> brierScore(const Predictions &predictions)
{
    if (Status status = checkProbabilities(predictions); !status)
        return makeError(status.error());

    double sum = 0.0;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const double difference = predictions.labels[i] - predictions.scores[i];
        sum += difference * difference;
    }
    return sum / static_cast<double>(predictions.size());
}

Expected<std::vector<CalibrationBin>> calibrationCurve(const Predictions &predictions, int binCount,
                                                       CalibrationBinning binning)
{
    if (binCount < 1)
        return makeError(QStringLiteral("a calibration curve needs at least one bin"));
    if (Status status = checkProbabilities(predictions); !status)
        return makeError(status.error());

    const std::vector<double> edges = binEdges(predictions, binCount, binning);
    const auto innerBegin = edges.begin() + 1;
    const auto innerEnd = edges.end() - 1;
    std::vector<double> scoreSums(binCount, 0.0);
    std::vector<std::int64_t> lesions(binCount, 0);
    std::vector<std::int64_t> frames(binCount, 0);
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        // numpy.searchsorted(inner edges, score) with side 'left': the count of inner edges
        // strictly below the score.
        const double score = predictions.scores[i];
        const auto bin = std::lower_bound(innerBegin, innerEnd, score) - innerBegin;
        scoreSums[bin] += score;
        lesions[bin] += predictions.labels[i];
        ++frames[bin];
    }

    std::vector<CalibrationBin> curve;
    for (int bin = 0; bin < binCount; ++bin) {
        if (frames[bin] == 0)
            continue;
        const double count = static_cast<double>(frames[bin]);
        curve.push_back({scoreSums[bin] / count, lesions[bin] / count, frames[bin]});
    }
    return curve;
}

} // namespace iouslab
