#pragma once

#include "core/expected.h"
#include "sim/fakeidentity.h"

#include <QString>

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace iouslab::sim {

/// What a simulated ultrasound DICOM file says besides its pixels.
struct UltrasoundImageInfo
{
    FakeIdentity identity;
    QString studyUid;
    QString seriesUid;
    QString sopInstanceUid;
    int seriesNumber = 1;
    int instanceNumber = 1;
    QString seriesDescription;
    double frameTimeMs = 40;    ///< multi-frame only
    cv::Rect region;            ///< the ultrasound image inside the frame
    cv::Point2d referencePixel; ///< region pixel of the probe face centre (depth 0)
    double pixelMm = 0.15;      ///< physical size of a region pixel, x and y
    double transducerMHz = 7.5;
};

/// Encodings of the pixel data.
enum class DicomEncoding
{
    ExplicitLittleEndian, ///< uncompressed MONOCHROME2
    JpegBaseline,         ///< JPEG process 1, YBR_FULL_422
};

/// Writes 8-bit grey frames as an Ultrasound Multi-frame Image (several frames) or an
/// Ultrasound Image (one frame), with patient and study data, cine timing and the sequence of
/// ultrasound regions. Fails with a message naming the file when DCMTK cannot write it.
Status writeUltrasoundDicom(const QString &path, const std::vector<cv::Mat> &frames,
                            const UltrasoundImageInfo &info, DicomEncoding encoding);

/// A DICOM UID (2.25 form) that follows from the numbers alone, so a seed gives the same UIDs.
QString deterministicUid(std::uint64_t a, std::uint64_t b, std::uint64_t c = 0);

} // namespace iouslab::sim
