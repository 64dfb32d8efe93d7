// bench_review: the case review's speed and, on simulated cases, what its events find.
//
// Usage: bench_review [--threads N] [--frames N]
//        bench_review --accuracy PROJECT SOURCES [--model V] [--gap G]
//
// Speed: a 3,600-frame clip (2 minutes at 30 fps) of simulated B-mode frames is written to a
// fresh project's frame store; an untrained default (compact) model is saved as a model
// version; CaseReview scores the clip (frame store -> model input -> network, batches of 64,
// predictions stored) and makes Grad-CAM heat maps; PyTorch runs the same network on 3,600
// in-memory frames and the same Grad-CAM in the same run (review_reference.py).
//
// Accuracy: PROJECT holds a trained model version and cases imported from SOURCES, a folder
// written by `iouslab simulate` (its ground_truth.csv names each lesion frame with the lesion's
// box in full-frame pixels). Every case with clips from SOURCES is reviewed at the version's
// operating point (locked, else the training's 99 %-sensitivity threshold); see printMethod().

#include "app/casereview.h"
#include "app/heatmapimage.h"
#include "catalogue/project.h"
#include "core/filehash.h"
#include "io/framestore.h"
#include "ml/model.h"
#include "ml/trainer.h"
#include "sim/studysimulator.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>

#include <cstdio>
#include <ctime>
#include <map>

using namespace iouslab;

namespace {

double cpuSeconds()
{
    return double(std::clock()) / CLOCKS_PER_SEC;
}

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "bench_review: %s\n", qPrintable(message));
    std::exit(1);
}

template<typename T>
T need(Expected<T> value)
{
    if (!value)
        fail(value.error());
    return std::move(*value);
}

void need(const Status &status)
{
    if (!status)
        fail(status.error());
}

// A project with one patient whose one clip has `frames` frames: simulated sweep frames,
// repeated, written to the frame store as an import would; and an untrained compact model
// saved as version 1. Gives the study.
StudyId makeSpeedProject(const QString &folder, int frames)
{
    auto project = need(Project::open(folder, Project::OpenMode::CreateIfMissing));
    sim::SimulationSettings settings;
    settings.seed = 5;
    sim::StudySimulator simulator(settings);
    const sim::LiverPhantom phantom = simulator.phantom(0);
    const std::vector<sim::SimulatedFrame> rendered = simulator.renderSweep(0, 0, 120, phantom);
    const cv::Mat &first = rendered.front().pixels;

    const QString hash = QStringLiteral("bench-review-clip");
    auto writer = need(FrameStoreWriter::create(project->framesFolder(), hash, first.cols,
                                                first.rows, first.channels()));
    for (int i = 0; i < frames; ++i)
        need(writer->append(rendered[size_t(i) % rendered.size()].pixels));
    need(writer->finish());

    Catalogue &catalogue = project->catalogue();
    const PatientId patient = need(catalogue.addPatient(QStringLiteral("P-BENCH")));
    const StudyId study = need(catalogue.addStudy({0, patient, QStringLiteral("s"), {}, 0}));
    ClipRecord clip;
    clip.studyId = study;
    clip.sourcePath = QStringLiteral("bench.dcm");
    clip.contentHash = hash;
    clip.frameCount = frames;
    clip.frameRate = 30.0;
    clip.width = first.cols;
    clip.height = first.rows;
    clip.region = QRect(0, 0, first.cols, first.rows);
    const ClipId clipId = need(catalogue.addClip(clip));
    QList<double> times;
    for (int i = 0; i < frames; ++i)
        times << i / 30.0;
    need(catalogue.addFrames(clipId, times));

    auto model = need(ml::Model::create(ml::ModelKind::Compact, 256, 1));
    const QString weights = QDir(folder).filePath(QStringLiteral("models/bench.pt"));
    need(model.save(weights));
    ModelVersionRecord version;
    version.architecture = QStringLiteral("compact");
    version.weightsPath = QStringLiteral("models/bench.pt");
    version.weightsHash = need(sha256OfFile(weights));
    version.metricsJson = QStringLiteral("{\"final_threshold\":0.5}");
    need(catalogue.addModelVersion(version));
    return study;
}

