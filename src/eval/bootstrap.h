#pragma once

#include "core/expected.h"
#include "eval/binarymetrics.h"
#include "eval/predictions.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace iouslab {

/// Settings of a patient bootstrap. The same seed and data give the same resamples on every
/// platform: the draws use std::mt19937_64 (fully specified) and their own bounded draw,
/// not std::uniform_int_distribution (whose output the standard leaves open).
struct BootstrapOptions
{
    int resamples = 2000;
    std::uint64_t seed = 20220101;
    double confidence = 0.95;
};

/// A percentile bootstrap interval.
struct BootstrapInterval
{
    /// The figure on all frames, each once.
    double estimate = 0.0;
    /// The (1 - confidence) / 2 and (1 + confidence) / 2 quantiles of the resampled figures,
    /// interpolated linearly as numpy.percentile does by default.
    double lower = 0.0;
    double upper = 0.0;
    double confidence = 0.95;
    int resamples = 0;
    /// Resamples where the figure was undefined (for example no lesion frame drawn); they are
    /// left out of the interval, not redrawn.
    int undefinedResamples = 0;
    /// The defined resampled figures, in the order they were drawn.
    std::vector<double> values;
};

/// A figure computed on a resample, given as the indices of its frames (a frame appears once
/// per draw of its patient); std::nullopt where the resample cannot give the figure. A value
/// that is not finite counts as undefined too.
using FrameMetric = std::function<std::optional<double>(const std::vector<std::size_t> &)>;
/// A figure computed from a resample's confusion matrix.
using MatrixMetric = std::function<std::optional<double>(const ConfusionMatrix &)>;

/// The patient-clustered bootstrap: each resample draws as many patients as there are, with
/// replacement, and takes all frames of each patient drawn, so that frames of one patient,
/// which are far from independent, move together. patientOfFrame gives each frame's patient.
/// Works for any figure; metric runs once per resample. Fails with fewer than two patients,
/// resamples below 1, confidence outside (0, 1), a figure undefined on all frames, or no
/// resample where it is defined.
Expected<BootstrapInterval> bootstrapPatients(const std::vector<std::int64_t> &patientOfFrame,
                                              const FrameMetric &metric,
                                              const BootstrapOptions &options = {});

/// The patient bootstrap of the AUC, giving the same values as bootstrapPatients with an AUC
/// metric for the same seed, but without sorting any resample: the scores are ranked once and
/// each resample combines per-patient counts, so 2,000 resamples of 100,000 frames take well
/// under a second. Needs patient ids in predictions.
Expected<BootstrapInterval> bootstrapAuc(const Predictions &predictions,
                                         const BootstrapOptions &options = {});

/// The patient bootstrap of the difference of two models' AUCs (first - second) scored on the
/// same frames: each resample takes the same patients for both models, which keeps the
/// pairing. As fast as bootstrapAuc; the same values as bootstrapPatients with a metric that
/// subtracts the two AUCs. Fails when the two do not hold the same labels and patients.
Expected<BootstrapInterval> bootstrapAucDifference(const Predictions &first,
                                                   const Predictions &second,
                                                   const BootstrapOptions &options = {});

/// The patient bootstrap of a figure of the confusion matrix at threshold (sensitivity,
/// specificity, PPV, ...), from per-patient matrices. Needs patient ids in predictions.
Expected<BootstrapInterval> bootstrapAtThreshold(const Predictions &predictions, double threshold,
                                                 const MatrixMetric &metric,
                                                 const BootstrapOptions &options = {});

} // namespace iouslab
