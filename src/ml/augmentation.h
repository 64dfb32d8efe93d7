#pragma once

#include <QtGlobal>

#include <cstdint>

namespace iouslab::ml {

/// Random changes to a training frame that an ultrasound frame can plausibly show: a
/// horizontal flip (probe orientation), a small rotation and zoom, a shift that crops within
/// the image, and gain and contrast jitter. The draw depends only on (seed, epoch, frameId),
/// so it is the same whatever the batch order or thread count.
struct Augmentation
{
    double maxRotationDegrees = 8.0;
    double maxZoom = 1.15;     ///< zoom in up to this factor (1 = none); zooming in crops
    double maxShift = 0.05;    ///< shift as a share of the image side
    double maxGain = 0.15;     ///< brightness multiplied by 1 +/- this
    double maxContrast = 0.15; ///< contrast around the mean multiplied by 1 +/- this

    /// Writes the augmented frame to out as size x size floats in [0, 1].
    void apply(const uint8_t *in, int size, float *out, quint64 seed, int epoch,
               qint64 frameId) const;
};

/// Writes the frame unchanged as size x size floats in [0, 1] (for validation and scoring).
void toUnitFloat(const uint8_t *in, int size, float *out);

} // namespace iouslab::ml
