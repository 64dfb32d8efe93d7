// Every clip of the shared video folder reads frame-exact: as many frames as ffprobe counts
// by decoding, each equal to what OpenCV gives on a plain sequential read, with container
// times that rise. The truncated clip is refused in one line.
#include "io/framereader.h"

#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QProcess>

#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

using namespace iouslab;

namespace {

// The frame count of a sequential decode by ffmpeg's own tool.
int ffprobeFrameCount(const QString &path)
{
    QProcess process;
    process.start(QStringLiteral("ffprobe"),
                  {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-count_frames"),
                   QStringLiteral("-select_streams"), QStringLiteral("v:0"),
                   QStringLiteral("-show_entries"), QStringLiteral("stream=nb_read_frames"),
                   QStringLiteral("-of"), QStringLiteral("csv=p=0"), path});
    process.waitForFinished(60000);
    bool ok = false;
    const int count = process.readAllStandardOutput().trimmed().toInt(&ok);
    return ok ? count : -1;
}

} // namespace

TEST_CASE("Every shared video clip reads frame-exact and the truncated one is refused", "[io]")
{
    const QDir folder(test::sharedData(QStringLiteral("video")));
    const QStringList clips = folder.entryList(QDir::Files, QDir::Name);
    REQUIRE(clips.size() >= 5);

    int truncatedSeen = 0;
    for (const QString &name : clips) {
        const QString path = folder.filePath(name);
        INFO(name.toStdString());
        auto reader = openFrameReader(path);
        if (name.contains(QLatin1String("truncated"))) {
            ++truncatedSeen;
            REQUIRE(!reader);
            CHECK(reader.error().startsWith(path + QStringLiteral(": ")));
            CHECK(reader.error().contains(QLatin1String("truncated")));
            CHECK(!reader.error().contains(QLatin1Char('\n')));
            continue;
        }
        REQUIRE(reader);
        const SourceInfo &info = (*reader)->info();
        CHECK(info.kind == SourceKind::Video);
        const int expected = ffprobeFrameCount(path);
        CHECK(expected > 0);
        CHECK(info.frameCount == expected);

        cv::VideoCapture plain(path.toStdString(), cv::CAP_FFMPEG);
        REQUIRE(plain.isOpened());
        cv::Mat frame, reference;
        double t = 0, previous = -1;
        int read = 0;
        for (;;) {
            iouslab::Expected<bool> more = (*reader)->next(frame, t);
            REQUIRE(more);
            if (!*more)
                break;
            REQUIRE(plain.read(reference));
            CHECK(frame.size() == cv::Size(info.width, info.height));
            CHECK(cv::norm(frame, reference, cv::NORM_INF) == 0);
            CHECK(t > previous);
            previous = t;
            ++read;
        }
        CHECK(read == expected);
        if (info.frameRate)
            CHECK(previous == Approx((expected - 1) / *info.frameRate).epsilon(0.05));
    }
    CHECK(truncatedSeen == 1);
}
