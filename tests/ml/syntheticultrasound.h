#pragma once

#include "ml/trainingframe.h"

#include <map>
#include <vector>

namespace iouslab::test {

/// Ultrasound-like frames made in memory for the ml tests: per patient a speckle texture that
/// drifts a pixel or so from frame to frame (neighbouring cine frames are near duplicates),
/// and in lesion frames a dark disc. Labels follow the disc.
struct SyntheticUltrasound
{
    int size = 64;
    std::vector<ml::TrainingFrame> frames;
    std::map<qint64, std::vector<uint8_t>> pixels;

    /// patients patients, framesPerPatient frames each; every second patient has a lesion in
    /// the middle half of its frames. Frame ids are patient * 1000 + index.
    static SyntheticUltrasound make(int patients, int framesPerPatient, int size, quint64 seed);

    /// Reads frames from pixels; a frame it does not hold fails the test.
    ml::FrameLoader loader() const;
};

/// Mean absolute grey difference of two frames of the same size.
double meanAbsoluteDifference(const std::vector<uint8_t> &a, const std::vector<uint8_t> &b);

} // namespace iouslab::test
