#include "sim/liverphantom.h"

#include "sim/random.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace iouslab::sim {

namespace {

const QStringList &lesionTypeNames()
{
    static const QStringList names{QStringLiteral("hypoechoic"), QStringLiteral("hyperechoic"),
                                   QStringLiteral("target"), QStringLiteral("cyst"),
                                   QStringLiteral("calcification")};
    return names;
}

Vec3 normalised(Vec3 v)
{
    const double length = std::sqrt(dot(v, v));
    return length > 0 ? (1.0 / length) * v : Vec3{1, 0, 0};
}

double smoothStep(double edge0, double edge1, double x)
{
    const double t = std::clamp((x - edge0) / (edge1 - edge0), 0.0, 1.0);
    return t * t * (3 - 2 * t);
}

// A direction turned away from `direction` by about `angle` radians, around a random axis.
Vec3 deviate(Random &random, Vec3 direction, double angle)
{
    const Vec3 noise{random.normal(), random.normal(), random.normal()};
    const Vec3 side = normalised(noise - dot(noise, direction) * direction);
    return normalised(std::cos(angle) * direction + std::sin(angle) * side);
}

// Grows a vessel tree: each branch is two slightly bent segments, then splits in two.
void growVessel(Random &random, std::vector<VesselSegment> &out, Vec3 start, Vec3 direction,
                double radius, double length, int levels, bool portal)
{
    Vec3 point = start;
    for (int piece = 0; piece < 2; ++piece) {
        direction = deviate(random, direction, random.uniform(0.05, 0.25));
        // Vessels stay inside the liver: under the capsule and above the diaphragm region.
        if (point.z + direction.z * length < 6 + radius || point.z + direction.z * length > 90)
            direction.z = -direction.z;
        const Vec3 next = point + (0.5 * length) * direction;
        out.push_back({point, next, radius, portal});
        point = next;
    }
    if (levels == 0 || radius < 1.0)
        return;
    for (int child = 0; child < 2; ++child) {
        const double angle = random.uniform(0.35, 0.8);
        growVessel(random, out, point, deviate(random, direction, angle),
                   radius * random.uniform(0.62, 0.8), length * random.uniform(0.7, 0.95),
                   levels - 1, portal);
    }
}

LesionType drawLesionType(Random &random, const SimulationSettings &settings)
{
    double total = 0;
    for (double weight : settings.lesionTypeWeights)
        total += std::max(0.0, weight);
    if (total <= 0)
        return LesionType::Hypoechoic;
    double pick = random.uniform() * total;
    for (int i = 0; i < lesionTypeCount; ++i) {
        pick -= std::max(0.0, settings.lesionTypeWeights[std::size_t(i)]);
        if (pick < 0)
            return LesionType(i);
    }
    return LesionType::Hypoechoic;
}

} // namespace

QString lesionTypeName(LesionType type)
{
    return lesionTypeNames().at(int(type));
}

std::optional<LesionType> parseLesionType(const QString &text)
{
    const int index = lesionTypeNames().indexOf(text.trimmed().toLower());
    if (index < 0)
        return std::nullopt;
    return LesionType(index);
}

