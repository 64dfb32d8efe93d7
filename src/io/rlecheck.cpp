#include "io/rlecheck.h"

#include <QtEndian>

namespace iouslab {

namespace {

constexpr size_t headerBytes = 64;

// Walks one PackBits segment: a header byte n in 0..127 copies n+1 literal bytes, -1..-127
// repeats the next byte 1-n times, -128 does nothing.
Status checkSegment(const uint8_t *data, size_t begin, size_t end, size_t pixels, int segment)
{
    size_t in = begin;
    size_t out = 0;
    while (out < pixels) {
        if (in >= end)
            return makeError(QStringLiteral("RLE segment %1 ends after %2 of %3 bytes")
                                 .arg(segment + 1)
                                 .arg(out)
                                 .arg(pixels));
        const int n = int(int8_t(data[in++]));
        size_t produced = 0;
        if (n >= 0) {
            produced = size_t(n) + 1;
            if (in + produced > end)
                return makeError(QStringLiteral("RLE segment %1 has a literal run past its end")
                                     .arg(segment + 1));
            in += produced;
        } else if (n != -128) {
            produced = size_t(1 - n);
            if (in >= end)
                return makeError(QStringLiteral("RLE segment %1 has a repeat run past its end")
                                     .arg(segment + 1));
            ++in;
        }
        if (out + produced > pixels)
            return makeError(QStringLiteral("RLE segment %1 decodes to more than %2 bytes")
                                 .arg(segment + 1)
                                 .arg(pixels));
        out += produced;
    }
    return {};
}

} // namespace

Status checkRleFrame(const uint8_t *data, size_t length, int segments, size_t pixels)
{
    if (!data || length < headerBytes)
        return makeError(QStringLiteral("RLE data shorter than its 64-byte header"));
    const quint32 declared = qFromLittleEndian<quint32>(data);
    if (declared != quint32(segments) || segments < 1 || segments > 15)
        return makeError(QStringLiteral("RLE header declares %1 segments, the image needs %2")
                             .arg(declared)
                             .arg(segments));
    for (int i = 0; i < segments; ++i) {
        const size_t begin = qFromLittleEndian<quint32>(data + 4 + 4 * i);
        const size_t end =
            i + 1 < segments ? size_t(qFromLittleEndian<quint32>(data + 8 + 4 * i)) : length;
        if (begin < headerBytes || begin >= end || end > length)
            return makeError(
                QStringLiteral("RLE segment %1 has an offset outside the data").arg(i + 1));
        if (Status s = checkSegment(data, begin, end, pixels, i); !s)
            return s;
    }
    return {};
}

} // namespace iouslab
