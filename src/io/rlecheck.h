#pragma once

#include "core/expected.h"

#include <cstddef>
#include <cstdint>

namespace iouslab {

/// Checks one frame of DICOM RLE Lossless data (PS3.5 Annex G) before DCMTK decodes it:
/// DCMTK 3.6.7's RLE decoder reads and writes past its buffers on damaged data (found by the
/// fuzzer), so every segment's header entry and PackBits runs are walked here first. The frame
/// must hold segments (samples x bytes per sample) that each decode to exactly pixels bytes,
/// no run crossing that end and no run reading past the fragment.
Status checkRleFrame(const uint8_t *data, size_t length, int segments, size_t pixels);

} // namespace iouslab
