#pragma once

#include <QRect>

#include <opencv2/core/mat.hpp>

#include <vector>

namespace iouslab {

/// Finds the ultrasound image region of frames that carry no DICOM region sequence: the
/// sector or rectangle whose pixels change across frames or carry speckle, without the
/// static text, scales and flat borders around it. With two or more frames that differ, the
/// region is where they change; with one frame (or frames that do not change) it is where
/// the texture is speckle: locally varied grey with few black pixels, wider than a text
/// stroke. Gives the bounding rectangle in the frames' pixel coordinates (two side-by-side
/// views give one rectangle around both), or the whole frame when nothing qualifies.
/// Frames may be grey or BGR, 8 bit, all of one size.
QRect detectUltrasoundRegion(const std::vector<cv::Mat> &sampleFrames);

} // namespace iouslab
