#pragma once

#include "app/evaluation.h"

#include <QChartView>

class QScatterSeries;

namespace iouslab {

/// The ROC curves of a model version's evaluation: one per fold in the Okabe-Ito colours and
/// the pooled one in white over them, with the chance diagonal and a marker at the operating
/// point the dashboard's slider has chosen.
class RocChartView : public QChartView
{
    Q_OBJECT

public:
    explicit RocChartView(QWidget *parent = nullptr);

    void setEvaluation(const ModelEvaluation &evaluation);
    /// Moves the marker to (false positive rate, true positive rate); hidden when either is
    /// undefined.
    void setOperatingPoint(const std::optional<double> &falsePositiveRate,
                           const std::optional<double> &truePositiveRate);

    /// Number of curves drawn (folds with a curve, plus the pooled one), for tests.
    int curveCount() const { return m_curves; }

private:
    QScatterSeries *m_marker = nullptr; // owned by the chart
    int m_curves = 0;
};

} // namespace iouslab
