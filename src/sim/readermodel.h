#pragma once

#include "core/labelvalue.h"
#include "sim/bmodeimager.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace iouslab::sim {

/// How a simulated reader departs from the ground truth.
struct ReaderProfile
{
    QString name;                ///< the reader's name in the label files ("radiologist", ...)
    double missScale = 0.4;      ///< chance of missing a lesion that is small and faint
    double onsetBias = 1.0;      ///< frames the reader starts late (negative: early) and ends early
    double onsetSpread = 2.0;    ///< random spread of those frames
    double falsePositive = 0.25; ///< chance per clip of calling a short run lesion wrongly
    double ungradable = 0.35;    ///< chance per clip of a short ungradable run (up to two)

    static ReaderProfile radiologist();
    static ReaderProfile surgeon();
};

/// A reader's labels for the frames of one clip (or one still), from the per-frame ground
/// truth: disagreement falls mostly at the first and last frames of each lesion's appearance
/// and on small or faint lesions, with a few false calls and ungradable frames.
std::vector<LabelValue> simulateReaderLabels(const std::vector<std::vector<VisibleLesion>> &truth,
                                             const ReaderProfile &profile, double minVisibleMm,
                                             std::uint64_t seed);

} // namespace iouslab::sim
