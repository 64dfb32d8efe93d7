#pragma once

#include <QtGlobal>

#include <cstdint>
#include <functional>

namespace iouslab::ml {

/// One labelled frame as the ml layer sees it: no catalogue types, only the ids that fold
/// making (by patient) and pixel loading (by frame) need.
struct TrainingFrame
{
    qint64 frameId = 0;
    qint64 patientId = 0;
    int label = 0; ///< 0 normal liver, 1 focal lesion
};

/// Fills out with the frame's model-input copy: size x size bytes of 8-bit grey, row by row,
/// where size is the model's input size (256 in a project). It is called from the thread that
/// trains or scores, one frame at a time, so frames are streamed and never all in memory.
using FrameLoader = std::function<void(qint64 frameId, uint8_t *out)>;

} // namespace iouslab::ml
