#include "sim/readermodel.h"

#include "sim/random.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace iouslab::sim {

ReaderProfile ReaderProfile::radiologist()
{
    ReaderProfile profile;
    profile.name = QStringLiteral("radiologist");
    profile.missScale = 0.35;
    profile.onsetBias = 1.0;
    profile.onsetSpread = 2.0;
    profile.falsePositive = 0.2;
    profile.ungradable = 0.3;
    return profile;
}

ReaderProfile ReaderProfile::surgeon()
{
    ReaderProfile profile;
    profile.name = QStringLiteral("surgeon");
    profile.missScale = 0.5;
    profile.onsetBias = -0.5;
    profile.onsetSpread = 3.0;
    profile.falsePositive = 0.35;
    profile.ungradable = 0.4;
    return profile;
}

std::vector<LabelValue> simulateReaderLabels(const std::vector<std::vector<VisibleLesion>> &truth,
                                             const ReaderProfile &profile, double minVisibleMm,
                                             std::uint64_t seed)
{
    const int count = int(truth.size());
    std::vector<LabelValue> labels(truth.size(), LabelValue::Normal);
    if (count == 0)
        return labels;
    Random random(seed);

    // Each lesion's appearances: runs of consecutive frames in which it is visible.
    struct Run
    {
        int first;
        int last;
        double largestMm;
        double contrastDb;
        LesionType type;
    };
    std::map<int, std::vector<Run>> runs;
    for (int f = 0; f < count; ++f) {
        for (const VisibleLesion &lesion : truth[std::size_t(f)]) {
            std::vector<Run> &list = runs[lesion.lesionIndex];
            if (!list.empty() && list.back().last == f - 1) {
                list.back().last = f;
                list.back().largestMm = std::max(list.back().largestMm, lesion.sectionMm);
            } else {
                list.push_back({f, f, lesion.sectionMm, lesion.contrastDb, lesion.type});
            }
        }
    }

    // Faint and small lesions are missed more often and seen for fewer frames.
    for (const auto &[index, list] : runs) {
        for (const Run &run : list) {
            const bool obvious =
                run.type == LesionType::Cyst || run.type == LesionType::Calcification;
            const double size = std::clamp((run.largestMm - minVisibleMm) / 8.0, 0.0, 1.0);
            const double contrast =
                obvious ? 1.0 : std::clamp(std::abs(run.contrastDb) / 8.0, 0.0, 1.0);
            const double visibility = 0.5 * size + 0.5 * contrast;
            const double miss = profile.missScale * (1 - visibility) * (1 - visibility);
            if (random.chance(miss))
                continue;
            int first = run.first;
            int last = run.last;
            if (count > 1) {
                const double late = 3.0 * (1 - visibility);
                first += int(std::lround(profile.onsetBias + late * random.uniform() +
                                         profile.onsetSpread * random.uniform(-1, 1)));
                last -= int(std::lround(profile.onsetBias + late * random.uniform() +
                                        profile.onsetSpread * random.uniform(-1, 1)));
                first = std::clamp(first, 0, count - 1);
                last = std::clamp(last, 0, count - 1);
            }
            for (int f = first; f <= last; ++f)
                labels[std::size_t(f)] = LabelValue::Lesion;
        }
    }

    // A vessel or a shadow taken for a lesion now and then.
    const double falseChance = count > 1 ? profile.falsePositive : 0.1 * profile.falsePositive;
    if (random.chance(falseChance)) {
        const int length = std::min(count, random.integer(3, 10));
        const int start = random.integer(0, count - length);
        for (int f = start; f < start + length; ++f) {
            if (truth[std::size_t(f)].empty())
                labels[std::size_t(f)] = LabelValue::Lesion;
        }
    }

    // A few frames blurred by motion or lost contact: ungradable.
    for (int i = 0; i < 2; ++i) {
        const double chance = count > 1 ? profile.ungradable : 0.1 * profile.ungradable;
        if (!random.chance(chance))
            continue;
        const int length = std::min(count, random.integer(2, 6));
        const int start = random.integer(0, count - length);
        for (int f = start; f < start + length; ++f)
            labels[std::size_t(f)] = LabelValue::Ungradable;
    }
    return labels;
}

} // namespace iouslab::sim
