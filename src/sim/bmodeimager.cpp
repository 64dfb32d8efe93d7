#include "sim/bmodeimager.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace iouslab::sim {

namespace {

Vec3 cross(Vec3 a, Vec3 b)
{
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}

double distanceToSegment(Vec3 p, Vec3 a, Vec3 b)
{
    const Vec3 ab = b - a;
    const double lengthSquared = dot(ab, ab);
    const double t = lengthSquared > 0 ? std::clamp(dot(p - a, ab) / lengthSquared, 0.0, 1.0) : 0;
    const Vec3 d = p - (a + t * ab);
    return std::sqrt(dot(d, d));
}

// Unit-energy Gaussian: the speckle's mean and variance then depend on the amplitude alone.
cv::Mat unitEnergyGaussian(double sigmaSamples)
{
    const int half = std::max(1, int(std::ceil(3 * sigmaSamples)));
    cv::Mat kernel = cv::getGaussianKernel(2 * half + 1, sigmaSamples, CV_32F);
    kernel /= cv::norm(kernel);
    return kernel;
}

} // namespace

ProbeModel ProbeModel::linear()
{
    ProbeModel probe;
    probe.m_kind = ProbeKind::Linear;
    probe.m_frequencyMHz = 7.5;
    probe.m_depthMm = 48;
    probe.m_sampleMm = 0.15;
    probe.m_lineMm = 0.15;
    probe.m_displayPixelMm = 0.15;
    probe.m_acquisition = cv::Size(256, 320);
    probe.m_display = probe.m_acquisition;
    probe.finish(0.18, 0.35);
    return probe;
}

ProbeModel ProbeModel::curvilinear()
{
    ProbeModel probe;
    probe.m_kind = ProbeKind::Curvilinear;
    probe.m_frequencyMHz = 5.0;
    probe.m_depthMm = 80;
    probe.m_sampleMm = 0.25;
    probe.m_radiusMm = 15;
    probe.m_sectorRad = 70.0 * M_PI / 180.0;
    probe.m_displayPixelMm = 0.25;
    probe.m_acquisition = cv::Size(256, 320);
    const double outer = probe.m_radiusMm + probe.m_depthMm;
    const double halfWidth = outer * std::sin(probe.m_sectorRad / 2);
    probe.m_displayTopMm = probe.m_radiusMm * std::cos(probe.m_sectorRad / 2);
    const int columns = 2 * int(std::ceil(halfWidth / probe.m_displayPixelMm));
    const int rows = int(std::ceil((outer - probe.m_displayTopMm) / probe.m_displayPixelMm));
    probe.m_display = cv::Size(columns, rows);
    probe.finish(0.3, 0.7);
    return probe;
}

ProbeModel ProbeModel::forKind(ProbeKind kind)
{
    return kind == ProbeKind::Linear ? linear() : curvilinear();
}

void ProbeModel::finish(double axialSigmaMm, double lateralSigmaMm)
{
    const int columns = m_acquisition.width;
    const int rows = m_acquisition.height;
    m_planeX.create(m_acquisition, CV_32F);
    m_planeZ.create(m_acquisition, CV_32F);
    const double rayStep = m_sectorRad / columns;
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
            double x = 0;
            double z = 0;
            if (m_kind == ProbeKind::Linear) {
                x = (c + 0.5 - columns / 2.0) * m_lineMm;
                z = (r + 0.5) * m_sampleMm;
            } else {
                const double angle = -m_sectorRad / 2 + (c + 0.5) * rayStep;
                const double radius = m_radiusMm + (r + 0.5) * m_sampleMm;
                x = radius * std::sin(angle);
                z = radius * std::cos(angle) - m_radiusMm;
            }
            m_planeX.at<float>(r, c) = float(x);
            m_planeZ.at<float>(r, c) = float(z);
        }
    }

    // The lateral beam of a sector probe is set at mid depth, where the rays are this far apart.
    const double lineSpacing =
        m_kind == ProbeKind::Linear ? m_lineMm : (m_radiusMm + m_depthMm / 2) * rayStep;
    m_axialKernel = unitEnergyGaussian(axialSigmaMm / m_sampleMm);
    m_lateralKernel = unitEnergyGaussian(lateralSigmaMm / lineSpacing);

    if (m_kind == ProbeKind::Curvilinear) {
        m_mapX.create(m_display, CV_32F);
        m_mapY.create(m_display, CV_32F);
        for (int j = 0; j < m_display.height; ++j) {
            for (int i = 0; i < m_display.width; ++i) {
                const double x = (i + 0.5 - m_display.width / 2.0) * m_displayPixelMm;
                const double z = m_displayTopMm + (j + 0.5) * m_displayPixelMm - m_radiusMm;
                const cv::Point2d grid = gridPosition(x, z);
                const bool inside = grid.x >= -0.5 && grid.x <= columns - 0.5 && grid.y >= -0.5 &&
                                    grid.y <= rows - 0.5;
                m_mapX.at<float>(j, i) = inside ? float(grid.x) : -10.f;
                m_mapY.at<float>(j, i) = inside ? float(grid.y) : -10.f;
            }
        }
    }
}

