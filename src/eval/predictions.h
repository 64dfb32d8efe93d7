#pragma once

#include "core/expected.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace iouslab {

/// Model scores of frames with their reference labels: the input of every metric in eval.
///
/// scores[i] is the model's score for frame i (higher means more likely a lesion), labels[i]
/// its reference label (1 lesion, 0 normal) and, where a metric needs it, patients[i] the
/// catalogue id of the frame's patient. A frame is called positive at a threshold t when
/// scores[i] >= t, as in the published study and scikit-learn.
struct Predictions
{
    std::vector<double> scores;
    std::vector<int> labels;
    /// Empty, or one patient id per frame.
    std::vector<std::int64_t> patients;

    std::size_t size() const { return scores.size(); }
    std::int64_t lesionCount() const;
    std::int64_t normalCount() const;

    /// The frames at the given indices, in that order (an index may repeat).
    Predictions subset(const std::vector<std::size_t> &frames) const;
};

/// Checks what every metric relies on: as many labels (and patients, if any) as scores, at
/// least one frame, labels 0 or 1 only, and finite scores. The message names the first frame
/// that breaks a rule.
Status checkPredictions(const Predictions &predictions);

/// checkPredictions, and also at least one lesion frame and one normal frame. what names the
/// figure that needs both ("the AUC"), for the message.
Status checkBothClasses(const Predictions &predictions, const char *what);

} // namespace iouslab
