#include "syntheticultrasound.h"

#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>
#include <random>

namespace iouslab::test {

SyntheticUltrasound SyntheticUltrasound::make(int patients, int framesPerPatient, int size,
                                              quint64 seed)
{
    SyntheticUltrasound set;
    set.size = size;
    cv::RNG random(seed);
    for (int patient = 1; patient <= patients; ++patient) {
        // A texture larger than the frame, from which each frame cuts a slightly moved window.
        const int margin = 8;
        cv::Mat texture(size + 2 * margin, size + 2 * margin, CV_32F);
        random.fill(texture, cv::RNG::NORMAL, 0.0, 1.0);
        cv::GaussianBlur(texture, texture, cv::Size(5, 5), 1.2);
        texture = texture * 45.0 + 120.0 + random.uniform(-15.0, 15.0);

        const bool hasLesion = patient % 2 == 0;
        const cv::Point lesionCentre(int(random.uniform(size * 0.3, size * 0.7)),
                                     int(random.uniform(size * 0.3, size * 0.7)));
        for (int index = 0; index < framesPerPatient; ++index) {
            // The probe drifts by a pixel every few frames, as in a slow sweep.
            const int dx = margin + ((index / 4) % 3) - 1;
            const int dy = margin + ((index / 12) % 3) - 1;
            cv::Mat frame = texture(cv::Rect(dx, dy, size, size)).clone();
            cv::Mat noise(size, size, CV_32F);
            random.fill(noise, cv::RNG::NORMAL, 0.0, 4.0);
            frame += noise;

            const bool lesion =
                hasLesion && index >= framesPerPatient / 4 && index < 3 * framesPerPatient / 4;
            if (lesion) {
                const int radius = std::max(3, size / 10);
                cv::circle(frame, lesionCentre + cv::Point(index % 2, 0), radius, cv::Scalar(35.0),
                           cv::FILLED, cv::LINE_AA);
            }

            cv::Mat bytes;
            frame.convertTo(bytes, CV_8U);
            const qint64 frameId = qint64(patient) * 1000 + index;
            std::vector<uint8_t> data(size_t(size) * size_t(size));
            std::memcpy(data.data(), bytes.data, data.size());
            set.pixels[frameId] = std::move(data);
            set.frames.push_back({frameId, qint64(patient), lesion ? 1 : 0});
        }
    }
    return set;
}

ml::FrameLoader SyntheticUltrasound::loader() const
{
    return [this](qint64 frameId, uint8_t *out) {
        const auto found = pixels.find(frameId);
        REQUIRE(found != pixels.end());
        std::memcpy(out, found->second.data(), found->second.size());
    };
}

double meanAbsoluteDifference(const std::vector<uint8_t> &a, const std::vector<uint8_t> &b)
{
    double sum = 0.0;
    for (size_t i = 0; i < a.size(); ++i)
        sum += std::abs(int(a[i]) - int(b[i]));
    return sum / double(a.size());
}

} // namespace iouslab::test
