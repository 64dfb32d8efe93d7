#pragma once

#include <QStyledItemDelegate>

namespace iouslab {

/// Draws a small ROC curve in a table cell from the item's PatientTableModel::RocRole
/// (a QPolygonF of false and true positive rates), over the chance diagonal; an empty cell
/// says the patient's frames lack a class.
class MiniRocDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace iouslab
