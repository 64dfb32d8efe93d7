#include "sim/bmodeimager.h"

#include <catch2/catch.hpp>

#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace iouslab::sim;

namespace {

// Mean of `image` (acquisition grid, or display image) over the samples whose plane
// coordinates satisfy `inside`, over several frames.
template<typename Inside>
double meanWhere(const ProbeModel &probe, const std::vector<cv::Mat> &images, Inside inside)
{
    double sum = 0;
    long count = 0;
    for (const cv::Mat &image : images) {
        cv::Mat values;
        image.convertTo(values, CV_64F);
        for (int r = 0; r < values.rows; ++r) {
            for (int c = 0; c < values.cols; ++c) {
                if (inside(probe.planeX().at<float>(r, c), probe.planeZ().at<float>(r, c))) {
                    sum += values.at<double>(r, c);
                    ++count;
                }
            }
        }
    }
    REQUIRE(count > 100);
    return sum / count;
}

std::vector<cv::Mat> envelopes(const BModeImager &imager, const LiverPhantom &phantom, int frames)
{
    std::vector<cv::Mat> out;
    for (int i = 0; i < frames; ++i)
        out.push_back(imager.form(phantom, ProbePose{}, 1000 + std::uint64_t(i)).envelope);
    return out;
}

// Acquisition-grid 8-bit images (before scan conversion) of a linear probe are the display.
std::vector<cv::Mat> images(const BModeImager &imager, const LiverPhantom &phantom, int frames)
{
    std::vector<cv::Mat> out;
    for (int i = 0; i < frames; ++i)
        out.push_back(imager.form(phantom, ProbePose{}, 2000 + std::uint64_t(i)).image);
    return out;
}

LiverPhantom withLesion(LesionType type, double contrastDb, double radiusMm, Vec3 centre)
{
    LiverPhantom phantom = LiverPhantom::homogeneous();
    Lesion lesion;
    lesion.type = type;
    lesion.contrastDb = contrastDb;
    lesion.radiusMm = radiusMm;
    lesion.centre = centre;
    phantom.lesions.push_back(lesion);
    return phantom;
}

} // namespace

TEST_CASE("Homogeneous parenchyma gives fully developed speckle (Rayleigh mean/std 1.91)", "[sim]")
{
    for (ProbeKind kind : {ProbeKind::Linear, ProbeKind::Curvilinear}) {
        const BModeImager imager(ProbeModel::forKind(kind));
        const cv::Mat envelope = imager.form(LiverPhantom::homogeneous(), {}, 42).envelope;
        // A band of depths away from the borders, where TGC leaves the level nearly flat.
        const int rows = envelope.rows;
        const cv::Mat band =
            envelope(cv::Range(rows / 3, rows / 3 + 60), cv::Range(10, envelope.cols - 10));
        cv::Scalar mean, deviation;
        cv::meanStdDev(band, mean, deviation);
        const double ratio = mean[0] / deviation[0];
        INFO("probe " << int(kind) << ": mean/std " << ratio);
        CHECK(ratio == Approx(std::sqrt(M_PI / (4 - M_PI))).epsilon(0.05));
    }
}

TEST_CASE("A set lesion contrast is measured back within 1 dB", "[sim]")
{
    for (ProbeKind kind : {ProbeKind::Linear, ProbeKind::Curvilinear}) {
        const BModeImager imager(ProbeModel::forKind(kind));
        const double radius = 7;
        const Vec3 centre{kind == ProbeKind::Linear ? 0.0 : -6.0, 0, 24};
        for (double contrast : {-6.0, -3.0, 4.0}) {
            const auto phantom =
                withLesion(contrast < 0 ? LesionType::Hypoechoic : LesionType::Hyperechoic,
                           contrast, radius, centre);
            const auto frames = envelopes(imager, phantom, 4);
            auto distance = [&](double x, double z) {
                return std::hypot(x - centre.x, z - centre.z);
            };
            const double inside = meanWhere(imager.probe(), frames, [&](double x, double z) {
                return distance(x, z) < 0.7 * radius;
            });
            // Parenchyma beside the lesion at the same depths (no shadow or enhancement there).
            const double outside = meanWhere(imager.probe(), frames, [&](double x, double z) {
                return distance(x, z) > 1.3 * radius && std::abs(z - centre.z) < 0.7 * radius;
            });
            const double measured = 20 * std::log10(inside / outside);
            INFO("probe " << int(kind) << ": set " << contrast << " dB, measured " << measured);
            CHECK(std::abs(measured - contrast) < 1.0);
        }
    }
}

TEST_CASE("A cyst shows posterior enhancement and a calcification an acoustic shadow", "[sim]")
{
    const BModeImager imager(ProbeModel::linear());
    const Vec3 centre{0, 0, 15};
    auto below = [&](double x, double z) { return std::abs(x) < 2.5 && z > 24 && z < 34; };
    auto beside = [&](double x, double z) {
        return std::abs(x) > 10 && std::abs(x) < 16 && z > 24 && z < 34;
    };

    const auto cyst = images(imager, withLesion(LesionType::Cyst, -30, 5, centre), 3);
    const double cystBelow = meanWhere(imager.probe(), cyst, below);
    const double cystBeside = meanWhere(imager.probe(), cyst, beside);
    INFO("cyst: grey below " << cystBelow << ", beside " << cystBeside);
    CHECK(cystBelow > cystBeside + 10);

    const auto calcification =
        images(imager, withLesion(LesionType::Calcification, 18, 2, centre), 3);
    const double shadowBelow = meanWhere(imager.probe(), calcification, below);
    const double shadowBeside = meanWhere(imager.probe(), calcification, beside);
    INFO("calcification: grey below " << shadowBelow << ", beside " << shadowBeside);
    CHECK(shadowBelow < shadowBeside - 30);
}

TEST_CASE("The same frame seed gives the same pixels", "[sim]")
{
    const BModeImager imager(ProbeModel::linear());
    const auto phantom = withLesion(LesionType::Target, 5, 6, {0, 0, 20});
    const cv::Mat first = imager.form(phantom, {}, 99).image;
    const cv::Mat second = imager.form(phantom, {}, 99).image;
    const cv::Mat other = imager.form(phantom, {}, 100).image;
    CHECK(cv::norm(first, second, cv::NORM_INF) == 0);
    CHECK(cv::norm(first, other, cv::NORM_INF) > 0);
}
