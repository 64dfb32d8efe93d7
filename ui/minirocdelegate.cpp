#include "ui/minirocdelegate.h"

#include "ui/patienttablemodel.h"

#include <QPainter>
#include <QPolygonF>

namespace iouslab {

void MiniRocDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    const QPolygonF roc = index.data(PatientTableModel::RocRole).value<QPolygonF>();
    const double side = qMin(option.rect.width(), option.rect.height()) - 6;
    if (side < 8)
        return;
    const QRectF plot(option.rect.center().x() - side / 2, option.rect.center().y() - side / 2,
                      side, side);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(QColor(90, 90, 95), 1));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(plot);
    if (roc.isEmpty()) {
        painter->setPen(QColor(120, 120, 125));
        painter->drawText(plot, Qt::AlignCenter, QStringLiteral("–"));
        painter->restore();
        return;
    }
    painter->setPen(QPen(QColor(110, 110, 115), 1, Qt::DotLine));
    painter->drawLine(plot.bottomLeft(), plot.topRight());
    QPolygonF mapped;
    for (const QPointF &point : roc)
        mapped << QPointF(plot.left() + point.x() * plot.width(),
                          plot.bottom() - point.y() * plot.height());
    painter->setPen(QPen(QColor(0x56, 0xB4, 0xE9), 1.5));
    painter->drawPolyline(mapped);
    painter->restore();
}

QSize MiniRocDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &) const
{
    return QSize(52, 52);
}

} // namespace iouslab
