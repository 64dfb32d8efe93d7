// bench_sim: how fast the simulator makes frames, beside the same image formation written with
// numpy/scipy (tests/benchmarks/simreference.py, run by Debian's python3 in the same run).
//
// Usage: bench_sim [PATIENTS [FRAMES]]   (default 4 patients x 300 frames, a quarter of the
// 16 x 300 demo set; pass 16 300 for the full set)

#include "sim/studysimulator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace iouslab::sim;

namespace {

double framesPerSecond(int frames, const QElapsedTimer &timer)
{
    return frames / std::max(1e-6, timer.nsecsElapsed() / 1e9);
}

// The numpy/scipy formation's frames per second, or a negative number when it cannot run.
double referenceFramesPerSecond(int frames)
{
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(IOUSLAB_SIM_REFERENCE_SCRIPT), QString::number(frames)});
    if (!python.waitForFinished(600000) || python.exitCode() != 0) {
        std::fprintf(stderr, "reference did not run: %s\n",
                     python.readAllStandardError().constData());
        return -1;
    }
    return python.readAllStandardOutput().trimmed().toDouble();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    const int patients = argc > 1 ? std::max(1, std::atoi(argv[1])) : 4;
    const int frames = argc > 2 ? std::max(2, std::atoi(argv[2])) : 300;

    // 1. Image formation alone, one thread, homogeneous parenchyma: what the reference does.
    const BModeImager imager(ProbeModel::linear());
    const LiverPhantom plain = LiverPhantom::homogeneous();
    const int formationFrames = 200;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < formationFrames; ++i)
        imager.form(plain, ProbePose{}, std::uint64_t(i));
    const double formation = framesPerSecond(formationFrames, timer);
    const double reference = referenceFramesPerSecond(formationFrames);

    // 2. Full frames of a patient (anatomy, shadows, overlay), two threads, in memory.
    SimulationSettings settings;
    settings.patients = patients;
    settings.frames = frames;
    settings.threads = 2;
    const StudySimulator simulator(settings);
    const LiverPhantom anatomy = simulator.phantom(0);
    timer.restart();
    const auto sweep = simulator.renderSweep(0, 0, frames, anatomy);
    const double rendering = framesPerSecond(int(sweep.size()), timer);

    // 3. A written set: DICOM, MP4, stills, CSV files.
    QTemporaryDir out;
    timer.restart();
    const auto set = simulator.writeSet(out.path());
    if (!set) {
        std::fprintf(stderr, "%s\n", qPrintable(set.error()));
        return 1;
    }
    const double writing = framesPerSecond(set->frames, timer);

    std::printf("bench_sim (256x320 linear grid, 432x384 frames)\n");
    std::printf("  formation, 1 thread, homogeneous: %8.1f frames/s\n", formation);
    if (reference > 0)
        std::printf("  numpy/scipy same formation:       %8.1f frames/s   ratio %.2fx\n", reference,
                    formation / reference);
    else
        std::printf("  numpy/scipy same formation:       not run (needs python3-numpy/scipy)\n");
    std::printf("  full frames with anatomy, 2 threads: %5.1f frames/s (%d frames)\n", rendering,
                int(sweep.size()));
    std::printf("  written set %d x %d (DICOM+MP4+stills+CSV): %.1f frames/s, %.1f s\n", patients,
                frames, writing, set->seconds);
    std::printf("  projected 16 x 300 set: %.1f s (target under 60 s)\n", 16 * 303 / writing);
    return 0;
}
