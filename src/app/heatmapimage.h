#pragma once

#include "ml/model.h"

#include <QImage>
#include <QPointF>

namespace iouslab {

/// Pictures of a Grad-CAM heat map, for the review window and the case report.
namespace heatmap {

/// The colour of a heat-map value in [0, 1]: dark blue through cyan and yellow to red.
QRgb colourOf(float value);

/// The frame (any format) in colour with the heat map laid over it, stretched to the frame's
/// size (the model's input copy is the whole frame resized to a square, so a stretch puts
/// each value back over the pixels it came from). Each pixel is mixed with its colour by
/// opacity x value, so that where the model did not look the frame stays as it was.
QImage blend(const QImage &frame, const ml::HeatMap &map, double opacity);

/// Where the heat map is strongest, as a share of the frame's width and height (0 .. 1).
QPointF peak(const ml::HeatMap &map);

} // namespace heatmap

} // namespace iouslab
