#pragma once

#include "io/framereader.h"

namespace iouslab {

/// Reads a still image (PNG, JPEG, BMP, TIFF) as a one-frame source, converted to 8 bit.
class StillReader final : public FrameReader
{
public:
    static Expected<std::unique_ptr<FrameReader>> open(const QString &path);

    const SourceInfo &info() const override { return m_info; }
    Expected<bool> next(cv::Mat &frame, double &timeS) override;

private:
    StillReader() = default;

    SourceInfo m_info;
    cv::Mat m_image; // decoded at open, handed out once
    bool m_done = false;
};

/// Converts any OpenCV image (8/16-bit or float; 1, 3 or 4 channels) to CV_8UC1 or CV_8UC3
/// (BGR). 16-bit samples keep their top 8 bits; float samples are taken as 0..1.
cv::Mat toEightBit(const cv::Mat &image);

} // namespace iouslab
