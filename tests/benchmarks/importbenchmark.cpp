// Import throughput and memory. Makes a simulated multi-frame JPEG ultrasound DICOM of about
// 2,000 frames and an MP4, then measures in the same run:
//  - `iouslab import` of the DICOM (decode, crop, frame store, catalogue) next to
//    `dcmj2pnm --all-frames` decoding the same file to PNM files;
//  - `iouslab import` of the MP4 next to `ffmpeg -i FILE -f null -`;
//  - the import's peak resident memory.
#include "childprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>

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

    const ChildRun ffmpeg =
        runChild(QStringLiteral("ffmpeg"),
                 {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-i"), video,
                  QStringLiteral("-f"), QStringLiteral("null"), QStringLiteral("-")});
    const ChildRun importedVideo =
        runChild(iouslab, {QStringLiteral("import"), QStringLiteral("--project"),
                           temp.filePath(QStringLiteral("p2")), video});
    const int videoFrames = importedFrames(iouslab, temp.filePath(QStringLiteral("p2")));

    std::printf("\nMulti-frame JPEG baseline US DICOM, %d frames\n", dicomFrames);
    printRow("iouslab import frames/s (vs dcmj2pnm)", dicomFrames / imported.seconds,
             dicomFrames / reference.seconds, "fps");
    printCpuRow("  per CPU second", dicomFrames, imported, reference);
    std::printf("\nMP4 (mpeg4), %d frames\n", videoFrames);
    printRow("iouslab import frames/s (vs ffmpeg -f null)", videoFrames / importedVideo.seconds,
             videoFrames / ffmpeg.seconds, "fps");
    printCpuRow("  per CPU second", videoFrames, importedVideo, ffmpeg);
    std::printf("\nPeak resident memory of the import, %d-frame clip\n", dicomFrames);
    printRow("iouslab import peak MiB (vs dcmj2pnm)", imported.peakMiB, reference.peakMiB, "MiB");
    return 0;
}