cv::Point2d ProbeModel::gridPosition(double x, double z) const
{
    if (m_kind == ProbeKind::Linear)
        return {x / m_lineMm + m_acquisition.width / 2.0 - 0.5, z / m_sampleMm - 0.5};
    const double angle = std::atan2(x, z + m_radiusMm);
    const double radius = std::hypot(x, z + m_radiusMm);
    const double rayStep = m_sectorRad / m_acquisition.width;
    return {(angle + m_sectorRad / 2) / rayStep - 0.5, (radius - m_radiusMm) / m_sampleMm - 0.5};
}

cv::Point2d ProbeModel::displayPosition(double x, double z) const
{
    if (m_kind == ProbeKind::Linear)
        return gridPosition(x, z);
    return {x / m_displayPixelMm + m_display.width / 2.0 - 0.5,
            (z + m_radiusMm - m_displayTopMm) / m_displayPixelMm - 0.5};
}

bool ProbeModel::inField(double x, double z) const
{
    if (m_kind == ProbeKind::Linear)
        return std::abs(x) <= m_acquisition.width * m_lineMm / 2 && z >= 0 && z <= m_depthMm;
    const double angle = std::atan2(x, z + m_radiusMm);
    const double radius = std::hypot(x, z + m_radiusMm);
    return std::abs(angle) <= m_sectorRad / 2 && radius >= m_radiusMm &&
           radius <= m_radiusMm + m_depthMm;
}

cv::Mat ProbeModel::toDisplay(const cv::Mat &acquisition) const
{
    if (m_kind == ProbeKind::Linear)
        return acquisition.clone();
    cv::Mat display;
    cv::remap(acquisition, display, m_mapX, m_mapY, cv::INTER_LINEAR, cv::BORDER_CONSTANT,
              cv::Scalar(0));
    return display;
}

namespace {

// The acquisition samples that can lie in a plane-coordinate box, clipped to the grid.
cv::Rect gridBox(const ProbeModel &probe, double x0, double z0, double x1, double z1)
{
    double c0 = 1e9, c1 = -1e9, r0 = 1e9, r1 = -1e9;
    auto include = [&](cv::Point2d p) {
        c0 = std::min(c0, p.x);
        c1 = std::max(c1, p.x);
        r0 = std::min(r0, p.y);
        r1 = std::max(r1, p.y);
    };
    for (double x : {x0, x1}) {
        for (double z : {z0, z1})
            include(probe.gridPosition(x, z));
    }
    if (probe.kind() == ProbeKind::Curvilinear) {
        // Along a ray the nearest point of the box to the apex can lie on an edge, not a corner.
        const double apexZ = -probe.radiusMm();
        if (z0 <= apexZ + 1)
            return cv::Rect(cv::Point(0, 0), probe.acquisitionSize());
        include(probe.gridPosition(std::clamp(0.0, x0, x1), z0));
    }
    const cv::Rect box(int(std::floor(c0)) - 1, int(std::floor(r0)) - 1,
                       int(std::ceil(c1) - std::floor(c0)) + 3,
                       int(std::ceil(r1) - std::floor(r0)) + 3);
    return box & cv::Rect(cv::Point(0, 0), probe.acquisitionSize());
}

} // namespace

