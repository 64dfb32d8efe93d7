// bench_label: the time from a key press to a committed label, through the real window, with a
// million frames in the catalogue; beside the sqlite3 command-line tool writing the same row
// (one process per label, as a script would), measured in the same run.
//
// Usage: bench_label [FRAMES [PRESSES]]   (default 1000000 frames, 2000 key presses)

#include "catalogue/project.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace iouslab;

namespace {

constexpr int clipsInProject = 100;

double percentile(std::vector<double> values, double share)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const auto at = std::min(values.size() - 1, std::size_t(share * double(values.size() - 1)));
    return values.at(at);
}

// A project of frames spread over clips, one clip per patient, with one reader's labels on a
// tenth of the frames, so the label table is not empty either.
bool buildProject(const QString &folder, int frames)
{
    auto project = Project::open(folder, Project::OpenMode::CreateIfMissing);
    if (!project) {
        std::fprintf(stderr, "%s\n", qPrintable(project.error()));
        return false;
    }
    Catalogue &catalogue = (*project)->catalogue();
    Catalogue::Transaction transaction(catalogue);
    const ReaderId other =
        catalogue.addReader(QStringLiteral("other"), ReaderRole::Surgeon).value();
    const int perClip = std::max(1, frames / clipsInProject);
    QList<double> times;
    for (int i = 0; i < perClip; ++i)
        times << i / 25.0;
    for (int c = 0; c < clipsInProject; ++c) {
        const PatientId patient = catalogue.addPatient(QStringLiteral("P-B%1").arg(c)).value();
        const StudyId study = catalogue.addStudy({0, patient, QStringLiteral("s"), {}, 0}).value();
        ClipRecord clip;
        clip.studyId = study;
        clip.sourcePath = QStringLiteral("clip%1.mp4").arg(c);
        clip.contentHash = QStringLiteral("bench%1").arg(c);
        clip.frameCount = perClip;
        clip.frameRate = 25.0;
        const ClipId id = catalogue.addClip(clip).value();
        if (!catalogue.addFrames(id, times))
            return false;
    }
    for (FrameId frame = 1; frame <= FrameId(perClip) * clipsInProject; frame += 10) {
        if (!catalogue.setLabel(frame, other, LabelValue::Normal))
            return false;
    }
    return transaction.commit().hasValue();
}

