#pragma once

#include "eval/binarymetrics.h"
#include "eval/predictions.h"
#include "eval/scoreranking.h"

#include <vector>

namespace iouslab {

/// The confusion matrix at any threshold, answered in O(log n) from a ranking made once: the
/// distinct scores are kept ascending with the lesion and normal frames scoring at or above
/// each, and a threshold finds its place by binary search. For the dashboard's operating-point
/// slider, which asks for a new threshold on every move. Gives exactly confusionAt's matrix
/// (score >= threshold is a lesion).
class ThresholdSweep
{
public:
    ThresholdSweep() = default;
    /// From a ranking already made (the evaluation's pooled one).
    explicit ThresholdSweep(const ScoreRanking &ranking);
    /// Ranks predictions first; invalid predictions (see checkPredictions) give an empty sweep.
    explicit ThresholdSweep(const Predictions &predictions);

    ConfusionMatrix at(double threshold) const;
    /// Frames swept.
    std::int64_t size() const { return m_lesions + m_normals; }

private:
    std::vector<double> m_scores;            // distinct scores, ascending
    std::vector<std::int64_t> m_lesionsFrom; // lesion frames scoring >= m_scores[i]; one more
    std::vector<std::int64_t> m_normalsFrom; // entry, 0, past the end
    std::int64_t m_lesions = 0;
    std::int64_t m_normals = 0;
};

} // namespace iouslab
