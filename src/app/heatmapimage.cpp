#include "app/heatmapimage.h"

#include <QColor>

#include <algorithm>
#include <cmath>

namespace iouslab::heatmap {

QRgb colourOf(float value)
{
    // Four stops of a "jet"-like map; even at low opacity blue and red stay apart.
    static const float stops[][3] = {
        {0.05f, 0.05f, 0.55f}, {0.0f, 0.75f, 1.0f}, {1.0f, 0.9f, 0.0f}, {0.9f, 0.05f, 0.0f}};
    const float v = std::clamp(value, 0.0f, 1.0f) * 3.0f;
    const int i = std::min(2, int(v));
    const float t = v - float(i);
    auto channel = [&](int c) {
        return int(std::lround(255.0f * (stops[i][c] * (1.0f - t) + stops[i + 1][c] * t)));
    };
    return qRgb(channel(0), channel(1), channel(2));
}

QImage blend(const QImage &frame, const ml::HeatMap &map, double opacity)
{
    QImage result = frame.convertToFormat(QImage::Format_RGB32);
    if (map.size <= 0 || int(map.values.size()) != map.size * map.size || result.isNull())
        return result;
    const double alpha = std::clamp(opacity, 0.0, 1.0);
    const int width = result.width();
    const int height = result.height();
    for (int y = 0; y < height; ++y) {
        auto *line = reinterpret_cast<QRgb *>(result.scanLine(y));
        const int my = std::min(map.size - 1, y * map.size / height);
        const float *row = map.values.data() + size_t(my) * size_t(map.size);
        for (int x = 0; x < width; ++x) {
            const float value = row[std::min(map.size - 1, x * map.size / width)];
            const double w = alpha * std::clamp(double(value), 0.0, 1.0);
            if (w <= 0.0)
                continue;
            const QRgb colour = colourOf(value);
            const QRgb pixel = line[x];
            auto mix = [w](int a, int b) { return int(std::lround(a * (1.0 - w) + b * w)); };
            line[x] = qRgb(mix(qRed(pixel), qRed(colour)), mix(qGreen(pixel), qGreen(colour)),
                           mix(qBlue(pixel), qBlue(colour)));
        }
    }
    return result;
}

QPointF peak(const ml::HeatMap &map)
{
    if (map.size <= 0 || map.values.empty())
        return {0.5, 0.5};
    const auto best = std::max_element(map.values.begin(), map.values.end());
    const int index = int(best - map.values.begin());
    return {(index % map.size + 0.5) / map.size, (index / map.size + 0.5) / map.size};
}

} // namespace iouslab::heatmap
