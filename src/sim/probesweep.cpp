#include "sim/probesweep.h"

#include "sim/random.h"

#include <cmath>

namespace iouslab::sim {

namespace {

// Rodrigues rotation of v about a unit axis.
Vec3 rotate(Vec3 v, Vec3 axis, double angle)
{
    const double c = std::cos(angle);
    const double s = std::sin(angle);
    const Vec3 k = axis;
    const Vec3 kxv{k.y * v.z - k.z * v.y, k.z * v.x - k.x * v.z, k.x * v.y - k.y * v.x};
    return c * v + s * kxv + ((1 - c) * dot(k, v)) * k;
}

constexpr double degree = M_PI / 180.0;

} // namespace

ProbeSweep::ProbeSweep(SweepPath path, std::uint64_t seed)
    : m_path(path)
{
    Random random(mixSeed(seed, 0x5eeb));
    // Tremor per degree of freedom (x, y, z in mm; yaw, tilt, roll in degrees), two sines each.
    const double scale[6] = {0.2, 0.15, 0.08, 0.35, 0.5, 0.4};
    for (Wobble &wobble : m_tremor) {
        for (int k = 0; k < 6; ++k) {
            wobble.amplitude[k] = scale[k] * random.uniform(0.4, 1.0);
            wobble.frequencyHz[k] = random.uniform(4, 10);
            wobble.phase[k] = random.uniform(0, 2 * M_PI);
        }
    }
    m_pacePhase = random.uniform(0, 2 * M_PI);
    m_driftPhase = random.uniform(0, 2 * M_PI);
}

ProbePose ProbeSweep::poseAt(int frame) const
{
    const double progress = m_path.frames > 1 ? double(frame) / (m_path.frames - 1) : 0.5;
    const double seconds = frame / m_path.frameRate;

    // The hand does not slide at an even pace: a slow surge, strongest mid-sweep.
    const double pace = progress + 0.6 * progress * (1 - progress) *
                                       std::sin(2 * M_PI * progress + m_pacePhase) * 0.25;
    double offset[6] = {0, 0, 0, 0, 0, 0};
    for (const Wobble &wobble : m_tremor) {
        for (int k = 0; k < 6; ++k)
            offset[k] += wobble.amplitude[k] *
                         std::sin(2 * M_PI * wobble.frequencyHz[k] * seconds + wobble.phase[k]);
    }
    const double drift = 2.0 * std::sin(M_PI * progress + m_driftPhase);

    const double yaw = (m_path.yawDeg + offset[3] + 0.5 * drift) * degree;
    const double tilt = (m_path.tiltDeg + offset[4] + drift) * degree;
    const double roll = (m_path.rollDeg + offset[5]) * degree;
    Vec3 lateral{1, 0, 0};
    Vec3 axial{0, 0, 1};
    for (auto [axis, angle] : {std::pair{Vec3{0, 1, 0}, roll}, std::pair{Vec3{1, 0, 0}, tilt},
                               std::pair{Vec3{0, 0, 1}, yaw}}) {
        lateral = rotate(lateral, axis, angle);
        axial = rotate(axial, axis, angle);
    }

    ProbePose pose;
    pose.origin = {m_path.lateralX + offset[0],
                   m_path.startY + (m_path.endY - m_path.startY) * pace + offset[1], offset[2]};
    pose.lateral = lateral;
    pose.axial = axial;
    return pose;
}

} // namespace iouslab::sim
