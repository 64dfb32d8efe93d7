#pragma once

#include "eval/predictions.h"

#include <cstdint>
#include <vector>

namespace iouslab::test {

/// How synthetic scored frames are made.
struct SyntheticFrameOptions
{
    int patients = 20;
    int minFramesPerPatient = 50;
    int maxFramesPerPatient = 250;
    /// Scores are rounded to multiples of this (0: not rounded), which makes ties: k * roundTo
    /// (3 * 0.1 is 0.30000000000000004, on numpy.linspace's bin edge), or with
    /// roundByDividing k / (1 / roundTo) (0.3, the double nearest 3/10, as numpy.round gives).
    double roundTo = 0.0;
    bool roundByDividing = false;
    std::uint64_t seed = 1;
};

/// Frames of two models on the same frames: second holds the same labels and patients as first,
/// with scores that are correlated with first's but less separating.
struct TwoModelFrames
{
    Predictions first;
    Predictions second;
};

/// Deterministic synthetic frames from seed, with patient clustering: each patient has its own
/// score shift and lesion prevalence; patient 0 of every seven has no lesion frame and
/// patient 3 only lesion frames, so per-patient figures meet both gaps. Scores are sigmoids of
/// normal noise, in (0, 1). Patient ids are sparse (1000 + 7 * index).
TwoModelFrames makeSyntheticFrames(const SyntheticFrameOptions &options);

/// Frames that are each their own patient, with balanced classes: for comparing DeLong, which
/// assumes independent frames, with the bootstrap.
TwoModelFrames makeIndependentFrames(int lesions, int normals, std::uint64_t seed);

} // namespace iouslab::test
