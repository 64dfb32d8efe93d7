#pragma once

#include "eval/binarymetrics.h"

#include <QWidget>

namespace iouslab {

/// The 2 x 2 confusion matrix at the dashboard's operating point: reference label in rows,
/// the model's call in columns, each cell with its count and share of the row. Correct cells
/// are drawn in bluish green, errors in vermillion, their strength following the share.
class ConfusionMatrixView : public QWidget
{
    Q_OBJECT

public:
    explicit ConfusionMatrixView(QWidget *parent = nullptr);

    void setMatrix(const ConfusionMatrix &matrix);
    const ConfusionMatrix &matrix() const { return m_matrix; }

    QSize sizeHint() const override { return QSize(320, 170); }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    ConfusionMatrix m_matrix;
};

} // namespace iouslab
