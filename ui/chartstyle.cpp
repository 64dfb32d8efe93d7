#include "ui/chartstyle.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLineSeries>
#include <QValueAxis>

namespace iouslab::chartstyle {

QChart *darkChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTheme(QChart::ChartThemeDark);
    chart->setBackgroundBrush(QColor(30, 30, 33));
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    return chart;
}

void setChart(QChartView *view, QChart *chart)
{
    QChart *old = view->chart();
    view->setChart(chart);
    delete old;
}

QColor seriesColour(int i)
{
    static const QColor colours[] = {QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9),
                                     QColor(0x00, 0x9E, 0x73), QColor(0xF0, 0xE4, 0x42),
                                     QColor(0x00, 0x72, 0xB2), QColor(0xD5, 0x5E, 0x00),
                                     QColor(0xCC, 0x79, 0xA7)};
    return colours[i % 7];
}

QColor pooledColour()
{
    return QColor(240, 240, 240);
}

namespace {

QValueAxis *unitAxis(const QString &title)
{
    auto *axis = new QValueAxis;
    axis->setRange(0, 1);
    axis->setTitleText(title);
    axis->setLabelFormat(QStringLiteral("%.1f"));
    axis->setTickCount(6);
    return axis;
}

} // namespace

void UnitSquareAxes::add(QAbstractSeries *series) const
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

UnitSquareAxes addUnitSquareAxes(QChart *chart, const QString &xTitle, const QString &yTitle)
{
    UnitSquareAxes axes{chart, unitAxis(xTitle), unitAxis(yTitle)};
    chart->addAxis(axes.x, Qt::AlignBottom);
    chart->addAxis(axes.y, Qt::AlignLeft);
    return axes;
}

QLineSeries *diagonalSeries()
{
    auto *diagonal = new QLineSeries;
    diagonal->append(0, 0);
    diagonal->append(1, 1);
    diagonal->setPen(QPen(QColor(110, 110, 115), 1, Qt::DashLine));
    return diagonal;
}

} // namespace iouslab::chartstyle
