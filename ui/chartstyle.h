#pragma once

#include <QColor>
#include <QString>

class QAbstractSeries;
class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace iouslab::chartstyle {

/// A chart in the workstation's dark look, without animation (figures must show at once).
QChart *darkChart(const QString &title);
/// Replaces a view's chart; the view owns the new chart and the old one is deleted.
void setChart(QChartView *view, QChart *chart);
/// The i-th Okabe-Ito colour for a series, skipping black (the chart is dark): orange, sky
/// blue, bluish green, yellow, blue, vermillion, reddish purple, then round again.
QColor seriesColour(int i);
/// The colour of a pooled or overall curve drawn over per-fold ones.
QColor pooledColour();

/// The two axes of a chart whose x and y both run over [0, 1] (rates, probabilities). The
/// chart owns the axes.
struct UnitSquareAxes
{
    QChart *chart = nullptr;
    QValueAxis *x = nullptr;
    QValueAxis *y = nullptr;

    /// Adds the series to the chart (which takes it) and attaches it to both axes.
    void add(QAbstractSeries *series) const;
};
/// Adds [0, 1] axes with six ticks and the given titles to the chart, x at the bottom.
UnitSquareAxes addUnitSquareAxes(QChart *chart, const QString &xTitle, const QString &yTitle);
/// The dashed grey diagonal from (0, 0) to (1, 1): chance for ROC, perfect for calibration.
QLineSeries *diagonalSeries();

} // namespace iouslab::chartstyle
