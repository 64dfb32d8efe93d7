#pragma once

#include "core/expected.h"
#include "eval/predictions.h"
#include "eval/scoreranking.h"

#include <cstdint>
#include <vector>

namespace iouslab {

/// One point of a ROC curve: calling frames with score >= threshold positive gives these
/// rates.
struct RocPoint
{
    double threshold = 0.0;
    double falsePositiveRate = 0.0;
    double truePositiveRate = 0.0;
    std::int64_t falsePositives = 0;
    std::int64_t truePositives = 0;
};

/// A ROC curve from (0, 0) to (1, 1). The first point has threshold +infinity (nothing is
/// called positive); each further point is one distinct score, from the highest down, so frames
/// with tied scores make one step. These are scikit-learn's roc_curve points, except that its
/// first threshold is max score + 1 (1.2) or +inf (1.3 and later).
struct RocCurve
{
    std::vector<RocPoint> points;

    /// The curve without the points that lie inside a straight run of equal steps: the rule of
    /// scikit-learn's roc_curve(drop_intermediate=True). The area and the look of the curve are
    /// unchanged; a million-frame curve becomes drawable.
    RocCurve withoutIntermediatePoints() const;
};

/// The ROC curve of predictions with lesion and normal frames; fails on anything else.
Expected<RocCurve> rocCurve(const Predictions &predictions);
/// The ROC curve of a ranking that holds both classes (an assert guards that).
RocCurve rocCurve(const ScoreRanking &ranking);

/// The area under the ROC curve, computed exactly as the Mann-Whitney statistic with ties
/// counted one half, over lesions * normals. Equals scikit-learn's roc_auc_score to rounding.
/// Fails without lesion and normal frames.
Expected<double> rocAuc(const Predictions &predictions);
/// As above for a ranking known to hold both classes (an assert guards that).
double rocAuc(const ScoreRanking &ranking);

} // namespace iouslab
