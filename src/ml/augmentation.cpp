#include "ml/augmentation.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <random>

namespace iouslab::ml {

void Augmentation::apply(const uint8_t *in, int size, float *out, quint64 seed, int epoch,
                         qint64 frameId) const
{
    std::seed_seq seq{quint32(seed), quint32(seed >> 32), quint32(epoch), quint32(frameId),
                      quint32(quint64(frameId) >> 32)};
    std::mt19937 random(seq);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    const bool flip = (random() & 1U) != 0;
    const double angle = maxRotationDegrees * unit(random);
    const double zoom = 1.0 + (maxZoom - 1.0) * (unit(random) + 1.0) / 2.0;
    const double shiftX = maxShift * size * unit(random);
    const double shiftY = maxShift * size * unit(random);
    const double gain = 1.0 + maxGain * unit(random);
    const double contrast = 1.0 + maxContrast * unit(random);

    const cv::Mat source(size, size, CV_8UC1, const_cast<uint8_t *>(in));
    const cv::Point2f centre(size / 2.0f, size / 2.0f);
    cv::Mat transform = cv::getRotationMatrix2D(centre, angle, zoom);
    transform.at<double>(0, 2) += shiftX;
    transform.at<double>(1, 2) += shiftY;
    if (flip) {
        // Mirror after the rotation: x' = size - 1 - x.
        transform.row(0) *= -1.0;
        transform.at<double>(0, 2) += size - 1;
    }
    cv::Mat warped;
    // Reflection keeps the speckle statistics at the border where a shift uncovers it.
    cv::warpAffine(source, warped, transform, source.size(), cv::INTER_LINEAR,
                   cv::BORDER_REFLECT_101);

    const double mean = cv::mean(warped)[0] / 255.0;
    const float scale = float(gain * contrast / 255.0);
    const float offset = float(gain * mean * (1.0 - contrast));
    for (int y = 0; y < size; ++y) {
        const uint8_t *row = warped.ptr<uint8_t>(y);
        float *target = out + size_t(y) * size_t(size);
        for (int x = 0; x < size; ++x)
            target[x] = std::clamp(row[x] * scale + offset, 0.0f, 1.0f);
    }
}

void toUnitFloat(const uint8_t *in, int size, float *out)
{
    const size_t count = size_t(size) * size_t(size);
    for (size_t i = 0; i < count; ++i)
        out[i] = in[i] * (1.0f / 255.0f);
}

} // namespace iouslab::ml
