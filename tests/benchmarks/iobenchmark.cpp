// bench_io: decode throughput of the io readers next to the tools a user would otherwise
// run, on the same files in the same run:
//  - a multi-frame JPEG baseline ultrasound file (made here: the SonoSite cine of the shared
//    data, decompressed, scaled to 640 x 480 and repeated to FRAMES frames, then compressed
//    by dcmcjpeg), against `dcmj2pnm --all-frames`;
//  - an H.264 MP4 of the same length (made by ffmpeg from the shared clip), against
//    `ffmpeg -i FILE -f null -`.
// Usage: bench_io [FRAMES [FOLDER]] (default 600 frames, made in a temporary folder). Needs
// dcmdjpeg, dcmcjpeg, dcmj2pnm, ffmpeg.
#include "io/framereader.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <opencv2/imgproc.hpp>

#include <cstdio>

#include <sys/resource.h>

using namespace iouslab;

namespace {

QTextStream out(stdout);

// CPU seconds (user + system) used so far by this process or by its finished children: on a
// busy machine the wall time of both sides swings, their CPU time much less.
double cpuSeconds(int who)
{
    rusage usage{};
    getrusage(who, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double lastCpu = 0; // CPU seconds of the last measured run, ours or the tool's

bool run(const QString &program, const QStringList &arguments, double *seconds = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer timer;
    const double cpuBefore = cpuSeconds(RUSAGE_CHILDREN);
    timer.start();
    process.start(program, arguments);
    const bool finished = process.waitForFinished(-1);
    if (seconds)
        *seconds = timer.nsecsElapsed() / 1e9;
    lastCpu = cpuSeconds(RUSAGE_CHILDREN) - cpuBefore;
    if (!finished || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        out << program << " failed\n";
        out.flush();
        return false;
    }
    return true;
}

// Reads every frame through the io layer; gives seconds, or -1 on failure.
double readAll(const QString &path, int &frames)
{
    QElapsedTimer timer;
    const double cpuBefore = cpuSeconds(RUSAGE_SELF);
    timer.start();
    auto reader = openFrameReader(path);
    if (!reader) {
        out << reader.error() << "\n";
        return -1;
    }
    cv::Mat frame;
    double t = 0;
    frames = 0;
    for (;;) {
        auto more = (*reader)->next(frame, t);
        if (!more) {
            out << more.error() << "\n";
            return -1;
        }
        if (!*more)
            break;
        ++frames;
    }
    lastCpu = cpuSeconds(RUSAGE_SELF) - cpuBefore;
    return timer.nsecsElapsed() / 1e9;
}

// A native multi-frame US file of `frames` 640 x 480 RGB frames from the SonoSite cine.
bool makeNativeClip(const QString &source, const QString &target, int frames)
{
    DcmFileFormat file;
    if (file.loadFile(source.toLocal8Bit().constData()).bad())
        return false;
    DcmDataset *ds = file.getDataset();
    Uint16 rows = 0, columns = 0;
    Sint32 sourceFrames = 0;
    const Uint8 *pixels = nullptr;
    ds->findAndGetUint16(DCM_Rows, rows);
    ds->findAndGetUint16(DCM_Columns, columns);
    ds->findAndGetSint32(DCM_NumberOfFrames, sourceFrames);
    if (ds->findAndGetUint8Array(DCM_PixelData, pixels).bad() || !pixels || sourceFrames < 1)
        return false;

    const int width = 640, height = 480;
    const size_t frameBytes = size_t(width) * height * 3;
    std::vector<Uint8> all(frameBytes * frames);
    for (int i = 0; i < frames; ++i) {
        const cv::Mat small(rows, columns, CV_8UC3,
                            const_cast<Uint8 *>(pixels) +
                                size_t(i % sourceFrames) * rows * columns * 3);
        cv::Mat big(height, width, CV_8UC3, all.data() + frameBytes * i);
        cv::resize(small, big, big.size(), 0, 0, cv::INTER_LINEAR);
    }
    ds->putAndInsertUint16(DCM_Rows, height);
    ds->putAndInsertUint16(DCM_Columns, width);
    ds->putAndInsertString(DCM_NumberOfFrames, QByteArray::number(frames).constData());
    ds->putAndInsertString(DCM_PhotometricInterpretation, "RGB");
    ds->putAndInsertUint16(DCM_PlanarConfiguration, 0);
    ds->putAndInsertUint8Array(DCM_PixelData, all.data(), all.size());
    return file.saveFile(target.toLocal8Bit().constData(), EXS_LittleEndianExplicit).good();
}

void report(const char *what, int frames, double ours, double oursCpu, double theirs,
            double theirsCpu, const char *tool)
{
    out << what << "\n";
    out << QStringLiteral("  iouslab io reader: %1 frames in %2 s = %3 frames/s (CPU %4 s)\n")
               .arg(frames)
               .arg(ours, 0, 'f', 3)
               .arg(frames / ours, 0, 'f', 1)
               .arg(oursCpu, 0, 'f', 3);
    out << QStringLiteral("  %1: %2 s = %3 frames/s (CPU %4 s)\n")
               .arg(QString::fromLatin1(tool))
               .arg(theirs, 0, 'f', 3)
               .arg(frames / theirs, 0, 'f', 1)
               .arg(theirsCpu, 0, 'f', 3);
    out << QStringLiteral("  ratio (iouslab / tool speed): %1 by wall time, %2 by CPU time\n")
               .arg(theirs / ours, 0, 'f', 2)
               .arg(theirsCpu / oursCpu, 0, 'f', 2);
    out.flush();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int frames = argc > 1 ? std::max(1, atoi(argv[1])) : 600;
    const QString data = QStringLiteral(IOUSLAB_SHARED_DATA);
    QTemporaryDir temporary;
    // A second argument keeps the made files in that folder (for profiling).
    const QDir work(argc > 2 ? QString::fromLocal8Bit(argv[2]) : temporary.path());
    QDir().mkpath(work.path());

    // The multi-frame JPEG ultrasound file.
    const QString decompressed = work.filePath(QStringLiteral("sonosite-native30.dcm"));
    const QString native = work.filePath(QStringLiteral("clip-native.dcm"));
    const QString jpeg = work.filePath(QStringLiteral("clip-jpeg.dcm"));
    if (!run(QStringLiteral("dcmdjpeg"),
             {QStringLiteral("+cl"), data + QStringLiteral("/dicom/pydicom/examples_ybr_color.dcm"),
              decompressed}) ||
        !makeNativeClip(decompressed, native, frames) ||
        !run(QStringLiteral("dcmcjpeg"), {QStringLiteral("+eb"), native, jpeg}))
        return 1;

    int read = 0;
    // One warm-up read, so both sides find the file in the page cache.
    readAll(jpeg, read);
    const double ours = readAll(jpeg, read);
    const double oursCpu = lastCpu;
    QDir().mkpath(work.filePath(QStringLiteral("pnm")));
    double theirs = 0;
    if (ours < 0 || read != frames ||
        !run(QStringLiteral("dcmj2pnm"),
             {QStringLiteral("--all-frames"), jpeg, work.filePath(QStringLiteral("pnm/f"))},
             &theirs))
        return 1;
    const double theirsCpu = lastCpu;
    report(
        qPrintable(
            QStringLiteral("Multi-frame JPEG baseline US, 640 x 480 RGB, %1 frames").arg(frames)),
        read, ours, oursCpu, theirs, theirsCpu, "dcmj2pnm --all-frames");

    // The MP4 of the same length.
    const QString mp4 = work.filePath(QStringLiteral("clip.mp4"));
    const int loops = (frames + 29) / 30;
    if (!run(QStringLiteral("ffmpeg"),
             {QStringLiteral("-y"), QStringLiteral("-v"), QStringLiteral("error"),
              QStringLiteral("-stream_loop"), QString::number(loops - 1), QStringLiteral("-i"),
              data + QStringLiteral("/video/sonosite_30f_h264.mp4"), QStringLiteral("-vf"),
              QStringLiteral("scale=640:480"), QStringLiteral("-frames:v"), QString::number(frames),
              QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-pix_fmt"),
              QStringLiteral("yuv420p"), mp4}))
        return 1;
    readAll(mp4, read);
    const double oursVideo = readAll(mp4, read);
    const double oursVideoCpu = lastCpu;
    double ffmpeg = 0;
    if (oursVideo < 0 ||
        !run(QStringLiteral("ffmpeg"),
             {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-i"), mp4,
              QStringLiteral("-f"), QStringLiteral("null"), QStringLiteral("-")},
             &ffmpeg))
        return 1;
    report(qPrintable(QStringLiteral("MP4 H.264, 640 x 480, %1 frames").arg(read)), read, oursVideo,
           oursVideoCpu, ffmpeg, lastCpu, "ffmpeg -i FILE -f null -");
    return 0;
}
