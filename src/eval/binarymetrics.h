#pragma once

#include "core/expected.h"
#include "eval/predictions.h"

#include <cstdint>
#include <optional>

namespace iouslab {

/// Frame counts at one threshold (score >= threshold is called a lesion), and the study's
/// figures derived from them. A figure whose denominator is zero is std::nullopt, never NaN
/// and never silently 0 (scikit-learn reports 0 with a warning there).
struct ConfusionMatrix
{
    std::int64_t truePositives = 0;
    std::int64_t falsePositives = 0;
    std::int64_t trueNegatives = 0;
    std::int64_t falseNegatives = 0;

    std::int64_t total() const;
    std::int64_t lesions() const { return truePositives + falseNegatives; }
    std::int64_t normals() const { return trueNegatives + falsePositives; }

    std::optional<double> accuracy() const;
    /// Recall of lesions: TP / (TP + FN).
    std::optional<double> sensitivity() const;
    /// Recall of normals: TN / (TN + FP).
    std::optional<double> specificity() const;
    /// Precision: TP / (TP + FP).
    std::optional<double> ppv() const;
    /// TN / (TN + FN).
    std::optional<double> npv() const;
    /// 2 TP / (2 TP + FP + FN), the harmonic mean of PPV and sensitivity.
    std::optional<double> f1() const;
    /// The mean of sensitivity and specificity; needs both classes.
    std::optional<double> balancedAccuracy() const;

    ConfusionMatrix &operator+=(const ConfusionMatrix &other);
    bool operator==(const ConfusionMatrix &other) const;
};

/// The confusion matrix of checked predictions at threshold; fails on invalid predictions or
/// a NaN threshold.
Expected<ConfusionMatrix> confusionAt(const Predictions &predictions, double threshold);

} // namespace iouslab
