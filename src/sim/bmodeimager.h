#pragma once

#include "sim/liverphantom.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace iouslab::sim {

/// Where the imaging plane is: the centre of the probe face, the in-plane direction across the
/// face (lateral) and the beam direction (axial), both unit length and orthogonal.
struct ProbePose
{
    Vec3 origin;
    Vec3 lateral{1, 0, 0};
    Vec3 axial{0, 0, 1};
};

/// A transducer and its acquisition grid. A linear probe samples a rectangle (lines x depth); a
/// curvilinear one samples a sector (rays x depth) that is scan-converted for display.
class ProbeModel
{
public:
    /// The IOUS linear probe: 7.5 MHz, 38.4 mm wide, 48 mm deep, 0.15 mm pixels.
    static ProbeModel linear();
    /// A microconvex probe: 5 MHz, 70 degree sector, 80 mm deep, 0.25 mm display pixels.
    static ProbeModel curvilinear();
    static ProbeModel forKind(ProbeKind kind);

    ProbeKind kind() const { return m_kind; }
    double frequencyMHz() const { return m_frequencyMHz; }
    double depthMm() const { return m_depthMm; }
    /// Lines (or rays) x depth samples.
    cv::Size acquisitionSize() const { return m_acquisition; }
    /// Size of the displayed ultrasound image (the DICOM region).
    cv::Size displaySize() const { return m_display; }
    /// Display pixel spacing (mm), the same in x and y.
    double displayPixelMm() const { return m_displayPixelMm; }
    /// Depth step along a line (mm).
    double sampleMm() const { return m_sampleMm; }
    /// Radius of a curvilinear probe's face (mm); 0 for a linear probe.
    double radiusMm() const { return m_radiusMm; }

    /// Plane coordinates (lateral X, depth Z, mm) of each acquisition sample.
    const cv::Mat &planeX() const { return m_planeX; }
    const cv::Mat &planeZ() const { return m_planeZ; }

    /// Acquisition grid position (column, row) of a plane point; may fall outside the grid.
    cv::Point2d gridPosition(double x, double z) const;
    /// Display pixel position of a plane point.
    cv::Point2d displayPosition(double x, double z) const;
    /// Whether a plane point lies in the imaged field (rectangle or sector).
    bool inField(double x, double z) const;

    /// Axial and lateral point-spread kernels (Gaussian envelopes, unit energy each).
    const cv::Mat &axialKernel() const { return m_axialKernel; }
    const cv::Mat &lateralKernel() const { return m_lateralKernel; }

    /// Scan conversion: acquisition image (8 bit) to display image; a copy for a linear probe.
    cv::Mat toDisplay(const cv::Mat &acquisition) const;

private:
    void finish(double axialSigmaMm, double lateralSigmaMm);

    ProbeKind m_kind = ProbeKind::Linear;
    double m_frequencyMHz = 7.5;
    double m_depthMm = 48;
    double m_sampleMm = 0.15;
    double m_lineMm = 0.15; ///< linear: line spacing
    double m_radiusMm = 0;  ///< curvilinear: radius of the probe face
    double m_sectorRad = 0; ///< curvilinear: opening angle
    double m_displayPixelMm = 0.15;
    double m_displayTopMm = 0; ///< curvilinear: distance from the apex to the display top
    cv::Size m_acquisition;
    cv::Size m_display;
    cv::Mat m_planeX;
    cv::Mat m_planeZ;
    cv::Mat m_axialKernel;
    cv::Mat m_lateralKernel;
    cv::Mat m_mapX; ///< curvilinear scan conversion maps
    cv::Mat m_mapY;
};

/// A lesion that the imaging plane cuts with a visible cross-section: the ground truth.
struct VisibleLesion
{
    int lesionIndex = 0;
    LesionType type = LesionType::Hypoechoic;
    cv::Rect box;         ///< in display pixels (the ultrasound region)
    double sectionMm = 0; ///< diameter of the cross-section
    double contrastDb = 0;
};

/// One formed image.
struct BModeFrame
{
    cv::Mat envelope; ///< CV_32F acquisition grid: detected envelope after TGC, before log
    cv::Mat image;    ///< CV_8U display image (log-compressed, scan-converted)
    std::vector<VisibleLesion> lesions;
};

/// Image formation settings shared by every frame.
struct ImagingSettings
{
    double dynamicRangeDb = 70;
    double gainDb = 25.5;      ///< parenchyma (envelope mean 1.25) lands near grey 100
    double tgcFraction = 0.8;  ///< share of the parenchyma attenuation TGC gives back
    double minVisibleMm = 3.0; ///< ground truth: smallest counted cross-section
};

/// Forms B-mode frames of a phantom: scatterers drawn per frame with the plane's echogenicity
/// as amplitude, attenuation and shadowing along each line, convolution with the point-spread
/// function, quadrature envelope detection, TGC and log compression. Thread-safe: form() is
/// const and its randomness comes only from the frame seed.
class BModeImager
{
public:
    BModeImager(ProbeModel probe, ImagingSettings settings = {});

    const ProbeModel &probe() const { return m_probe; }
    const ImagingSettings &settings() const { return m_settings; }

    /// The frame of a phantom seen from a pose; the same seed gives the same pixels.
    BModeFrame form(const LiverPhantom &phantom, const ProbePose &pose,
                    std::uint64_t frameSeed) const;

    /// The lesions the plane cuts with a visible cross-section, without forming the image.
    std::vector<VisibleLesion> visibleLesions(const LiverPhantom &phantom,
                                              const ProbePose &pose) const;

    /// Scatter amplitude (echogenicity times the path gain) of the plane, before speckle.
    cv::Mat amplitudeMap(const LiverPhantom &phantom, const ProbePose &pose) const;

private:
    ProbeModel m_probe;
    ImagingSettings m_settings;
};

} // namespace iouslab::sim
