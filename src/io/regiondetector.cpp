#include "io/regiondetector.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace iouslab {

namespace {

// The analysis runs on a copy at most this wide: the region is a coarse shape, and text
// strokes stay a few pixels thick at this scale.
constexpr int analysisWidth = 512;

cv::Mat greyOf(const cv::Mat &frame, double scale)
{
    cv::Mat grey;
    if (frame.channels() == 3)
        cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
    else if (frame.channels() == 4)
        cv::cvtColor(frame, grey, cv::COLOR_BGRA2GRAY);
    else
        grey = frame;
    if (grey.depth() != CV_8U)
        grey.convertTo(grey, CV_8U);
    cv::Mat small;
    if (scale < 1.0)
        cv::resize(grey, small, cv::Size(), scale, scale, cv::INTER_AREA);
    else
        small = grey;
    cv::Mat out;
    small.convertTo(out, CV_32F);
    return out;
}

// Speckle: grey that varies locally (not a flat border), is not mostly black background
// (text and scales are bright strokes on black), and is not saturated white (text, icons).
cv::Mat speckleMask(const cv::Mat &grey)
{
    const cv::Size window(9, 9);
    cv::Mat mean, meanSq;
    cv::boxFilter(grey, mean, CV_32F, window);
    cv::boxFilter(grey.mul(grey), meanSq, CV_32F, window);
    cv::Mat variance = meanSq - mean.mul(mean);
    cv::Mat deviation;
    cv::sqrt(cv::max(variance, 0.0f), deviation);

    cv::Mat dark = grey < 12.0f;
    cv::Mat darkShare;
    cv::boxFilter(dark, darkShare, CV_32F, cv::Size(15, 15), cv::Point(-1, -1), true);
    darkShare /= 255.0f;

    cv::Mat bright = grey > 235.0f;
    cv::Mat brightShare;
    cv::boxFilter(bright, brightShare, CV_32F, cv::Size(9, 9), cv::Point(-1, -1), true);
    brightShare /= 255.0f;

    cv::Mat mask = (deviation > 2.5f) & (darkShare < 0.35f) & (brightShare < 0.2f) & (mean > 12.0f);
    return mask;
}

cv::Mat changeMask(const std::vector<cv::Mat> &greys)
{
    cv::Mat sum = cv::Mat::zeros(greys[0].size(), CV_32F);
    cv::Mat sumSq = cv::Mat::zeros(greys[0].size(), CV_32F);
    for (const cv::Mat &g : greys) {
        sum += g;
        sumSq += g.mul(g);
    }
    const float n = float(greys.size());
    cv::Mat mean = sum / n;
    cv::Mat variance = sumSq / n - mean.mul(mean);
    cv::Mat deviation;
    cv::sqrt(cv::max(variance, 0.0f), deviation);
    cv::Mat smooth;
    cv::blur(deviation, smooth, cv::Size(5, 5));
    return smooth > 3.0f;
}

// Opening removes strokes thinner than the kernel (text, scales, thin lines); the region is
// the bounding box of the largest remaining blob and of blobs at least a quarter its size.
QRect regionOfMask(const cv::Mat &mask, double scale, const cv::Size &full)
{
    cv::Mat cleaned;
    const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(11, 11));
    cv::morphologyEx(mask, cleaned, cv::MORPH_OPEN, kernel);
    cv::morphologyEx(cleaned, cleaned, cv::MORPH_CLOSE, kernel);

    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(cleaned, labels, stats, centroids, 8);
    int largest = 0;
    for (int i = 1; i < count; ++i)
        largest = std::max(largest, stats.at<int>(i, cv::CC_STAT_AREA));
    const int minimumArea = int(0.01 * mask.total());
    if (largest < minimumArea)
        return {};

    cv::Rect box;
    for (int i = 1; i < count; ++i) {
        if (stats.at<int>(i, cv::CC_STAT_AREA) * 4 < largest)
            continue;
        const cv::Rect r(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                         stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
        box = box.area() == 0 ? r : (box | r);
    }
    const int x0 = std::clamp(int(box.x / scale), 0, full.width - 1);
    const int y0 = std::clamp(int(box.y / scale), 0, full.height - 1);
    const int x1 = std::clamp(int(std::ceil((box.x + box.width) / scale)), x0 + 1, full.width);
    const int y1 = std::clamp(int(std::ceil((box.y + box.height) / scale)), y0 + 1, full.height);
    return QRect(x0, y0, x1 - x0, y1 - y0);
}

} // namespace

QRect detectUltrasoundRegion(const std::vector<cv::Mat> &sampleFrames)
{
    if (sampleFrames.empty() || sampleFrames[0].empty())
        return {};
    const cv::Size full = sampleFrames[0].size();
    const QRect whole(0, 0, full.width, full.height);
    const double scale = std::min(1.0, double(analysisWidth) / full.width);

    std::vector<cv::Mat> greys;
    for (const cv::Mat &frame : sampleFrames)
        if (!frame.empty() && frame.size() == full)
            greys.push_back(greyOf(frame, scale));

    if (greys.size() >= 2) {
        const cv::Mat changing = changeMask(greys);
        // Frames that barely change (a frozen loop) say nothing; speckle decides then.
        if (cv::countNonZero(changing) > 0.02 * changing.total()) {
            const QRect region = regionOfMask(changing, scale, full);
            if (!region.isEmpty())
                return region;
        }
    }
    const QRect region = regionOfMask(speckleMask(greys[0]), scale, full);
    return region.isEmpty() ? whole : region;
}

} // namespace iouslab
