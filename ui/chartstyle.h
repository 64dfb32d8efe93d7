#pragma once

#include <QColor>
#include <QString>

class QChart;
class QChartView;

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

} // namespace iouslab::chartstyle
