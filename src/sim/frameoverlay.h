#pragma once

#include "sim/bmodeimager.h"
#include "sim/fakeidentity.h"

#include <opencv2/core.hpp>

#include <vector>

namespace iouslab::sim {

/// The screen of the simulated scanner: the ultrasound image in a black frame with burned-in
/// text outside it (fake patient name and ID, date, probe settings, depth scale), as scanners
/// export it. Caliper marks, when asked for, fall inside the image: a label leak on purpose.
class FrameOverlay
{
public:
    FrameOverlay(const ProbeModel &probe, const FakeIdentity &identity, double frameRate);

    cv::Size frameSize() const { return m_base.size(); }
    /// Where the ultrasound image lies in the frame.
    cv::Rect region() const { return m_region; }

    /// A full frame: the display image placed in the region, with '+' caliper marks across
    /// each given box (region pixels) and its measurement printed outside the image.
    cv::Mat compose(const cv::Mat &display, const std::vector<cv::Rect> &calipers,
                    double pixelMm) const;

private:
    cv::Mat m_base;
    cv::Rect m_region;
};

} // namespace iouslab::sim
