#pragma once

#include "core/expected.h"
#include "eval/binarymetrics.h"
#include "eval/predictions.h"
#include "eval/scoreranking.h"

namespace iouslab {

/// A threshold chosen to reach a target sensitivity, with what it gave on the frames it was
/// chosen on.
struct OperatingPoint
{
    double threshold = 0.0;
    double targetSensitivity = 0.99;
    /// On the frames the threshold was chosen on (validation frames).
    ConfusionMatrix chosenOn;
};

/// A threshold chosen on validation frames and then applied to test frames.
struct OperatingPointEvaluation
{
    OperatingPoint point;
    /// On the test frames, at point.threshold.
    ConfusionMatrix test;
};

/// The highest threshold whose sensitivity on the given (validation) frames is at least
/// targetSensitivity, sensitivity being TP / (TP + FN) in double arithmetic. The threshold is
/// always one of the scores, so the frames scoring exactly it are called lesions. Needs at
/// least one lesion frame and targetSensitivity in (0, 1]; fails with a message otherwise.
Expected<OperatingPoint> operatingPointForSensitivity(const Predictions &validation,
                                                      double targetSensitivity = 0.99);
/// As above from a ranking already made, which must hold a lesion frame (an assert guards it).
OperatingPoint operatingPointForSensitivity(const ScoreRanking &ranking,
                                            double targetSensitivity = 0.99);

/// The study's procedure: chooses the threshold on validation frames and reports the test
/// frames' confusion matrix there (its specificity is "specificity at 99 % sensitivity").
Expected<OperatingPointEvaluation> evaluateOperatingPoint(const Predictions &validation,
                                                          const Predictions &test,
                                                          double targetSensitivity = 0.99);

} // namespace iouslab
