// bench_cine: frames per second through the viewer's own path (FrameLoader from the frame
// store, then FrameView drawing) for 1024 x 768 frames, as fast as it goes and as cine at the
// clip's 60 fps; beside ffmpeg decoding the same frames as an H.264 file, measured in the
// same run.
//
// Usage: bench_cine [FRAMES]   (default 600)

#include "catalogue/project.h"
#include "io/framestore.h"
#include "ui/frameview.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>

using namespace iouslab;

namespace {

constexpr int frameWidth = 1024;
constexpr int frameHeight = 768;
constexpr double clipRate = 60.0;

// Speckle-like frames that change from one to the next, written to the store and, raw, to
// rawPath for the ffmpeg side.
bool buildProject(const QString &folder, const QString &rawPath, int frames, ClipId *clip)
{
    auto project = Project::open(folder, Project::OpenMode::CreateIfMissing);
    if (!project)
        return false;
    const QString hash = QStringLiteral("cinebench");
    auto writer =
        FrameStoreWriter::create((*project)->framesFolder(), hash, frameWidth, frameHeight, 1);
    if (!writer)
        return false;
    QFile raw(rawPath);
    if (!raw.open(QIODevice::WriteOnly))
        return false;
    cv::RNG random(7);
    cv::Mat frame(frameHeight, frameWidth, CV_8UC1);
    QList<double> times;
    for (int i = 0; i < frames; ++i) {
        random.fill(frame, cv::RNG::UNIFORM, 0, 256);
        cv::GaussianBlur(frame, frame, cv::Size(5, 5), 1.5);
        if (!(*writer)->append(frame))
            return false;
        raw.write(reinterpret_cast<const char *>(frame.data), qint64(frame.total()));
        times << i / clipRate;
    }
    if (!(*writer)->finish())
        return false;

    Catalogue &catalogue = (*project)->catalogue();
    const PatientId patient = catalogue.addPatient(QStringLiteral("P-CINE")).value();
    const StudyId study = catalogue.addStudy({0, patient, QStringLiteral("s"), {}, 0}).value();
    ClipRecord record;
    record.studyId = study;
    record.sourcePath = QStringLiteral("cine.mp4");
    record.contentHash = hash;
    record.frameCount = frames;
    record.frameRate = clipRate;
    record.width = frameWidth;
    record.height = frameHeight;
    *clip = catalogue.addClip(record).value();
    return catalogue.addFrames(*clip, times).hasValue();
}

double ffmpegFramesPerSecond(const QString &rawPath, const QString &mp4Path, int frames)
{
    QProcess encode;
    encode.start(QStringLiteral("ffmpeg"),
                 {QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-y"),
                  QStringLiteral("-f"), QStringLiteral("rawvideo"), QStringLiteral("-pix_fmt"),
                  QStringLiteral("gray"), QStringLiteral("-s"),
                  QStringLiteral("%1x%2").arg(frameWidth).arg(frameHeight), QStringLiteral("-r"),
                  QString::number(clipRate), QStringLiteral("-i"), rawPath, QStringLiteral("-c:v"),
                  QStringLiteral("libx264"), QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"),
                  mp4Path});
    if (!encode.waitForFinished(600000) || encode.exitCode() != 0)
        return -1;
    QElapsedTimer timer;
    timer.start();
    QProcess decode;
    decode.start(QStringLiteral("ffmpeg"),
                 {QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-i"),
                  mp4Path, QStringLiteral("-f"), QStringLiteral("null"), QStringLiteral("-")});
    if (!decode.waitForFinished(600000) || decode.exitCode() != 0)
        return -1;
    return frames / (timer.nsecsElapsed() / 1e9);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    const int frames = argc > 1 ? std::max(30, std::atoi(argv[1])) : 600;

    QTemporaryDir temp;
    const QString folder = temp.filePath(QStringLiteral("project"));
    const QString raw = temp.filePath(QStringLiteral("frames.gray"));
    ClipId clip = 0;
    if (!buildProject(folder, raw, frames, &clip)) {
        std::fprintf(stderr, "cannot build the benchmark project\n");
        return 1;
    }
    {
        auto project = Project::open(folder, Project::OpenMode::OpenExisting);
        (*project)->catalogue().addReader(QStringLiteral("bench"), ReaderRole::Radiologist);
    }
    const ReaderRecord reader{1, QStringLiteral("bench"), ReaderRole::Radiologist, 0};

    MainWindow window(folder, reader);
    window.resize(1440, 900);
    QSignalSpy loaded(&window, &MainWindow::catalogueLoaded);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window) || !(loaded.count() > 0 || loaded.wait(60000)))
        return 1;
    QSignalSpy shown(&window, &MainWindow::frameShown);
    window.openClip(clip);
    if (!(shown.count() > 0 || shown.wait(10000)))
        return 1;

    // 1. As fast as the path goes: ask for each frame in turn, wait until it is drawn.
    int shownIndex = -1;
    QObject::connect(&window, &MainWindow::frameShown, [&](int index) { shownIndex = index; });
    QElapsedTimer timer;
    timer.start();
    for (int i = 1; i < frames; ++i) {
        window.setCurrentFrame(i);
        while (shownIndex != i)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        window.frameView()->repaint();
    }
    const double fastest = (frames - 1) / (timer.nsecsElapsed() / 1e9);

    // 2. Cine at the clip's rate: count the frames drawn in play.
    window.setCurrentFrame(0);
    QTest::qWait(200);
    int drawn = 0;
    int last = 0;
    // A frame can be announced twice (cached, then its load finishing): count changes only.
    QObject::connect(&window, &MainWindow::frameShown, [&](int index) {
        drawn += index != last ? 1 : 0;
        last = index;
    });
    QTest::keyClick(&window, Qt::Key_Space);
    const int playMs = int(1000.0 * (frames - 1) / clipRate * 0.9);
    timer.restart();
    QTest::qWait(playMs);
    const double cine = drawn / (timer.nsecsElapsed() / 1e9);
    QTest::keyClick(&window, Qt::Key_Space);

    const double ffmpeg =
        ffmpegFramesPerSecond(raw, temp.filePath(QStringLiteral("frames.mp4")), frames);
    std::printf("viewer load-and-draw, %d frames of %d x %d: %.0f frames/s as fast as it goes\n",
                frames, frameWidth, frameHeight, fastest);
    std::printf("cine play at the clip's %.0f fps: %.1f frames/s drawn (target 60)\n", clipRate,
                cine);
    if (ffmpeg > 0) {
        std::printf("ffmpeg -i same.mp4 -f null - (decode only, no drawing): %.0f frames/s\n",
                    ffmpeg);
        std::printf("ratio (viewer / ffmpeg decode): %.2f x\n", fastest / ffmpeg);
    }
    return cine >= 0.95 * clipRate ? 0 : 2;
}