// Milliseconds per label for the sqlite3 tool: one process per INSERT, like a shell script.
std::vector<double> sqliteToolTimes(const QString &catalogue, ReaderId reader, FrameId first,
                                    int count)
{
    std::vector<double> times;
    for (int i = 0; i < count; ++i) {
        const QString sql = QStringLiteral("INSERT INTO label (frame_id, reader_id, value, "
                                           "labelled_at) VALUES (%1, %2, 'lesion', %3) ON "
                                           "CONFLICT(frame_id, reader_id) DO UPDATE SET value = "
                                           "excluded.value")
                                .arg(first + i)
                                .arg(reader)
                                .arg(Catalogue::nowMs());
        QElapsedTimer timer;
        timer.start();
        QProcess tool;
        tool.start(QStringLiteral("sqlite3"),
                   {QStringLiteral("-cmd"), QStringLiteral(".timeout 5000"), catalogue, sql});
        if (!tool.waitForFinished(10000) || tool.exitCode() != 0) {
            std::fprintf(stderr, "sqlite3 failed: %s\n", tool.readAllStandardError().constData());
            return {};
        }
        times.push_back(timer.nsecsElapsed() / 1e6);
    }
    return times;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
    const int frames = argc > 1 ? std::max(clipsInProject, std::atoi(argv[1])) : 1000000;
    const int presses = argc > 2 ? std::max(10, std::atoi(argv[2])) : 2000;

    QTemporaryDir temp;
    const QString folder = temp.filePath(QStringLiteral("project"));
    QElapsedTimer build;
    build.start();
    if (!buildProject(folder, frames))
        return 1;
    std::printf("catalogue of %d frames in %d clips built in %.1f s\n", frames, clipsInProject,
                build.nsecsElapsed() / 1e9);

    ReaderRecord reader;
    ReaderRecord toolReader;
    {
        auto project = Project::open(folder, Project::OpenMode::OpenExisting);
        Catalogue &catalogue = (*project)->catalogue();
        reader.name = QStringLiteral("bench");
        reader.role = ReaderRole::Radiologist;
        reader.id = catalogue.addReader(reader.name, reader.role).value();
        toolReader.id = catalogue.addReader(QStringLiteral("tool"), reader.role).value();
    }

    // The floor: Catalogue::setLabel alone, one committed statement per label, same file.
    std::vector<double> floor;
    {
        auto project = Project::open(folder, Project::OpenMode::OpenExisting);
        Catalogue &catalogue = (*project)->catalogue();
        for (int i = 0; i < 200; ++i) {
            QElapsedTimer timer;
            timer.start();
            if (!catalogue.setLabel(FrameId(frames / 3 + i), toolReader.id, LabelValue::Normal))
                return 1;
            floor.push_back(timer.nsecsElapsed() / 1e6);
        }
    }

    MainWindow window(folder, reader);
    QSignalSpy loaded(&window, &MainWindow::catalogueLoaded);
    window.show();
    window.activateWindow();
    if (!QTest::qWaitForWindowActive(&window) || !(loaded.count() > 0 || loaded.wait(120000))) {
        std::fprintf(stderr, "the window did not open\n");
        return 1;
    }

    // Every press labels a new frame, so each one inserts a row and an audit row.
    const Qt::Key keys[] = {Qt::Key_N, Qt::Key_L, Qt::Key_U};
    std::vector<double> times;
    times.reserve(std::size_t(presses));
    for (int i = 0; i < presses; ++i) {
        QElapsedTimer timer;
        timer.start();
        QTest::keyClick(&window, keys[i % 3]);
        times.push_back(timer.nsecsElapsed() / 1e6);
        QTest::keyClick(&window, Qt::Key_Right);
        if (window.currentFrame() == window.session()->frameCount() - 1)
            QTest::keyClick(&window, Qt::Key_PageDown);
    }
    {
        auto project = Project::open(folder, Project::OpenMode::OpenExisting);
        const qint64 given = (*project)->catalogue().labelsOfReader(reader.id).value().size();
        if (given != presses) {
            std::fprintf(stderr, "%lld labels in the catalogue for %d presses\n", (long long)given,
                         presses);
            return 1;
        }
    }

    const QString catalogue = window.cataloguePath();
    const std::vector<double> tool =
        sqliteToolTimes(catalogue, toolReader.id, FrameId(frames / 2), 200);
    const double p99 = percentile(times, 0.99);
    std::printf("key press to committed label (window, %d presses): p50 %.3f ms, p99 %.3f ms, "
                "max %.3f ms (target p99 < 5 ms)\n",
                presses, percentile(times, 0.5), p99, percentile(times, 1.0));
    std::printf("  p90 %.3f ms, p95 %.3f ms, %d of %d presses over 5 ms\n", percentile(times, 0.9),
                percentile(times, 0.95),
                int(std::count_if(times.begin(), times.end(), [](double t) { return t > 5.0; })),
                presses);
    std::printf("Catalogue::setLabel alone (200 labels, the disk's commit floor): p50 %.3f ms, "
                "p99 %.3f ms\n",
                percentile(floor, 0.5), percentile(floor, 0.99));
    if (!tool.empty()) {
        const double toolP99 = percentile(tool, 0.99);
        std::printf("sqlite3 tool, one INSERT per label (200 labels): p50 %.3f ms, p99 %.3f ms\n",
                    percentile(tool, 0.5), toolP99);
        std::printf("ratio (sqlite3 tool p99 / window p99): %.1f x\n", toolP99 / p99);
    }
    return p99 < 5.0 ? 0 : 2;
}