std::map<QString, double> runReference(int threads, int frames)
{
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(IOUSLAB_REVIEW_REFERENCE), QString::number(threads),
                  QString::number(frames)});
    if (!python.waitForFinished(600000) || python.exitCode() != 0)
        fail(QStringLiteral("the PyTorch reference failed (is python3-torch installed?) %1")
                 .arg(QString::fromUtf8(python.readAllStandardError())));
    std::map<QString, double> figures;
    for (const QByteArray &line : python.readAllStandardOutput().split('\n')) {
        const QList<QByteArray> parts = line.split(' ');
        if (parts.size() == 2)
            figures[QString::fromLatin1(parts[0])] = parts[1].toDouble();
    }
    return figures;
}

int runSpeed(int threads, int frames)
{
    ml::setThreadCount(threads);
    QTemporaryDir temp;
    const QString folder = temp.filePath(QStringLiteral("project"));
    std::printf("bench_review: %d-frame clip, compact model, %d threads\n", frames, threads);
    const StudyId study = makeSpeedProject(folder, frames);

    QElapsedTimer timer;
    timer.start();
    auto review = need(CaseReview::open(folder, study, 1));
    const double openSeconds = timer.nsecsElapsed() / 1e9;

    int calls = 0;
    timer.restart();
    const double cpu = cpuSeconds();
    const ScoringSummary summary = need(review->score({[&](int, int) { ++calls; }}));
    const double scoreSeconds = timer.nsecsElapsed() / 1e9;
    const double scoreCpu = cpuSeconds() - cpu;
    if (summary.scored != frames)
        fail(QStringLiteral("scored %1 frames, not %2").arg(summary.scored).arg(frames));

    need(review->heatMap(0, 0));
    timer.restart();
    constexpr int maps = 20;
    for (int i = 0; i < maps; ++i)
        need(review->heatMap(0, i * 7));
    const double heatMs = timer.nsecsElapsed() / 1e6 / maps;
    const ml::HeatMap map = need(review->heatMap(0, 0));
    const QImage frame = review->displayFrame(0, 0);
    timer.restart();
    for (int i = 0; i < maps; ++i)
        heatmap::blend(frame, map, 0.5);
    const double blendMs = timer.nsecsElapsed() / 1e6 / maps;

    // Alternating would be fairer on a busy machine, but the reference is one process run:
    // its figures and ours are taken back to back.
    const std::map<QString, double> python = runReference(threads, frames);
    const double pythonScore = python.count(QStringLiteral("score_seconds"))
                                   ? python.at(QStringLiteral("score_seconds"))
                                   : 0.0;
    const double pythonCpu = python.count(QStringLiteral("score_cpu_seconds"))
                                 ? python.at(QStringLiteral("score_cpu_seconds"))
                                 : 0.0;
    const double pythonHeat =
        python.count(QStringLiteral("gradcam_ms")) ? python.at(QStringLiteral("gradcam_ms")) : 0.0;

    std::printf("opening the review (model, catalogue, frame store): %.2f s\n", openSeconds);
    std::printf("%-44s %10s %10s %7s\n", "", "iouslab", "PyTorch", "ratio");
    std::printf("%-44s %10.2f %10.2f %7.2f\n", "scoring the clip, s wall (goal < 10 s)",
                scoreSeconds, pythonScore, scoreSeconds / pythonScore);
    std::printf("%-44s %10.2f %10.2f %7.2f\n", "scoring the clip, s CPU of the process", scoreCpu,
                pythonCpu, scoreCpu / pythonCpu);
    std::printf("%-44s %10.1f %10.1f %7.2f\n", "Grad-CAM heat map, ms (goal < 100 ms)", heatMs,
                pythonHeat, heatMs / pythonHeat);
    std::printf("heat map laid over a %dx%d display frame: %.1f ms\n", frame.width(),
                frame.height(), blendMs);
    std::printf("(iouslab reads each frame from the memory-mapped frame store and stores the "
                "%d predictions; PyTorch scores frames already in memory; %d progress calls)\n",
                frames, calls);
    return 0;
}

// --- accuracy on simulated cases ----------------------------------------------------------