BModeImager::BModeImager(ProbeModel probe, ImagingSettings settings)
    : m_probe(std::move(probe))
    , m_settings(settings)
{}

cv::Mat BModeImager::amplitudeMap(const LiverPhantom &phantom, const ProbePose &pose) const
{
    const cv::Size size = m_probe.acquisitionSize();
    const double frequency = m_probe.frequencyMHz();
    const double tissueDbPerMm = tissueAttenuationDbPerMmMHz * frequency;
    const Vec3 o = pose.origin;
    const Vec3 u = pose.lateral;
    const Vec3 w = pose.axial;
    const Vec3 n = cross(u, w);
    auto pointAt = [&](int r, int c) {
        const double x = m_probe.planeX().at<float>(r, c);
        const double z = m_probe.planeZ().at<float>(r, c);
        return o + x * u + z * w;
    };

    // The slow texture varies over millimetres: evaluated every 8 samples and interpolated.
    constexpr int step = 8;
    const int coarseRows = (size.height - 1) / step + 2;
    const int coarseColumns = (size.width - 1) / step + 2;
    cv::Mat coarse(coarseRows, coarseColumns, CV_64F);
    for (int i = 0; i < coarseRows; ++i) {
        for (int j = 0; j < coarseColumns; ++j)
            coarse.at<double>(i, j) = phantom.texture(
                pointAt(std::min(i * step, size.height - 1), std::min(j * step, size.width - 1)));
    }

    // Background: parenchyma, the fluid above the capsule, the capsule and diaphragm lines and
    // the weak echoes beyond the diaphragm.
    cv::Mat amplitude(size, CV_32F);
    cv::Mat excess(size, CV_32F);
    for (int r = 0; r < size.height; ++r) {
        const int i = r / step;
        const double fr = double(r % step) / step;
        const float *xs = m_probe.planeX().ptr<float>(r);
        const float *zs = m_probe.planeZ().ptr<float>(r);
        const double *above = coarse.ptr<double>(i);
        const double *below = coarse.ptr<double>(i + 1);
        float *amplitudeRow = amplitude.ptr<float>(r);
        float *excessRow = excess.ptr<float>(r);
        for (int c = 0; c < size.width; ++c) {
            const int j = c / step;
            const double fc = double(c % step) / step;
            const double texture = (1 - fr) * ((1 - fc) * above[j] + fc * above[j + 1]) +
                                   fr * ((1 - fc) * below[j] + fc * below[j + 1]);
            const Vec3 p = o + double(xs[c]) * u + double(zs[c]) * w;
            double a = phantom.parenchymaAmplitude * texture;
            double e = 0;
            if (phantom.hasCapsule) {
                const double t = (p.z - phantom.capsuleDepth(p.x, p.y)) / capsuleThicknessMm;
                if (t < 0) {
                    a = nearFieldAmplitude;
                    e = -tissueDbPerMm;
                }
                if (std::abs(t) < 4)
                    a += capsuleAmplitude * std::exp(-t * t);
            }
            if (phantom.hasDiaphragm) {
                const double t = (p.z - phantom.diaphragmDepth(p.x, p.y)) / diaphragmThicknessMm;
                if (t > 1) {
                    a = 0.25;
                    e = 2.0;
                }
                if (std::abs(t) < 4)
                    a += diaphragmAmplitude * std::exp(-t * t);
            }
            amplitudeRow[c] = float(a);
            excessRow[c] = float(e);
        }
    }

    // Vessels: anechoic lumen; portal vessels with a bright wall. A lumen wins over a wall
    // where branches overlap.
    cv::Mat vesselMask(size, CV_8U, cv::Scalar(0));
    for (const VesselSegment &segment : phantom.vessels) {
        const double reach = segment.radiusMm + (segment.portal ? portalWallMm : 0.0);
        const double d0 = dot(segment.from - o, n);
        const double d1 = dot(segment.to - o, n);
        if ((d0 > reach && d1 > reach) || (d0 < -reach && d1 < -reach))
            continue;
        double t0 = 0, t1 = 1;
        if (std::abs(d1 - d0) > 1e-9) {
            const double ta = (-reach - d0) / (d1 - d0);
            const double tb = (reach - d0) / (d1 - d0);
            t0 = std::clamp(std::min(ta, tb), 0.0, 1.0);
            t1 = std::clamp(std::max(ta, tb), 0.0, 1.0);
        }
        const Vec3 a = segment.from + t0 * (segment.to - segment.from) - o;
        const Vec3 b = segment.from + t1 * (segment.to - segment.from) - o;
        const cv::Rect box = gridBox(
            m_probe, std::min(dot(a, u), dot(b, u)) - reach, std::min(dot(a, w), dot(b, w)) - reach,
            std::max(dot(a, u), dot(b, u)) + reach, std::max(dot(a, w), dot(b, w)) + reach);
        for (int r = box.y; r < box.y + box.height; ++r) {
            for (int c = box.x; c < box.x + box.width; ++c) {
                const Vec3 p = pointAt(r, c);
                // Vessels end at the diaphragm: beyond it lies lung.
                if (phantom.hasDiaphragm && p.z > phantom.diaphragmDepth(p.x, p.y))
                    continue;
                const double distance = distanceToSegment(p, segment.from, segment.to);
                uchar &mask = vesselMask.at<uchar>(r, c);
                if (distance < segment.radiusMm)
                    mask = 2;
                else if (distance < reach && mask == 0)
                    mask = 1;
            }
        }
    }
    for (int r = 0; r < size.height; ++r) {
        for (int c = 0; c < size.width; ++c) {
            const uchar mask = vesselMask.at<uchar>(r, c);
            if (mask == 2) {
                amplitude.at<float>(r, c) = float(bloodAmplitude);
                excess.at<float>(r, c) = float(-0.9 * tissueDbPerMm);
            } else if (mask == 1) {
                amplitude.at<float>(r, c) =
                    float(portalWallAmplitude * phantom.parenchymaAmplitude);
            }
        }
    }

    // Lesions scale the echogenicity around them and change the attenuation inside.
    for (const Lesion &lesion : phantom.lesions) {
        const double reach = lesion.radiusMm + 0.4;
        const double d = dot(lesion.centre - o, n);
        if (std::abs(d) >= reach)
            continue;
        const double section = std::sqrt(reach * reach - d * d);
        const double x = dot(lesion.centre - o, u);
        const double z = dot(lesion.centre - o, w);
        const cv::Rect box = gridBox(m_probe, x - section, z - section, x + section, z + section);
        const double lesionExcess = lesionExcessAttenuation(lesion, frequency);
        for (int r = box.y; r < box.y + box.height; ++r) {
            for (int c = box.x; c < box.x + box.width; ++c) {
                const Vec3 offset = pointAt(r, c) - lesion.centre;
                const double distance = std::sqrt(dot(offset, offset));
                amplitude.at<float>(r, c) *= float(lesionAmplitude(lesion, distance));
                if (distance < lesion.radiusMm)
                    excess.at<float>(r, c) += float(lesionExcess);
            }
        }
    }

    // Path gain down each line: parenchyma attenuation less what TGC gives back, and the excess
    // attenuation met on the way (shadows below calcifications, enhancement below fluid).
    // The gain factor of a line changes only where its excess attenuation is not zero.
    std::vector<double> accumulated(std::size_t(size.width), 0.0);
    std::vector<float> lineGain(std::size_t(size.width), 1.0f);
    const double sample = m_probe.sampleMm();
    const double toNeper = std::log(10.0) / 20.0;
    for (int r = 0; r < size.height; ++r) {
        const double depth = (r + 0.5) * sample;
        const double residualDb = -(1 - m_settings.tgcFraction) * tissueDbPerMm * depth;
        const float rowGain = float(std::exp(residualDb * toNeper));
        float *row = amplitude.ptr<float>(r);
        const float *excessRow = excess.ptr<float>(r);
        for (int c = 0; c < size.width; ++c) {
            if (excessRow[c] != 0) {
                double &sum = accumulated[std::size_t(c)];
                sum += excessRow[c] * sample;
                lineGain[std::size_t(c)] = float(std::exp(-std::clamp(sum, -15.0, 50.0) * toNeper));
            }
            row[c] *= rowGain * lineGain[std::size_t(c)];
        }
    }
    return amplitude;
}

