#pragma once

#include "core/expected.h"

#include <QVector>

#include <cstdint>

class DcmItem;

namespace iouslab {

/// Expands a Segmented Palette Color Lookup Table (PS3.3 C.7.9.2: discrete, linear and
/// indirect segments) into entryCount plain 16-bit entries. Fails on malformed segment data
/// (an unknown opcode, a linear segment with no start value, a table of the wrong length).
Expected<QVector<quint16>> expandSegmentedLut(const quint16 *words, size_t wordCount,
                                              int entryCount);

/// Replaces the segmented palette tables of a PALETTE COLOR data set by plain ones
/// (Red/Green/Blue Palette Color Lookup Table Data), which DCMTK renders; DCMTK 3.6.7 ignores
/// segmented tables. Does nothing when the data set has no segmented tables.
Status expandSegmentedPalettes(DcmItem &dataset);

} // namespace iouslab