struct Box
{
    int x = 0, y = 0, w = 0, h = 0;
    bool contains(double px, double py) const
    {
        return px >= x && px < x + w && py >= y && py < y + h;
    }
};

// ground_truth.csv: file,frame,lesion_present,type,x,y,w,h; one row per lesion of a frame.
QHash<QString, QHash<int, QList<Box>>> readGroundTruth(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        fail(QStringLiteral("cannot read %1").arg(path));
    QHash<QString, QHash<int, QList<Box>>> truth;
    file.readLine();
    while (!file.atEnd()) {
        const QStringList cells = QString::fromUtf8(file.readLine()).trimmed().split(',');
        if (cells.size() < 8 || cells.at(2) != QLatin1String("1"))
            continue;
        truth[cells.at(0)][cells.at(1).toInt()] << Box{cells.at(4).toInt(), cells.at(5).toInt(),
                                                       cells.at(6).toInt(), cells.at(7).toInt()};
    }
    return truth;
}

void printMethod()
{
    std::printf(
        "Method: each case (patient study) whose clips come from SOURCES is scored by the model "
        "version; frames at or above the operating point are grouped into events (gaps of up to "
        "G frames closed). A ground-truth lesion run is a maximal run of consecutive frames of a "
        "clip with a lesion in the ground truth (a still with a lesion is a run of one); an event "
        "overlaps it when they share a frame. A true-positive event overlaps at least one run. "
        "Its heat map is made of the event's peak frame when that frame holds a lesion, else of "
        "the event's lesion frame with the highest probability; its peak (the heat map's "
        "maximum) is mapped from the 256 x 256 model input back to the clip's full frame "
        "through the ultrasound region, and counts as inside when it falls in the box of any "
        "lesion of that frame.\n");
}

