#include "ui/theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace iouslab::theme {

void applyDark(QApplication &app)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette palette;
    const QColor window(37, 37, 40);
    const QColor base(24, 24, 26);
    const QColor text(222, 222, 222);
    const QColor disabled(120, 120, 120);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabled);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(255, 255, 255));
    palette.setColor(QPalette::Link, QColor(0x56, 0xB4, 0xE9));
    palette.setColor(QPalette::Highlight, QColor(0x00, 0x72, 0xB2));
    palette.setColor(QPalette::HighlightedText, QColor(255, 255, 255));
    palette.setColor(QPalette::Disabled, QPalette::Text, disabled);
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, disabled);
    palette.setColor(QPalette::Disabled, QPalette::WindowText, disabled);
    app.setPalette(palette);
}

QColor labelColour(LabelValue value)
{
    switch (value) {
    case LabelValue::Normal:
        return QColor(0x00, 0x72, 0xB2); // Okabe-Ito blue
    case LabelValue::Lesion:
        return QColor(0xE6, 0x9F, 0x00); // Okabe-Ito orange
    case LabelValue::Ungradable:
        return QColor(0x99, 0x99, 0x99); // grey
    }
    return QColor(0x99, 0x99, 0x99);
}

QColor referenceColour(ReferenceState state)
{
    if (const auto value = referenceValue(state))
        return labelColour(*value);
    if (state == ReferenceState::Unresolved)
        return QColor(0xCC, 0x79, 0xA7); // Okabe-Ito reddish purple: apart from lesion orange
    return QColor(55, 55, 60);
}

QColor probabilityColour()
{
    return QColor(0xF0, 0xE4, 0x42); // Okabe-Ito yellow
}

QColor rangeColour()
{
    return QColor(0x56, 0xB4, 0xE9); // Okabe-Ito sky blue
}

} // namespace iouslab::theme
