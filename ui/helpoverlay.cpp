#include "ui/helpoverlay.h"

#include <QEvent>
#include <QPainter>

namespace iouslab {

HelpOverlay::HelpOverlay(QWidget *parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    parent->installEventFilter(this);
    setGeometry(parent->rect());
    hide();
}

void HelpOverlay::setKeys(const QList<QPair<QString, QString>> &keys)
{
    m_keys = keys;
    update();
}

void HelpOverlay::toggle()
{
    if (isVisible()) {
        hide();
        return;
    }
    setGeometry(parentWidget()->rect());
    raise();
    show();
    setFocus();
}

bool HelpOverlay::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    return QWidget::eventFilter(watched, event);
}

void HelpOverlay::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(0, 0, 0, 215));

    QFont keyFont = font();
    keyFont.setBold(true);
    const QFontMetrics metrics(keyFont);
    const int lineHeight = metrics.height() + 6;
    const int columns = m_keys.size() > 16 ? 2 : 1;
    const int rows = int((m_keys.size() + columns - 1) / columns);
    const int keyWidth = 180;
    const int columnWidth = qMin(460, (width() - 60) / columns);
    const int left = (width() - columns * columnWidth) / 2;
    const int top = qMax(20, (height() - (rows + 2) * lineHeight) / 2);

    painter.setPen(Qt::white);
    QFont title = keyFont;
    title.setPointSizeF(title.pointSizeF() * 1.3);
    painter.setFont(title);
    painter.drawText(QRect(left, top, columns * columnWidth, lineHeight * 2), Qt::AlignLeft,
                     tr("Keys (press any key to close)"));
    for (int i = 0; i < m_keys.size(); ++i) {
        const int x = left + (i / rows) * columnWidth;
        const int y = top + (2 + i % rows) * lineHeight;
        painter.setFont(keyFont);
        painter.setPen(QColor(0x56, 0xB4, 0xE9));
        painter.drawText(QRect(x, y, keyWidth - 10, lineHeight), Qt::AlignRight | Qt::AlignVCenter,
                         m_keys.at(i).first);
        painter.setFont(font());
        painter.setPen(Qt::white);
        painter.drawText(QRect(x + keyWidth, y, columnWidth - keyWidth, lineHeight),
                         Qt::AlignLeft | Qt::AlignVCenter, m_keys.at(i).second);
    }
}

void HelpOverlay::mousePressEvent(QMouseEvent *)
{
    hide();
}

void HelpOverlay::keyPressEvent(QKeyEvent *)
{
    hide();
}

} // namespace iouslab
