#pragma once

#include "core/expected.h"

#include <QByteArray>

#include <vector>

namespace iouslab {

/// One decoded JPEG 2000 (or HTJ2K) image: interleaved samples, one int per sample.
struct J2kImage
{
    int width = 0, height = 0, components = 0;
    int precision = 0; // bits per sample of the first component
    bool isSigned = false;
    std::vector<qint32> samples; // width * height * components, interleaved
};

/// Decodes one JPEG 2000 or HTJ2K codestream, bare (J2K) or in a JP2 box wrapper, with
/// OpenJPEG. Multi-component transforms (YBR_ICT, YBR_RCT) are undone by the decoder, so
/// three components come out as RGB. The declared size is checked against expectedWidth x
/// expectedHeight x expectedComponents before the decoder allocates the image.
Expected<J2kImage> decodeJ2k(const QByteArray &codestream, int expectedWidth, int expectedHeight,
                             int expectedComponents);

} // namespace iouslab
