#include "sim/readermodel.h"
#include "sim/studysimulator.h"

#include <catch2/catch.hpp>

using namespace iouslab;
using namespace iouslab::sim;

TEST_CASE("Simulated readers disagree mostly where lesions appear and disappear", "[sim]")
{
    // Ground truth of the default 16-patient set's DICOM sweeps, without forming the images.
    SimulationSettings settings;
    const StudySimulator simulator(settings);
    long frames = 0, ungradable = 0, agreeing[2] = {0, 0}, gradable[2] = {0, 0};
    long nearDisagree = 0, nearFrames = 0, farDisagree = 0, farFrames = 0;
    for (int patient = 0; patient < settings.patients; ++patient) {
        const LiverPhantom phantom = simulator.phantom(patient);
        const ProbeSweep sweep(simulator.sweepPath(patient, 0, 180, phantom), 1);
        std::vector<std::vector<VisibleLesion>> truth;
        for (int f = 0; f < 180; ++f)
            truth.push_back(simulator.imager().visibleLesions(phantom, sweep.poseAt(f)));
        const auto a = simulateReaderLabels(truth, ReaderProfile::radiologist(), 3.0, patient);
        const auto b = simulateReaderLabels(truth, ReaderProfile::surgeon(), 3.0, 100 + patient);

        for (int f = 0; f < 180; ++f) {
            const bool lesion = !truth[std::size_t(f)].empty();
            const LabelValue labels[2] = {a[std::size_t(f)], b[std::size_t(f)]};
            ++frames;
            for (int r = 0; r < 2; ++r) {
                if (labels[r] == LabelValue::Ungradable) {
                    ++ungradable;
                    continue;
                }
                ++gradable[r];
                agreeing[r] += (labels[r] == LabelValue::Lesion) == lesion;
            }
            // Near: within 3 frames of a change of the ground truth.
            bool near = false;
            for (int g = std::max(0, f - 3); g < std::min(180, f + 4); ++g)
                near = near || truth[std::size_t(g)].empty() != truth[std::size_t(f)].empty();
            const bool disagree = labels[0] != labels[1] && labels[0] != LabelValue::Ungradable &&
                                  labels[1] != LabelValue::Ungradable;
            (near ? nearDisagree : farDisagree) += disagree;
            (near ? nearFrames : farFrames) += 1;
        }
    }
    for (int r = 0; r < 2; ++r) {
        INFO("reader " << r << " agrees with the truth on " << agreeing[r] << " of "
                       << gradable[r]);
        CHECK(agreeing[r] > 0.85 * gradable[r]);
    }
    CHECK(ungradable > 0);
    CHECK(ungradable < 0.05 * 2 * frames);
    const double nearRate = double(nearDisagree) / std::max(1L, nearFrames);
    const double farRate = double(farDisagree) / std::max(1L, farFrames);
    INFO("disagreement near lesion borders " << nearRate << ", elsewhere " << farRate);
    CHECK(nearRate > 3 * farRate);
    CHECK(farDisagree + nearDisagree > 0);
}
