#pragma once

#include "sim/simulationsettings.h"

#include <cstdint>
#include <vector>

namespace iouslab::sim {

/// A point or direction in the phantom, in mm: x across the probe face, y along the sweep, z into
/// the liver (z = 0 at the probe face of an untilted probe at rest).
struct Vec3
{
    double x = 0;
    double y = 0;
    double z = 0;
};

inline Vec3 operator+(Vec3 a, Vec3 b)
{
    return {a.x + b.x, a.y + b.y, a.z + b.z};
}
inline Vec3 operator-(Vec3 a, Vec3 b)
{
    return {a.x - b.x, a.y - b.y, a.z - b.z};
}
inline Vec3 operator*(double s, Vec3 a)
{
    return {s * a.x, s * a.y, s * a.z};
}
inline double dot(Vec3 a, Vec3 b)
{
    return a.x * b.x + a.y * b.y + a.z * b.z;
}

/// One straight piece of a vessel tree: a tube of a radius between two points.
struct VesselSegment
{
    Vec3 from;
    Vec3 to;
    double radiusMm = 2;
    /// Portal vessels have a bright fibrous wall; hepatic veins do not.
    bool portal = true;
};

/// A focal lesion: a sphere (its halo included for a target lesion).
struct Lesion
{
    LesionType type = LesionType::Hypoechoic;
    Vec3 centre;
    double radiusMm = 5;
    /// Amplitude ratio to the parenchyma in dB (for a target lesion: of its centre).
    double contrastDb = -4.5;
};

/// The anatomy of one simulated patient: a liver volume with its capsule, the diaphragm behind
/// it, vessel trees and focal lesions. Built from a seed by generate(), or by hand in tests.
class LiverPhantom
{
public:
    /// A patient's anatomy from a seed: parenchyma brightness and texture, 2 vessel trees
    /// (portal and hepatic), 0 to 4 lesions placed where the sweeps of sweepRegion() pass.
    static LiverPhantom generate(std::uint64_t patientSeed, const SimulationSettings &settings);

    /// A homogeneous parenchyma block with nothing in it, for physics checks.
    static LiverPhantom homogeneous();

    /// The slow parenchyma heterogeneity at a point: a factor near 1.
    double texture(Vec3 p) const;

    /// Depth of the liver capsule (mm) under (x, y): the bright line just below the probe.
    double capsuleDepth(double x, double y) const;

    /// Depth of the diaphragm (mm) under (x, y).
    double diaphragmDepth(double x, double y) const;

    double parenchymaAmplitude = 1.0;
    double textureAmplitude = 0.08; ///< relative strength of the slow parenchyma heterogeneity
    double capsuleBaseMm = 1.5;
    double capsuleTiltX = 0.0; ///< capsule slope along x (mm/mm)
    double diaphragmBaseMm = 45;
    double diaphragmCurvature = 0.004; ///< 1/mm: the dome bends towards the probe
    double diaphragmTiltY = 0.0;
    std::vector<VesselSegment> vessels;
    std::vector<Lesion> lesions;
    /// Random directions and phases of the slow parenchyma texture (plane waves).
    std::vector<Vec3> textureWaves;
    std::vector<double> texturePhases;
    bool hasCapsule = true;
    bool hasDiaphragm = true;
};

/// Vessel wall thickness (mm) of portal vessels, and the tissue amplitudes the imager uses.
constexpr double portalWallMm = 0.7;
constexpr double portalWallAmplitude = 5.0;
constexpr double bloodAmplitude = 0.035;
constexpr double capsuleAmplitude = 6.0;
constexpr double diaphragmAmplitude = 7.0;
constexpr double capsuleThicknessMm = 0.45;
constexpr double diaphragmThicknessMm = 1.6;
constexpr double nearFieldAmplitude = 0.03; ///< saline and gel between the probe and capsule

/// Two-way attenuation of parenchyma (dB per mm per MHz): 0.5 dB/cm/MHz each way.
constexpr double tissueAttenuationDbPerMmMHz = 0.1;

/// The amplitude ratio (linear) of a lesion at a distance from its centre, 1 outside it.
double lesionAmplitude(const Lesion &lesion, double distanceMm);

/// Extra two-way attenuation inside a lesion relative to parenchyma (dB/mm): fluid in a cyst
/// attenuates almost nothing (posterior enhancement), a calcification nearly all (shadow).
double lesionExcessAttenuation(const Lesion &lesion, double frequencyMHz);

} // namespace iouslab::sim
