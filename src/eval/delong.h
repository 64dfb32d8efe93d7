#pragma once

#include "core/expected.h"
#include "eval/predictions.h"
#include "eval/scoreranking.h"

namespace iouslab {

/// The AUC with its DeLong variance and a normal-approximation confidence interval.
struct AucInterval
{
    double auc = 0.0;
    double variance = 0.0;
    double standardError = 0.0;
    double confidence = 0.95;
    /// auc -/+ z * standardError, clipped to [0, 1].
    double lower = 0.0;
    double upper = 0.0;
};

/// Two models' AUCs on the same frames and DeLong's test of their difference.
struct PairedAucComparison
{
    AucInterval first;
    AucInterval second;
    /// first.auc - second.auc
    double difference = 0.0;
    /// Covariance of the two AUC estimates; the variance of the difference is
    /// first.variance + second.variance - 2 * covariance.
    double covariance = 0.0;
    double variance = 0.0;
    double standardError = 0.0;
    /// difference -/+ z * standardError, clipped to [-1, 1].
    double lower = 0.0;
    double upper = 0.0;
    /// difference / standardError; 0 when both are 0.
    double z = 0.0;
    /// Two-sided p-value of "the two AUCs are equal"; 1 when the difference and its standard
    /// error are both 0, 0 when only the standard error is.
    double pValue = 1.0;
};

/// The AUC of predictions with its DeLong (1988) variance, computed in O(n log n) from
/// midranks (Sun and Xu 2014): one sort of the scores gives every placement value. Needs at
/// least two lesion and two normal frames (the variance divides by count - 1); fails with a
/// message otherwise, or on invalid predictions. confidence is in (0, 1).
///
/// DeLong treats frames as independent. Frames of one patient are not, so on a cine loop
/// this interval is too narrow; the patient-level interval is bootstrapAuc's.
Expected<AucInterval> deLongAuc(const Predictions &predictions, double confidence = 0.95);
/// As above from a ranking already made (an assert guards the counts).
AucInterval deLongAuc(const ScoreRanking &ranking, double confidence = 0.95);

/// DeLong's comparison of two models scored on the same frames (paired AUCs): first and
/// second must hold the same frames in the same order with the same labels; fails otherwise.
Expected<PairedAucComparison> deLongPaired(const Predictions &first, const Predictions &second,
                                           double confidence = 0.95);

} // namespace iouslab
