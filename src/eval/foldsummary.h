#pragma once

#include "core/expected.h"

#include <QString>

#include <optional>
#include <vector>

namespace iouslab {

/// One figure over the folds of a cross-validation, summarised as the published study reports
/// it: mean +/- standard deviation. The standard deviation is the sample one (divisor
/// folds - 1), the usual reading of the study's "80.2 +/- 2.9 %"; with one fold it is
/// std::nullopt.
struct FoldSummary
{
    int folds = 0;
    double mean = 0.0;
    std::optional<double> standardDeviation;
    double minimum = 0.0;
    double maximum = 0.0;

    /// "80.2 ± 2.9 %" for a mean of 0.802 and SD of 0.029 with one decimal; "80.2 %" when
    /// there is no SD.
    QString toPercentText(int decimals = 1) const;
};

/// Summarises per-fold values. Fails on no values or a value that is not finite (a fold whose
/// figure is undefined must be left out, and said so, by the caller).
Expected<FoldSummary> summarizeFolds(const std::vector<double> &values);

} // namespace iouslab