int runAccuracy(const QString &folder, const QString &sources, ModelVersionId versionId, int gap)
{
    const QHash<QString, QHash<int, QList<Box>>> truth =
        readGroundTruth(QDir(sources).filePath(QStringLiteral("ground_truth.csv")));
    auto project = need(Project::open(folder, Project::OpenMode::OpenExisting));
    Catalogue &catalogue = project->catalogue();
    if (versionId == 0)
        versionId = need(catalogue.modelVersions()).last().id;

    // The cases with clips from SOURCES, and each clip's name in the ground truth.
    const QDir sourceDir(sources);
    QHash<ClipId, QString> relative;
    QList<StudyId> studies;
    for (const ClipRecord &clip : need(catalogue.allClips())) {
        const QString name = sourceDir.relativeFilePath(clip.sourcePath);
        if (name.startsWith(QLatin1String("..")))
            continue;
        relative.insert(clip.id, name);
        if (!studies.contains(clip.studyId))
            studies << clip.studyId;
    }
    if (studies.isEmpty())
        fail(QStringLiteral("no clip of %1 comes from %2").arg(folder, sources));

    int runs = 0, runsHit = 0, sweepRuns = 0, sweepRunsHit = 0;
    int events = 0, truePositive = 0, peakInside = 0, frames = 0, flagged = 0;
    double chance = 0.0; // summed share of the region the lesion boxes cover
    QString operatingPoint;
    for (StudyId study : studies) {
        auto review = need(CaseReview::open(folder, study, versionId));
        operatingPoint = review->operatingPoint().description;
        need(review->score());
        const std::vector<ReviewEvent> found = review->events({gap, 1});
        events += int(found.size());
        for (int order = 0; order < int(review->clips().size()); ++order) {
            const ScoredClip &clip = review->clips()[size_t(order)];
            const QHash<int, QList<Box>> lesions = truth.value(relative.value(clip.clip.id));
            frames += int(clip.probabilities.size());
            for (double p : clip.probabilities)
                flagged += p >= review->operatingPoint().threshold ? 1 : 0;
            // Ground-truth runs of this clip.
            std::vector<std::pair<int, int>> clipRuns;
            for (int i = 0; i < int(clip.probabilities.size()); ++i) {
                if (!lesions.contains(i))
                    continue;
                if (!clipRuns.empty() && clipRuns.back().second == i - 1)
                    clipRuns.back().second = i;
                else
                    clipRuns.emplace_back(i, i);
            }
            for (const auto &[a, b] : clipRuns) {
                bool hit = false;
                for (const ReviewEvent &event : found)
                    hit = hit ||
                          (event.clipOrder == order && event.run.first <= b && event.run.last >= a);
                ++runs;
                runsHit += hit ? 1 : 0;
                if (clip.probabilities.size() > 1) {
                    ++sweepRuns;
                    sweepRunsHit += hit ? 1 : 0;
                }
            }
            for (const ReviewEvent &event : found) {
                if (event.clipOrder != order)
                    continue;
                int best = -1;
                for (int i = event.run.first; i <= event.run.last; ++i) {
                    if (lesions.contains(i) && (best < 0 || clip.probabilities[size_t(i)] >
                                                                clip.probabilities[size_t(best)]))
                        best = i;
                }
                if (best < 0)
                    continue;
                ++truePositive;
                if (lesions.contains(event.run.peak))
                    best = event.run.peak;
                const ml::HeatMap map = need(review->heatMap(order, best));
                const QPointF share = heatmap::peak(map);
                const QRect region = clip.clip.region.isValid()
                                         ? clip.clip.region
                                         : QRect(0, 0, clip.clip.width, clip.clip.height);
                const double x = region.x() + share.x() * region.width();
                const double y = region.y() + share.y() * region.height();
                bool inside = false;
                for (const Box &box : lesions.value(best))
                    inside = inside || box.contains(x, y);
                peakInside += inside ? 1 : 0;
                // What a peak placed at random in the region would score: the boxes' share of
                // it (overlapping boxes counted once by sampling a grid).
                int covered = 0;
                for (int gy = 0; gy < 64; ++gy) {
                    for (int gx = 0; gx < 64; ++gx) {
                        const double px = region.x() + (gx + 0.5) / 64 * region.width();
                        const double py = region.y() + (gy + 0.5) / 64 * region.height();
                        bool in = false;
                        for (const Box &box : lesions.value(best))
                            in = in || box.contains(px, py);
                        covered += in ? 1 : 0;
                    }
                }
                chance += covered / 4096.0;
            }
        }
    }

    std::printf("bench_review --accuracy: %lld cases, %d frames, model version %lld\n",
                qint64(studies.size()), frames, qint64(versionId));
    std::printf("operating point: %s\n", qPrintable(operatingPoint));
    std::printf("frames flagged: %d of %d (%.1f %%); events: %d (gap %d)\n", flagged, frames,
                100.0 * flagged / std::max(1, frames), events, gap);
    std::printf("ground-truth lesion runs overlapped by an event: %d of %d = %.3f (goal >= 0.9)\n",
                runsHit, runs, double(runsHit) / std::max(1, runs));
    std::printf("  of them in sweeps (not stills): %d of %d = %.3f\n", sweepRunsHit, sweepRuns,
                double(sweepRunsHit) / std::max(1, sweepRuns));
    std::printf("true-positive events: %d of %d; heat-map peak inside the lesion box: %d of %d "
                "= %.3f\n",
                truePositive, events, peakInside, truePositive,
                double(peakInside) / std::max(1, truePositive));
    std::printf("  (a peak placed at random in the image would be inside with probability %.3f)\n",
                chance / std::max(1, truePositive));
    printMethod();
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int threads = 2;
    int frames = 3600;
    int gap = EventSettings{}.maxGap;
    ModelVersionId version = 0;
    QString project;
    QString sources;
    const QStringList arguments = app.arguments();
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        const QString next = i + 1 < arguments.size() ? arguments.at(i + 1) : QString();
        if (argument == QLatin1String("--threads"))
            threads = next.toInt(), ++i;
        else if (argument == QLatin1String("--frames"))
            frames = next.toInt(), ++i;
        else if (argument == QLatin1String("--gap"))
            gap = next.toInt(), ++i;
        else if (argument == QLatin1String("--model"))
            version = next.toLongLong(), ++i;
        else if (argument == QLatin1String("--accuracy") && i + 2 < arguments.size())
            project = arguments.at(i + 1), sources = arguments.at(i + 2), i += 2;
    }
    if (!project.isEmpty()) {
        ml::setThreadCount(threads);
        return runAccuracy(project, sources, version, gap);
    }
    return runSpeed(threads, frames);
}
