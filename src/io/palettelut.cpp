#include "io/palettelut.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <cmath>

namespace iouslab {

namespace {

// Indirect segments may point back at earlier segments; the depth bound keeps a crafted
// table from recursing for ever.
constexpr int maxIndirectDepth = 4;

struct SegmentExpander
{
    const quint16 *words;
    size_t wordCount;
    int entryCount;
    QVector<quint16> out;
    QString error;

    bool expand(size_t start, size_t segmentLimit, int depth)
    {
        size_t pos = start;
        size_t segments = 0;
        while (pos < wordCount && segments < segmentLimit) {
            if (out.size() > entryCount)
                return fail(
                    QStringLiteral("the segments give more than %1 entries").arg(entryCount));
            const quint16 opcode = words[pos];
            if (pos + 1 >= wordCount)
                return fail(QStringLiteral("a segment is cut off"));
            const quint16 length = words[pos + 1];
            if (opcode == 0) {
                if (pos + 2 + length > wordCount)
                    return fail(QStringLiteral("a discrete segment runs past the table data"));
                for (size_t i = 0; i < length; ++i)
                    out.append(words[pos + 2 + i]);
                pos += 2 + length;
            } else if (opcode == 1) {
                if (out.isEmpty())
                    return fail(QStringLiteral("a linear segment has no start value"));
                if (pos + 2 >= wordCount)
                    return fail(QStringLiteral("a linear segment is cut off"));
                const double y0 = out.last();
                const double y1 = words[pos + 2];
                for (int i = 1; i <= length; ++i)
                    out.append(quint16(std::lround(y0 + (y1 - y0) * i / length)));
                pos += 3;
            } else if (opcode == 2) {
                if (depth >= maxIndirectDepth)
                    return fail(QStringLiteral("indirect segments nest too deep"));
                if (pos + 3 >= wordCount)
                    return fail(QStringLiteral("an indirect segment is cut off"));
                const size_t offset = size_t(words[pos + 2]) | (size_t(words[pos + 3]) << 16);
                if (offset >= pos)
                    return fail(QStringLiteral("an indirect segment points forward"));
                if (!expand(offset, length, depth + 1))
                    return false;
                pos += 4;
            } else {
                return fail(QStringLiteral("unknown segment type %1").arg(opcode));
            }
            ++segments;
        }
        return true;
    }

    bool fail(const QString &message)
    {
        error = message;
        return false;
    }
};

} // namespace

Expected<QVector<quint16>> expandSegmentedLut(const quint16 *words, size_t wordCount,
                                              int entryCount)
{
    SegmentExpander expander{words, wordCount, entryCount, {}, {}};
    expander.out.reserve(entryCount);
    if (!expander.expand(0, size_t(-1), 0))
        return makeError(QStringLiteral("segmented palette: %1").arg(expander.error));
    if (expander.out.size() != entryCount)
        return makeError(QStringLiteral("segmented palette gives %1 entries, its descriptor "
                                        "declares %2")
                             .arg(expander.out.size())
                             .arg(entryCount));
    return std::move(expander.out);
}

Status expandSegmentedPalettes(DcmItem &dataset)
{
    struct Channel
    {
        DcmTagKey descriptor, segmented, plain;
        const char *name;
    };
    const Channel channels[] = {
        {DCM_RedPaletteColorLookupTableDescriptor, DCM_SegmentedRedPaletteColorLookupTableData,
         DCM_RedPaletteColorLookupTableData, "red"},
        {DCM_GreenPaletteColorLookupTableDescriptor, DCM_SegmentedGreenPaletteColorLookupTableData,
         DCM_GreenPaletteColorLookupTableData, "green"},
        {DCM_BluePaletteColorLookupTableDescriptor, DCM_SegmentedBluePaletteColorLookupTableData,
         DCM_BluePaletteColorLookupTableData, "blue"},
    };

    for (const Channel &channel : channels) {
        const Uint16 *words = nullptr;
        unsigned long wordCount = 0;
        if (dataset.findAndGetUint16Array(channel.segmented, words, &wordCount).bad() || !words)
            continue;

        // The descriptor's first value is the entry count, 0 meaning 65536 (PS3.3 C.7.6.3.1.5).
        Uint16 declared = 0;
        if (dataset.findAndGetUint16(channel.descriptor, declared, 0).bad())
            return makeError(QStringLiteral("the %1 palette has no descriptor").arg(channel.name));
        const int entryCount = declared == 0 ? 65536 : int(declared);

        Expected<QVector<quint16>> lut = expandSegmentedLut(words, wordCount, entryCount);
        if (!lut)
            return makeError(QStringLiteral("the %1 %2").arg(channel.name, lut.error()));
        if (dataset.putAndInsertUint16Array(channel.plain, lut->constData(), lut->size()).bad())
            return makeError(
                QStringLiteral("the %1 palette could not be stored").arg(channel.name));
        dataset.findAndDeleteElement(channel.segmented);
    }
    return {};
}

} // namespace iouslab
