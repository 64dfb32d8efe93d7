#pragma once

#include "core/expected.h"
#include "eval/predictions.h"

#include <cstdint>
#include <vector>

namespace iouslab {

/// The mean squared difference between score and reference label, for scores that are
/// probabilities. Fails on invalid predictions or a score outside [0, 1].
Expected<double> brierScore(const Predictions &predictions);

/// How calibration bins are laid out over [0, 1].
enum class CalibrationBinning
{
    Uniform,  ///< equal width: edges at 0, 1/k, 2/k, ..., 1
    Quantile, ///< equal counts: edges at the 0, 1/k, ..., 1 quantiles of the scores
};

/// One non-empty bin of a calibration curve.
struct CalibrationBin
{
    /// The mean score of the bin's frames.
    double meanScore = 0.0;
    /// The share of the bin's frames that are lesions.
    double lesionFraction = 0.0;
    std::int64_t frames = 0;
};

/// The calibration curve (reliability diagram) of probability scores in binCount bins. A score
/// on an inner edge belongs to the bin below it; empty bins are left out. Matches
/// sklearn.calibration.calibration_curve (strategy 'uniform' or 'quantile') bin for bin, its
/// edge arithmetic included. Fails on invalid predictions, scores outside [0, 1] or binCount
/// below 1.
Expected<std::vector<CalibrationBin>>
calibrationCurve(const Predictions &predictions, int binCount = 10,
                 CalibrationBinning binning = CalibrationBinning::Uniform);

} // namespace iouslab