LiverPhantom LiverPhantom::generate(std::uint64_t patientSeed, const SimulationSettings &settings)
{
    Random random(mixSeed(patientSeed, 0xa11a70));
    LiverPhantom phantom;

    // Parenchyma varies a little between patients (scatter strength and coarseness of texture).
    phantom.parenchymaAmplitude = random.uniform(0.85, 1.15);
    phantom.textureAmplitude = random.uniform(0.04, 0.12);
    for (int i = 0; i < 5; ++i) {
        const double wavelength = random.uniform(6, 25);
        const Vec3 direction = normalised({random.normal(), random.normal(), random.normal()});
        phantom.textureWaves.push_back((2 * M_PI / wavelength) * direction);
        phantom.texturePhases.push_back(random.uniform(0, 2 * M_PI));
    }
    phantom.capsuleBaseMm = random.uniform(1.0, 2.5);
    phantom.capsuleTiltX = random.uniform(-0.03, 0.03);
    const bool curvilinear = settings.probe == ProbeKind::Curvilinear;
    phantom.diaphragmBaseMm = curvilinear ? random.uniform(55, 75) : random.uniform(38, 60);
    phantom.diaphragmCurvature = random.uniform(0.002, 0.006);
    phantom.diaphragmTiltY = random.uniform(-0.25, 0.25);

    // A portal tree running mostly across the probe face (long tubes in the image) and two
    // hepatic venous trees running mostly along the sweep (round cross-sections: confounders).
    growVessel(random, phantom.vessels,
               {random.uniform(-25, -15), random.uniform(-20, 20), random.uniform(22, 40)},
               normalised({1, random.uniform(-0.4, 0.4), random.uniform(-0.2, 0.2)}),
               random.uniform(3.5, 5.0), random.uniform(22, 30), 3, true);
    for (int tree = 0; tree < 2; ++tree) {
        const double side = tree == 0 ? -1 : 1;
        growVessel(random, phantom.vessels,
                   {random.uniform(-14, 14), side * random.uniform(35, 45), random.uniform(18, 42)},
                   normalised({random.uniform(-0.3, 0.3), -side, random.uniform(-0.3, 0.1)}),
                   random.uniform(3.0, 4.5), random.uniform(20, 28), 3, false);
    }

    // 0 to 4 lesions where the sweeps pass: |x| small enough to stay in the image, y within the
    // sweep, depth within the imaged field.
    static const double countWeights[] = {0.08, 0.22, 0.32, 0.22, 0.16};
    double pick = random.uniform();
    int count = 0;
    while (count < 4 && pick >= countWeights[count]) {
        pick -= countWeights[count];
        ++count;
    }
    const double maxDepth = curvilinear ? 60 : 42;
    const double halfWidth = curvilinear ? 22 : 15;
    for (int i = 0; i < count; ++i) {
        Lesion lesion;
        lesion.type = drawLesionType(random, settings);
        const double diameter =
            lesion.type == LesionType::Calcification
                ? random.uniform(2.5, 5.0)
                : settings.lesionSizeMm * std::exp(random.uniform(std::log(0.5), std::log(1.6)));
        lesion.radiusMm = 0.5 * diameter;
        const double magnitude = std::max(0.5, settings.contrastDb + random.uniform(-1.5, 1.5));
        switch (lesion.type) {
        case LesionType::Hypoechoic:
            lesion.contrastDb = -magnitude;
            break;
        case LesionType::Hyperechoic:
        case LesionType::Target:
            lesion.contrastDb = magnitude;
            break;
        case LesionType::Cyst:
            lesion.contrastDb = -30;
            break;
        case LesionType::Calcification:
            lesion.contrastDb = random.uniform(20, 26);
            break;
        }
        const double r = lesion.radiusMm;
        lesion.centre = {random.uniform(-halfWidth + r, halfWidth - r), random.uniform(-24, 24),
                         random.uniform(6 + r, std::max(8 + r, maxDepth - r))};
        phantom.lesions.push_back(lesion);
    }
    return phantom;
}

LiverPhantom LiverPhantom::homogeneous()
{
    LiverPhantom phantom;
    phantom.textureAmplitude = 0;
    phantom.hasCapsule = false;
    phantom.hasDiaphragm = false;
    return phantom;
}

double LiverPhantom::texture(Vec3 p) const
{
    if (textureWaves.empty() || textureAmplitude == 0)
        return 1.0;
    double sum = 0;
    for (std::size_t i = 0; i < textureWaves.size(); ++i)
        sum += std::cos(dot(textureWaves[i], p) + texturePhases[i]);
    return 1.0 + textureAmplitude * sum / std::sqrt(double(textureWaves.size()));
}

double LiverPhantom::capsuleDepth(double x, double y) const
{
    return capsuleBaseMm + capsuleTiltX * x + 0.4 * std::sin(0.05 * y);
}

double LiverPhantom::diaphragmDepth(double x, double y) const
{
    // A dome seen from the liver: deepest over its centre, rising towards the sides.
    return diaphragmBaseMm + diaphragmTiltY * y - diaphragmCurvature * (x * x + 0.5 * y * y);
}

double lesionAmplitude(const Lesion &lesion, double distanceMm)
{
    constexpr double edgeMm = 0.35;
    const double r = lesion.radiusMm;
    const double inside = smoothStep(r + edgeMm, r - edgeMm, distanceMm);
    if (inside <= 0)
        return 1.0;
    double level = std::pow(10.0, lesion.contrastDb / 20.0);
    if (lesion.type == LesionType::Target) {
        // A hypoechoic halo, a third of the radius thick, around the echogenic centre.
        const double halo = std::pow(10.0, -(std::abs(lesion.contrastDb) + 4.0) / 20.0);
        const double centre = smoothStep(0.67 * r + edgeMm, 0.67 * r - edgeMm, distanceMm);
        level = halo + centre * (level - halo);
    }
    return 1.0 + inside * (level - 1.0);
}

double lesionExcessAttenuation(const Lesion &lesion, double frequencyMHz)
{
    switch (lesion.type) {
    case LesionType::Cyst:
        return -0.95 * tissueAttenuationDbPerMmMHz * frequencyMHz;
    case LesionType::Calcification:
        return 12.0;
    default:
        return 0.0;
    }
}

} // namespace iouslab::sim
