// Region detection on real liver stills with burned-in scanner text (shared/data/liver-us):
// the region must hold the image centre, leave out the header text at the top and the flat
// rows at the bottom, and not reach across the settings text at the right. Where the text is, is
// measured here from each image, not assumed: bright strokes in the header band left of the sector,
// and in the settings column.
#include "io/regiondetector.h"
#include "io/framereader.h"

#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace iouslab;

namespace {

// The bounding box of bright pixels (text strokes, bright tissue) inside a search window.
cv::Rect brightStrokes(const cv::Mat &grey, const cv::Rect &window, int threshold = 150)
{
    cv::Mat strokes = grey(window) > threshold;
    std::vector<cv::Point> points;
    cv::findNonZero(strokes, points);
    if (points.empty())
        return {};
    return cv::boundingRect(points) + window.tl();
}

cv::Mat annotate(const cv::Mat &image, const QRect &region, const cv::Rect &header,
                 const cv::Rect &settings)
{
    cv::Mat out = image.channels() == 1 ? cv::Mat() : image.clone();
    if (image.channels() == 1)
        cv::cvtColor(image, out, cv::COLOR_GRAY2BGR);
    cv::rectangle(out, cv::Rect(region.x(), region.y(), region.width(), region.height()),
                  cv::Scalar(0, 255, 0), 3);
    // The text found is painted over: the pictures show where it was, not what it said (an
    // operator's name, dates).
    cv::rectangle(out, cv::Rect(0, 0, out.cols, header.y + header.height + 4),
                  cv::Scalar(0, 0, 160), cv::FILLED);
    cv::rectangle(out, settings, cv::Scalar(0, 0, 160), cv::FILLED);
    return out;
}

} // namespace

TEST_CASE("The detected region of a liver still holds the sector and leaves out its text", "[io]")
{
    QStringList files;
    QDirIterator it(test::sharedData(QStringLiteral("liver-us")), {QStringLiteral("*.jpg")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 30);

    const QString outFolder = qEnvironmentVariableIsSet("IOUSLAB_WRITE_DOCS")
                                  ? QStringLiteral(IOUSLAB_SOURCE_DIR "/docs/import")
                                  : QDir::currentPath() + QStringLiteral("/region-detection");
    QDir().mkpath(outFolder);

    int saved = 0;
    for (const QString &file : files) {
        INFO(file.toStdString());
        auto reader = openFrameReader(file);
        REQUIRE(reader);
        cv::Mat frame;
        double t = 0;
        REQUIRE((*reader)->next(frame, t).value());
        const QRect region = detectUltrasoundRegion({frame});

        cv::Mat grey;
        cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
        const int w = grey.cols, h = grey.rows;
        // Header text: left of where any sector starts, in the top fifth.
        const cv::Rect header =
            brightStrokes(grey, cv::Rect(int(0.06 * w), 0, int(0.24 * w), h / 5));
        // Settings column: the right edge, in the top third.
        const cv::Rect settings =
            brightStrokes(grey, cv::Rect(int(0.84 * w), 0, int(0.16 * w), h / 3));
        // The flat black rows below the sector: after the last row with content mid-image.
        const cv::Rect content =
            brightStrokes(grey, cv::Rect(int(0.2 * w), 0, int(0.6 * w), h), 30);
        const int lastContent = content.y + content.height;
        REQUIRE(header.area() > 0);
        REQUIRE(settings.area() > 0);

        CHECK(region.contains(QPoint(w / 2, h / 2)));
        CHECK(region.top() > header.y + header.height);
        // A wide sector reaches under the settings column, so the region may overlap the
        // column's left part, never its far side.
        CHECK(region.right() < settings.x + settings.width / 2);
        CHECK(region.left() > int(0.06 * w));
        CHECK(region.bottom() <= lastContent + 8);
        // The sector is most of the picture: not a sliver of it.
        CHECK(region.width() > w / 3);
        CHECK(region.height() > h / 2);

        const bool good = region.contains(QPoint(w / 2, h / 2)) &&
                          region.top() > header.y + header.height &&
                          region.right() < settings.x + settings.width / 2 &&
                          region.left() > int(0.06 * w) && region.bottom() <= lastContent + 8;
        if (saved < 4 || !good) {
            const QString name =
                good ? QStringLiteral("region-%1.png").arg(saved + 1)
                     : QStringLiteral("region-miss-%1.png").arg(QFileInfo(file).completeBaseName());
            cv::Mat small;
            cv::resize(annotate(frame, region, header, settings), small, cv::Size(), 0.5, 0.5,
                       cv::INTER_AREA);
            cv::imwrite((outFolder + QLatin1Char('/') + name).toStdString(), small);
            saved += good ? 1 : 0;
        }
    }
}

TEST_CASE("Region detection follows the part of a clip that changes", "[io]")
{
    // A synthetic clip: static text on black, noise that changes inside a rectangle.
    cv::RNG rng(7);
    std::vector<cv::Mat> frames;
    for (int i = 0; i < 8; ++i) {
        cv::Mat frame = cv::Mat::zeros(300, 400, CV_8UC1);
        cv::putText(frame, "SCANNER 12:00", cv::Point(10, 25), cv::FONT_HERSHEY_SIMPLEX, 0.7,
                    cv::Scalar(255), 2);
        cv::Mat inside = frame(cv::Rect(100, 60, 200, 180));
        rng.fill(inside, cv::RNG::UNIFORM, 30, 120);
        frames.push_back(frame);
    }
    const QRect region = detectUltrasoundRegion(frames);
    CHECK(std::abs(region.left() - 100) <= 4);
    CHECK(std::abs(region.top() - 60) <= 4);
    CHECK(std::abs(region.right() - 299) <= 4);
    CHECK(std::abs(region.bottom() - 239) <= 4);
}
