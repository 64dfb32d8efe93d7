// Import throughput and memory. Makes a simulated multi-frame JPEG ultrasound DICOM of about
// 2,000 frames and an MP4, then measures in the same run:
//  - `iouslab import` of the DICOM (decode, crop, frame store, catalogue) next to
//    `dcmj2pnm --all-frames` decoding the same file to PNM files;
//  - `iouslab import` of the MP4, and of an H.264 re-encoding of it, next to
//    `ffmpeg -i FILE -f null -`;
//  - the import's peak resident memory.
#include "childprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <unistd.h>

using iouslab::bench::ChildRun;
using iouslab::bench::runChild;

namespace {

// The frame count of a project, from `iouslab info`.
int importedFrames(const QString &iouslab, const QString &project)
{
    QProcess info;
    info.start(iouslab, {QStringLiteral("info"), QStringLiteral("--project"), project});
    info.waitForFinished();
    for (const QByteArray &line : info.readAllStandardOutput().split('\n')) {
        if (line.startsWith("Frames"))
            return line.mid(6).trimmed().toInt();
    }
    return 0;
}

void printRow(const char *what, double ours, double theirs, const char *unit)
{
    std::printf("%-44s %10.1f %s   reference %10.1f %s   ratio %.2f\n", what, ours, unit, theirs,
                unit, theirs > 0 ? ours / theirs : 0.0);
}

// Frames per second of CPU time, both sides: on a shared machine the wall-clock ratio moves
// with the load, this one much less (it says nothing of how well either side uses two cores).
void printCpuRow(const char *what, int frames, const ChildRun &ours, const ChildRun &theirs)
{
    std::printf("%-44s %10.1f fps   reference %10.1f fps   ratio %.2f\n", what,
                frames / ours.cpuSeconds, frames / theirs.cpuSeconds,
                theirs.cpuSeconds / ours.cpuSeconds);
}

// One video imported next to `ffmpeg -i FILE -f null -`, three times each in turn (a fresh
// project every time); the run with the median import time is printed with its ffmpeg run.
// Small frames decode so fast that the import's fixed costs (start-up, the catalogue) weigh
// more than on a scanner's clip, so single runs move by a tenth either way.
bool compareVideoImport(const QString &iouslab, const QString &video, const QString &workFolder,
                        const char *title)
{
    struct Pair
    {
        ChildRun ours, theirs;
    };
    std::vector<Pair> runs;
    for (int run = 0; run < 3; ++run) {
        Pair pair;
        pair.theirs =
            runChild(QStringLiteral("ffmpeg"),
                     {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-i"), video,
                      QStringLiteral("-f"), QStringLiteral("null"), QStringLiteral("-")});
        const QString project = workFolder + QStringLiteral("/video-%1").arg(run);
        pair.ours = runChild(
            iouslab, {QStringLiteral("import"), QStringLiteral("--project"), project, video});
        if (pair.theirs.exitCode != 0 || pair.ours.exitCode != 0) {
            std::fprintf(stderr, "bench_import: a video run failed (ffmpeg %d, iouslab %d)\n",
                         pair.theirs.exitCode, pair.ours.exitCode);
            return false;
        }
        runs.push_back(pair);
    }
    std::sort(runs.begin(), runs.end(),
              [](const Pair &a, const Pair &b) { return a.ours.seconds < b.ours.seconds; });
    const Pair &median = runs[1];
    const int frames = importedFrames(iouslab, workFolder + QStringLiteral("/video-0"));
    std::printf("\n%s, %d frames (median of 3 runs; import ratios of the 3: %.2f %.2f %.2f)\n",
                title, frames, runs[0].theirs.seconds / runs[0].ours.seconds,
                runs[1].theirs.seconds / runs[1].ours.seconds,
                runs[2].theirs.seconds / runs[2].ours.seconds);
    printRow("iouslab import frames/s (vs ffmpeg -f null)", frames / median.ours.seconds,
             frames / median.theirs.seconds, "fps");
    printCpuRow("  per CPU second", frames, median.ours, median.theirs);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString iouslab = QStringLiteral(IOUSLAB_BINARY);
    const int frames = argc > 1 ? QByteArray(argv[1]).toInt() : 3400;
    QTemporaryDir temp;

    std::printf("Making the inputs: iouslab simulate, 1 patient, %d frames, JPEG baseline\n",
                frames);
    std::fflush(stdout);
    const QString sources = temp.filePath(QStringLiteral("sources"));
    const ChildRun made = runChild(iouslab, {QStringLiteral("simulate"), QStringLiteral("--out"),
                                             sources, QStringLiteral("--patients"),
                                             QStringLiteral("1"), QStringLiteral("--frames"),
                                             QString::number(frames), QStringLiteral("--jpeg")});
    const QString dicom = sources + QStringLiteral("/patient-01/sweep1.dcm");
    const QString video = sources + QStringLiteral("/patient-01/sweep2.mp4");
    if (made.exitCode != 0 || !QFile::exists(dicom) || !QFile::exists(video)) {
        std::fprintf(stderr, "bench_import: the simulator did not make %s\n", qPrintable(dicom));
        return 1;
    }

    // The reference decode of the DICOM: every frame to a PNM file.
    const QString pnm = temp.filePath(QStringLiteral("pnm"));
    QDir().mkpath(pnm);
    const ChildRun reference =
        runChild(QStringLiteral("dcmj2pnm"),
                 {QStringLiteral("--all-frames"), dicom, pnm + QStringLiteral("/frame")});
    const int dicomFrames = int(QDir(pnm).entryList(QDir::Files).size());
    const ChildRun imported =
        runChild(iouslab, {QStringLiteral("import"), QStringLiteral("--project"),
                           temp.filePath(QStringLiteral("p1")), dicom});
    if (reference.exitCode != 0 || imported.exitCode != 0 || dicomFrames == 0) {
        std::fprintf(stderr, "bench_import: a run failed (dcmj2pnm %d, iouslab %d)\n",
                     reference.exitCode, imported.exitCode);
        return 1;
    }

    std::printf("\nMulti-frame JPEG baseline US DICOM, %d frames\n", dicomFrames);
    printRow("iouslab import frames/s (vs dcmj2pnm)", dicomFrames / imported.seconds,
             dicomFrames / reference.seconds, "fps");
    printCpuRow("  per CPU second", dicomFrames, imported, reference);
    // The reference's PNM files (a gigabyte) are removed and everything written so far is put
    // on disk first: otherwise the kernel's write-back of it runs during the video runs and
    // lands on whichever side is then writing, which is the import.
    QDir(pnm).removeRecursively();
    ::sync();

    // The simulator writes MPEG-4 Part 2 (OpenCV's writer); scanners and PACS exports mostly
    // hand over H.264, which ffmpeg makes from the same frames here.
    const QString h264 = temp.filePath(QStringLiteral("sweep2-h264.mp4"));
    const ChildRun encoded =
        runChild(QStringLiteral("ffmpeg"),
                 {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-i"), video,
                  QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-pix_fmt"),
                  QStringLiteral("yuv420p"), QStringLiteral("-crf"), QStringLiteral("18"), h264});
    if (encoded.exitCode != 0) {
        std::fprintf(stderr, "bench_import: ffmpeg could not make the H.264 MP4\n");
        return 1;
    }
    if (!compareVideoImport(iouslab, video, temp.filePath(QStringLiteral("mpeg4")),
                            "MP4 (MPEG-4 Part 2, as the simulator writes it)") ||
        !compareVideoImport(iouslab, h264, temp.filePath(QStringLiteral("h264")),
                            "MP4 (H.264, the same frames re-encoded by ffmpeg)"))
        return 1;
    std::printf("\nPeak resident memory of the import, %d-frame clip\n", dicomFrames);
    printRow("iouslab import peak MiB (vs dcmj2pnm)", imported.peakMiB, reference.peakMiB, "MiB");
    return 0;
}
