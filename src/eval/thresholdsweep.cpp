#include "eval/thresholdsweep.h"

#include <algorithm>

namespace iouslab {

ThresholdSweep::ThresholdSweep(const ScoreRanking &ranking)
    : m_lesions(ranking.lesionCount())
    , m_normals(ranking.normalCount())
{
    // The ranking runs from the highest score down; the sweep wants them ascending, with the
    // counts at or above each score summed from the top.
    const std::vector<ScoreRanking::Group> &groups = ranking.groups();
    const std::size_t count = groups.size();
    m_scores.resize(count);
    m_lesionsFrom.assign(count + 1, 0);
    m_normalsFrom.assign(count + 1, 0);
    std::int64_t lesions = 0;
    std::int64_t normals = 0;
    for (std::size_t g = 0; g < count; ++g) {
        lesions += groups[g].lesions;
        normals += groups[g].normals;
        const std::size_t ascending = count - 1 - g;
        m_scores[ascending] = groups[g].score;
        m_lesionsFrom[ascending] = lesions;
        m_normalsFrom[ascending] = normals;
    }
}

ThresholdSweep::ThresholdSweep(const Predictions &predictions)
{
    if (auto ranking = ScoreRanking::rank(predictions))
        *this = ThresholdSweep(*ranking);
}

ConfusionMatrix ThresholdSweep::at(double threshold) const
{
    // lower_bound finds the first score >= threshold, so the frames from it on are called
    // lesions, as in confusionAt. (A NaN threshold, which confusionAt refuses, calls every
    // frame a lesion here: callers pass thresholds they made.)
    const std::size_t first = std::size_t(
        std::lower_bound(m_scores.begin(), m_scores.end(), threshold) - m_scores.begin());
    ConfusionMatrix matrix;
    matrix.truePositives = m_lesionsFrom[first];
    matrix.falseNegatives = m_lesions - matrix.truePositives;
    matrix.falsePositives = m_normalsFrom[first];
    matrix.trueNegatives = m_normals - matrix.falsePositives;
    return matrix;
}

} // namespace iouslab
