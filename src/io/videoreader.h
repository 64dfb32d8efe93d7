#pragma once

#include "io/framereader.h"

#include <opencv2/videoio.hpp>

namespace iouslab {

/// Reads a video file (MP4, MOV, AVI, MKV) through OpenCV. Frame-exact: with countFrames,
/// opening decodes the whole file once to count its frames, because the container's frame
/// count can be wrong; without, the count is what next() reads before the stream ends. Frame
/// times come from the container's timestamps.
class VideoReader final : public FrameReader
{
public:
    static Expected<std::unique_ptr<FrameReader>> open(const QString &path,
                                                       bool countFrames = true);

    const SourceInfo &info() const override { return m_info; }
    Expected<bool> next(cv::Mat &frame, double &timeS) override;

private:
    VideoReader() = default;

    SourceInfo m_info;
    cv::VideoCapture m_capture;
    int m_nextFrame = 0;
    bool m_counted = true;   // frameCount is exact; else the stream's end decides
    double m_lastTime = 0.0; // seconds, of the frame read last
};

} // namespace iouslab
