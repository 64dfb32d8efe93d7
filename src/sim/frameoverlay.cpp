#include "sim/frameoverlay.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace iouslab::sim {

namespace {

constexpr int leftMargin = 112;
constexpr int rightMargin = 56;
constexpr int topMargin = 40;
constexpr int bottomMargin = 16;
const cv::Scalar textGrey(205);

int roundUp16(int value)
{
    return (value + 15) / 16 * 16;
}

void text(cv::Mat &image, const std::string &line, cv::Point at, double scale = 0.4)
{
    cv::putText(image, line, at, cv::FONT_HERSHEY_SIMPLEX, scale, textGrey, 1, cv::LINE_AA);
}

} // namespace

FrameOverlay::FrameOverlay(const ProbeModel &probe, const FakeIdentity &identity, double frameRate)
{
    const cv::Size display = probe.displaySize();
    const cv::Size size(roundUp16(display.width + leftMargin + rightMargin),
                        roundUp16(display.height + topMargin + bottomMargin));
    m_base = cv::Mat(size, CV_8U, cv::Scalar(0));
    m_region = cv::Rect(leftMargin, topMargin, display.width, display.height);

    // Patient banner and date, as the scanner prints them.
    QString name = identity.patientName;
    name.replace(QLatin1Char('^'), QLatin1Char(' '));
    text(m_base, name.toStdString(), {8, 15});
    text(m_base, ("ID " + identity.patientId).toStdString(), {8, 31});
    const QString &d = identity.studyDate;
    const QString &t = identity.studyTime;
    text(m_base,
         QStringLiteral("%1-%2-%3").arg(d.mid(0, 4), d.mid(4, 2), d.mid(6, 2)).toStdString(),
         {size.width - 96, 15});
    text(m_base,
         QStringLiteral("%1:%2:%3").arg(t.mid(0, 2), t.mid(2, 2), t.mid(4, 2)).toStdString(),
         {size.width - 96, 31});

    // Acquisition settings down the left side.
    const bool linear = probe.kind() == ProbeKind::Linear;
    const std::vector<std::string> settings{
        "IOUS LIVER",
        linear ? "L7.5" : "C5",
        QStringLiteral("%1 MHz").arg(probe.frequencyMHz(), 0, 'f', 1).toStdString(),
        QStringLiteral("D %1 cm").arg(probe.depthMm() / 10, 0, 'f', 1).toStdString(),
        "G 54",
        "DR 70",
        QStringLiteral("FR %1 Hz").arg(int(std::lround(frameRate))).toStdString(),
        "MI 0.7",
        "TIS 0.4"};
    for (std::size_t i = 0; i < settings.size(); ++i)
        text(m_base, settings[i], {8, topMargin + 20 + int(i) * 20});

    // Depth scale to the right of the image: a tick every 5 mm, a number every centimetre.
    const int scaleX = m_region.x + m_region.width + 8;
    for (int mm = 0; mm <= int(probe.depthMm()); mm += 5) {
        const double y = probe.displayPosition(0, mm).y + m_region.y;
        if (y > m_region.y + m_region.height)
            break;
        const int length = mm % 10 == 0 ? 8 : 4;
        cv::line(m_base, {scaleX, int(y)}, {scaleX + length, int(y)}, textGrey, 1);
        if (mm % 10 == 0)
            text(m_base, std::to_string(mm / 10), {scaleX + 12, int(y) + 4}, 0.35);
    }
}

cv::Mat FrameOverlay::compose(const cv::Mat &display, const std::vector<cv::Rect> &calipers,
                              double pixelMm) const
{
    cv::Mat frame = m_base.clone();
    display.copyTo(frame(m_region));
    int line = 0;
    for (const cv::Rect &box : calipers) {
        const int y = m_region.y + box.y + box.height / 2;
        const cv::Point left(m_region.x + box.x, y);
        const cv::Point right(m_region.x + box.x + box.width, y);
        cv::drawMarker(frame, left, cv::Scalar(235), cv::MARKER_CROSS, 9, 1);
        cv::drawMarker(frame, right, cv::Scalar(235), cv::MARKER_CROSS, 9, 1);
        const double cm = box.width * pixelMm / 10.0;
        text(frame, QStringLiteral("D%1 %2 cm").arg(line + 1).arg(cm, 0, 'f', 2).toStdString(),
             {8, m_region.y + m_region.height - 8 - 16 * line});
        ++line;
    }
    return frame;
}

} // namespace iouslab::sim