BModeFrame BModeImager::form(const LiverPhantom &phantom, const ProbePose &pose,
                             std::uint64_t frameSeed) const
{
    BModeFrame frame;
    const cv::Mat amplitude = amplitudeMap(phantom, pose);

    // Many scatterers per resolution cell: a complex Gaussian reflectivity per sample whose
    // amplitude is the local echogenicity. The grid is coarser than the RF wavelength, so the
    // echo is formed at baseband: each scatterer's phase stands for its sub-sample depth, and
    // the in-phase and quadrature channels are the two real filters of the complex PSF.
    cv::RNG random(frameSeed);
    cv::Mat inPhase(amplitude.size(), CV_32F);
    cv::Mat quadrature(amplitude.size(), CV_32F);
    random.fill(inPhase, cv::RNG::NORMAL, 0, 1);
    random.fill(quadrature, cv::RNG::NORMAL, 0, 1);
    inPhase = inPhase.mul(amplitude);
    quadrature = quadrature.mul(amplitude);
    cv::sepFilter2D(inPhase, inPhase, CV_32F, m_probe.lateralKernel(), m_probe.axialKernel(),
                    cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
    cv::sepFilter2D(quadrature, quadrature, CV_32F, m_probe.lateralKernel(), m_probe.axialKernel(),
                    cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
    cv::magnitude(inPhase, quadrature, frame.envelope);

    // Log compression into the display's dynamic range.
    cv::Mat logEnvelope;
    cv::log(frame.envelope + 1e-6f, logEnvelope);
    const double scale = 255.0 / m_settings.dynamicRangeDb;
    cv::Mat acquisition;
    logEnvelope.convertTo(acquisition, CV_8U, scale * 20.0 / std::log(10.0),
                          scale * m_settings.gainDb);
    frame.image = m_probe.toDisplay(acquisition);
    frame.lesions = visibleLesions(phantom, pose);
    return frame;
}

std::vector<VisibleLesion> BModeImager::visibleLesions(const LiverPhantom &phantom,
                                                       const ProbePose &pose) const
{
    std::vector<VisibleLesion> visible;
    const Vec3 n = cross(pose.lateral, pose.axial);
    const cv::Rect region(cv::Point(0, 0), m_probe.displaySize());
    for (std::size_t i = 0; i < phantom.lesions.size(); ++i) {
        const Lesion &lesion = phantom.lesions[i];
        const double d = dot(lesion.centre - pose.origin, n);
        if (std::abs(d) >= lesion.radiusMm)
            continue;
        const double section = std::sqrt(lesion.radiusMm * lesion.radiusMm - d * d);
        const double threshold = std::min(m_settings.minVisibleMm, 1.6 * lesion.radiusMm);
        if (2 * section < threshold)
            continue;
        const double x = dot(lesion.centre - pose.origin, pose.lateral);
        const double z = dot(lesion.centre - pose.origin, pose.axial);
        if (!m_probe.inField(x, z))
            continue;
        const cv::Point2d topLeft = m_probe.displayPosition(x - section, z - section);
        const cv::Point2d bottomRight = m_probe.displayPosition(x + section, z + section);
        const cv::Rect full(
            cv::Point(int(std::floor(topLeft.x)), int(std::floor(topLeft.y))),
            cv::Point(int(std::ceil(bottomRight.x)) + 1, int(std::ceil(bottomRight.y)) + 1));
        const cv::Rect clipped = full & region;
        if (clipped.area() * 2 < full.area())
            continue;
        visible.push_back({int(i), lesion.type, clipped, 2 * section, lesion.contrastDb});
    }
    return visible;
}

} // namespace iouslab::sim
