#include "ui/confusionmatrixview.h"

#include <QLocale>
#include <QPainter>

namespace iouslab {

ConfusionMatrixView::ConfusionMatrixView(QWidget *parent)
    : QWidget(parent)
{
    setMinimumSize(260, 150);
}

void ConfusionMatrixView::setMatrix(const ConfusionMatrix &matrix)
{
    m_matrix = matrix;
    update();
}

void ConfusionMatrixView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor text = palette().color(QPalette::WindowText);
    const QLocale locale;
    const double headerWidth = 96;
    const double headerHeight = 24;
    const QRectF grid(headerWidth, headerHeight, width() - headerWidth - 2,
                      height() - headerHeight - 2);
    const double cellWidth = grid.width() / 2;
    const double cellHeight = grid.height() / 2;

    painter.setPen(text);
    painter.drawText(QRectF(grid.left(), 0, cellWidth, headerHeight), Qt::AlignCenter,
                     tr("called lesion"));
    painter.drawText(QRectF(grid.left() + cellWidth, 0, cellWidth, headerHeight), Qt::AlignCenter,
                     tr("called normal"));
    painter.drawText(QRectF(0, grid.top(), headerWidth - 6, cellHeight),
                     Qt::AlignRight | Qt::AlignVCenter, tr("lesion frames"));
    painter.drawText(QRectF(0, grid.top() + cellHeight, headerWidth - 6, cellHeight),
                     Qt::AlignRight | Qt::AlignVCenter, tr("normal frames"));

    struct Cell
    {
        std::int64_t count;
        std::int64_t rowTotal;
        bool correct;
        QString name;
    };
    const Cell cells[2][2] = {
        {{m_matrix.truePositives, m_matrix.lesions(), true, tr("TP")},
         {m_matrix.falseNegatives, m_matrix.lesions(), false, tr("FN")}},
        {{m_matrix.falsePositives, m_matrix.normals(), false, tr("FP")},
         {m_matrix.trueNegatives, m_matrix.normals(), true, tr("TN")}},
    };
    const QColor good(0x00, 0x9E, 0x73);
    const QColor bad(0xD5, 0x5E, 0x00);
    for (int row = 0; row < 2; ++row) {
        for (int column = 0; column < 2; ++column) {
            const Cell &cell = cells[row][column];
            const double share = cell.rowTotal > 0 ? double(cell.count) / cell.rowTotal : 0.0;
            const QRectF box(grid.left() + column * cellWidth, grid.top() + row * cellHeight,
                             cellWidth, cellHeight);
            QColor fill = cell.correct ? good : bad;
            fill.setAlphaF(0.15 + 0.7 * share);
            painter.fillRect(box.adjusted(1, 1, -1, -1), fill);
            painter.setPen(QColor(90, 90, 95));
            painter.drawRect(box);
            painter.setPen(Qt::white);
            QFont font = painter.font();
            font.setBold(true);
            font.setPointSizeF(font.pointSizeF() * 1.3);
            painter.setFont(font);
            painter.drawText(box.adjusted(0, 0, 0, -box.height() / 3), Qt::AlignCenter,
                             locale.toString(qlonglong(cell.count)));
            painter.setFont(this->font());
            painter.drawText(
                box.adjusted(0, box.height() / 2, 0, 0), Qt::AlignCenter,
                QStringLiteral("%1 · %2 %").arg(cell.name).arg(share * 100.0, 0, 'f', 1));
        }
    }
}

} // namespace iouslab
