#pragma once

#include "core/expected.h"
#include "eval/predictions.h"

#include <cstdint>
#include <vector>

namespace iouslab {

/// Frames sorted once by score, from highest to lowest, with equal scores gathered into one
/// group: the shared first step of ROC, AUC, DeLong and operating points, so that a million
/// predictions are sorted once and not once per figure. Scores tie only when exactly equal,
/// as in scikit-learn.
class ScoreRanking
{
public:
    /// The frames that share one score.
    struct Group
    {
        double score = 0.0;
        std::int64_t lesions = 0;
        std::int64_t normals = 0;
    };

    /// Ranks checked predictions (see checkPredictions); fails with its message otherwise.
    static Expected<ScoreRanking> rank(const Predictions &predictions);

    /// Groups from the highest score to the lowest.
    const std::vector<Group> &groups() const { return m_groups; }
    /// For each frame, the index of its group in groups().
    const std::vector<std::int32_t> &groupOfFrame() const { return m_groupOfFrame; }

    std::int64_t lesionCount() const { return m_lesions; }
    std::int64_t normalCount() const { return m_normals; }

    /// Twice the Mann-Whitney U statistic of lesion over normal frames: the number of
    /// (lesion, normal) pairs where the lesion frame scores higher, counted twice, plus the
    /// tied pairs counted once. Exact in integers; the AUC is this over 2 * lesions * normals.
    std::int64_t twiceMannWhitney() const;

private:
    std::vector<Group> m_groups;
    std::vector<std::int32_t> m_groupOfFrame;
    std::int64_t m_lesions = 0;
    std::int64_t m_normals = 0;
};

} // namespace iouslab
