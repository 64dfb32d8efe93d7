#pragma once

#include <QString>

#include <optional>

namespace iouslab {

/// What a reader says of a frame. The names are the catalogue's and the CSV files' spelling.
enum class LabelValue
{
    Normal,
    Lesion,
    Ungradable,
};

/// "normal", "lesion" or "ungradable".
QString labelValueName(LabelValue value);

/// Parses the catalogue spelling (case-insensitive); nothing for anything else.
std::optional<LabelValue> parseLabelValue(const QString &text);

} // namespace iouslab
