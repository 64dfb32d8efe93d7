#include "catalogue/records.h"

namespace iouslab {

QString clipKindName(ClipKind kind)
{
    switch (kind) {
    case ClipKind::Dicom:
        return QStringLiteral("dicom");
    case ClipKind::Video:
        return QStringLiteral("video");
    case ClipKind::Still:
        return QStringLiteral("still");
    }
    return {};
}

std::optional<ClipKind> parseClipKind(const QString &text)
{
    for (ClipKind kind : {ClipKind::Dicom, ClipKind::Video, ClipKind::Still}) {
        if (text == clipKindName(kind))
            return kind;
    }
    return std::nullopt;
}

} // namespace iouslab
