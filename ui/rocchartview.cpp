#include "ui/rocchartview.h"

#include "ui/chartstyle.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>

namespace iouslab {

namespace {

QLineSeries *curveSeries(const RocCurve &curve, const QString &name, const QPen &pen)
{
    auto *series = new QLineSeries;
    series->setName(name);
    series->setPen(pen);
    QList<QPointF> points;
    points.reserve(qsizetype(curve.points.size()));
    for (const RocPoint &point : curve.points)
        points << QPointF(point.falsePositiveRate, point.truePositiveRate);
    series->replace(points);
    return series;
}

QString percent(const std::optional<double> &value)
{
    return value ? QString::number(*value * 100.0, 'f', 1) + QStringLiteral(" %")
                 : QStringLiteral("-");
}

} // namespace

RocChartView::RocChartView(QWidget *parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(300, 280);
    chartstyle::setChart(this, chartstyle::darkChart(tr("ROC curves")));
}

void RocChartView::setEvaluation(const ModelEvaluation &evaluation)
{
    QChart *chart = chartstyle::darkChart(tr("ROC, out-of-fold test frames"));
    const chartstyle::UnitSquareAxes axes =
        chartstyle::addUnitSquareAxes(chart, tr("1 − specificity"), tr("Sensitivity"));

    QLineSeries *chance = chartstyle::diagonalSeries();
    axes.add(chance);
    m_curves = 0;
    for (std::size_t i = 0; i < evaluation.folds.size(); ++i) {
        const FoldEvaluation &fold = evaluation.folds[i];
        if (!fold.roc)
            continue;
        axes.add(curveSeries(*fold.roc,
                             tr("Fold %1 (%2)").arg(fold.fold + 1).arg(percent(fold.auc)),
                             QPen(chartstyle::seriesColour(int(i)), 1.5)));
        ++m_curves;
    }
    if (evaluation.pooledRoc) {
        axes.add(curveSeries(*evaluation.pooledRoc,
                             tr("Pooled (%1)").arg(percent(evaluation.pooledAuc)),
                             QPen(chartstyle::pooledColour(), 2.5)));
        ++m_curves;
    }
    m_marker = new QScatterSeries;
    m_marker->setName(tr("Operating point"));
    m_marker->setMarkerSize(11);
    m_marker->setColor(QColor(0xD5, 0x5E, 0x00));
    m_marker->setBorderColor(Qt::white);
    axes.add(m_marker);
    chart->legend()->setAlignment(Qt::AlignRight);
    // The diagonal needs no legend entry.
    chart->legend()->markers(chance).first()->setVisible(false);
    chartstyle::setChart(this, chart);
}

void RocChartView::setOperatingPoint(const std::optional<double> &falsePositiveRate,
                                     const std::optional<double> &truePositiveRate)
{
    if (!m_marker)
        return;
    m_marker->clear();
    if (falsePositiveRate && truePositiveRate)
        m_marker->append(*falsePositiveRate, *truePositiveRate);
}

} // namespace iouslab
