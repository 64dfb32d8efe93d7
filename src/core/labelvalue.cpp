#include "core/labelvalue.h"

namespace iouslab {

QString labelValueName(LabelValue value)
{
    switch (value) {
    case LabelValue::Normal:
        return QStringLiteral("normal");
    case LabelValue::Lesion:
        return QStringLiteral("lesion");
    case LabelValue::Ungradable:
        return QStringLiteral("ungradable");
    }
    return {};
}

std::optional<LabelValue> parseLabelValue(const QString &text)
{
    const QString name = text.trimmed().toLower();
    for (LabelValue value : {LabelValue::Normal, LabelValue::Lesion, LabelValue::Ungradable}) {
        if (name == labelValueName(value))
            return value;
    }
    return std::nullopt;
}

} // namespace iouslab
