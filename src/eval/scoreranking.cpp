#include "eval/scoreranking.h"

#include <algorithm>
#include <limits>

namespace iouslab {

namespace {

struct RankedFrame
{
    double score;
    std::uint32_t frame;
    std::uint32_t label;
};

} // namespace

Expected<ScoreRanking> ScoreRanking::rank(const Predictions &predictions)
{
    if (Status status = checkPredictions(predictions); !status)
        return makeError(status.error());
    if (predictions.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        return makeError(QStringLiteral("more than 2^31 frames cannot be ranked"));

    // Sorting small records that carry the label beats sorting indices into the score array:
    // the comparisons then read contiguous memory, which matters at a million frames.
    const std::size_t count = predictions.size();
    std::vector<RankedFrame> frames(count);
    for (std::size_t i = 0; i < count; ++i) {
        frames[i] = {predictions.scores[i], static_cast<std::uint32_t>(i),
                     static_cast<std::uint32_t>(predictions.labels[i])};
    }
    std::sort(frames.begin(), frames.end(),
              [](const RankedFrame &a, const RankedFrame &b) { return a.score > b.score; });

    ScoreRanking ranking;
    ranking.m_groupOfFrame.resize(count);
    for (const RankedFrame &frame : frames) {
        if (ranking.m_groups.empty() || ranking.m_groups.back().score != frame.score)
            ranking.m_groups.push_back({frame.score, 0, 0});
        Group &group = ranking.m_groups.back();
        if (frame.label == 1)
            ++group.lesions;
        else
            ++group.normals;
        ranking.m_groupOfFrame[frame.frame] =
            static_cast<std::int32_t>(ranking.m_groups.size() - 1);
    }
    for (const Group &group : ranking.m_groups) {
        ranking.m_lesions += group.lesions;
        ranking.m_normals += group.normals;
    }
    return ranking;
}

std::int64_t ScoreRanking::twiceMannWhitney() const
{
    // Walking from the highest score down, each normal frame is outscored by every lesion
    // frame of a higher group and ties with the lesion frames of its own group.
    std::int64_t twiceU = 0;
    std::int64_t lesionsAbove = 0;
    for (const Group &group : m_groups) {
        twiceU += group.normals * (2 * lesionsAbove + group.lesions);
        lesionsAbove += group.lesions;
    }
    return twiceU;
}

} // namespace iouslab
