#pragma once

#include <vector>

namespace iouslab::ml {

/// Area under the ROC curve of scores for binary labels (1 positive), ties counted half. It
/// is NaN when either class is missing. The eval layer has the full set of study figures;
/// this is what training needs for early stopping.
double rocAuc(const std::vector<float> &scores, const std::vector<int> &labels);

/// The highest score threshold at which at least the given share of positives score at or
/// above it (a frame is called positive when its score >= threshold). NaN without positives.
double thresholdForSensitivity(const std::vector<float> &scores, const std::vector<int> &labels,
                               double sensitivity);

} // namespace iouslab::ml
