#pragma once

#include "sim/bmodeimager.h"

#include <cstdint>

namespace iouslab::sim {

/// The planned path of one sweep: the probe slides along y from startY to endY over the clip.
struct SweepPath
{
    double startY = -30;
    double endY = 30;
    double lateralX = 0;
    double yawDeg = 0;  ///< rotation of the probe face about the depth axis
    double tiltDeg = 0; ///< fanning of the beam towards the sweep direction
    double rollDeg = 0; ///< rocking of the probe face sideways
    int frames = 100;
    double frameRate = 25;
};

/// A hand-held sweep: the planned path with an uneven pace, a slow drift in angle and a slight
/// hand tremor (4 to 10 Hz, tenths of a millimetre and of a degree). The pose of a frame depends
/// only on the path, the seed and the frame index.
class ProbeSweep
{
public:
    ProbeSweep(SweepPath path, std::uint64_t seed);

    const SweepPath &path() const { return m_path; }
    ProbePose poseAt(int frame) const;

private:
    struct Wobble
    {
        double amplitude[6];
        double frequencyHz[6];
        double phase[6];
    };

    SweepPath m_path;
    Wobble m_tremor[2];
    double m_pacePhase = 0;
    double m_driftPhase = 0;
};

} // namespace iouslab::sim
