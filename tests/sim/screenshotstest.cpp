#include "sim/frameoverlay.h"
#include "sim/studysimulator.h"

#include <catch2/catch.hpp>

#include <QDir>

#include <opencv2/imgcodecs.hpp>

using namespace iouslab::sim;

namespace {

// A frame through the plane y = 0 of a generated patient whose lesions are replaced by `lesions`
// (and whose vessels get `extraVessels`).
cv::Mat frameOf(ProbeKind kind, std::vector<Lesion> lesions, std::vector<VesselSegment> vessels,
                std::uint64_t seed)
{
    SimulationSettings settings;
    settings.probe = kind;
    const StudySimulator simulator(settings);
    LiverPhantom phantom = LiverPhantom::generate(seed, settings);
    phantom.lesions = std::move(lesions);
    for (const VesselSegment &vessel : vessels)
        phantom.vessels.push_back(vessel);
    ProbePose pose;
    const BModeFrame frame = simulator.imager().form(phantom, pose, seed);
    const FrameOverlay overlay(simulator.probe(), fakeIdentity(seed, 0), settings.frameRate);
    return overlay.compose(frame.image, {}, simulator.probe().displayPixelMm());
}

} // namespace

// Run by hand (`test_sim_screenshots "[.screenshots]"`) to refresh docs/simulator/*.png.
TEST_CASE("Screenshots of simulated frames are written to docs/simulator", "[.screenshots]")
{
    const QString folder = QStringLiteral(IOUSLAB_SOURCE_DIR "/docs/simulator");
    QDir().mkpath(folder);
    auto save = [&](const QString &name, const cv::Mat &image) {
        REQUIRE(cv::imwrite((folder + QLatin1Char('/') + name).toStdString(), image));
    };
    const std::uint64_t seed = 7;
    save(QStringLiteral("normal.png"), frameOf(ProbeKind::Linear, {}, {}, seed));
    const std::pair<LesionType, double> types[] = {{LesionType::Hypoechoic, -6},
                                                   {LesionType::Hyperechoic, 6},
                                                   {LesionType::Target, 6},
                                                   {LesionType::Cyst, -30},
                                                   {LesionType::Calcification, 24}};
    for (const auto &[type, contrast] : types) {
        Lesion lesion;
        lesion.type = type;
        lesion.contrastDb = contrast;
        lesion.radiusMm = type == LesionType::Calcification ? 2.0 : 6.0;
        lesion.centre = {4, 0, 20};
        save(lesionTypeName(type) + QStringLiteral(".png"),
             frameOf(ProbeKind::Linear, {lesion}, {}, seed + 1));
    }
    // A hepatic vein crossing the plane: a round dark section that looks like a lesion.
    VesselSegment vein;
    vein.from = {-6, -20, 24};
    vein.to = {-5, 20, 22};
    vein.radiusMm = 3.5;
    vein.portal = false;
    save(QStringLiteral("vessel-confounder.png"), frameOf(ProbeKind::Linear, {}, {vein}, seed + 2));
    Lesion lesion;
    lesion.type = LesionType::Hypoechoic;
    lesion.contrastDb = -9;
    lesion.radiusMm = 8;
    lesion.centre = {-20, 0, 28};
    save(QStringLiteral("curvilinear-hypoechoic.png"),
         frameOf(ProbeKind::Curvilinear, {lesion}, {}, seed + 3));

    // A still of the default set with caliper marks left by the sonographer.
    const StudySimulator simulator{SimulationSettings{}};
    for (int patient = 0; patient < 16; ++patient) {
        const auto still = simulator.renderSweep(patient, 2, 1, simulator.phantom(patient));
        const cv::Mat region =
            still.front().pixels(cv::Rect(cv::Point(112, 40), simulator.probe().displaySize()));
        if (cv::countNonZero(region == 235) > 10) {
            save(QStringLiteral("still-with-calipers.png"), still.front().pixels);
            break;
        }
    }
}
