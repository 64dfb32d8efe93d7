#include "ui/calibrationchartview.h"

#include "ui/chartstyle.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

namespace iouslab {

CalibrationChartView::CalibrationChartView(QWidget *parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(300, 240);
    chartstyle::setChart(this, chartstyle::darkChart(tr("Calibration")));
}

void CalibrationChartView::setCalibration(const std::vector<CalibrationBin> &bins,
                                          const std::optional<double> &brier)
{
    QChart *chart = chartstyle::darkChart(
        brier ? tr("Calibration (Brier score %1)").arg(*brier, 0, 'f', 3) : tr("Calibration"));
    auto *x = new QValueAxis;
    x->setRange(0, 1);
    x->setTitleText(tr("Mean lesion probability of the bin"));
    x->setLabelFormat(QStringLiteral("%.1f"));
    x->setTickCount(6);
    auto *y = new QValueAxis;
    y->setRange(0, 1);
    y->setTitleText(tr("Share of lesion frames"));
    y->setLabelFormat(QStringLiteral("%.1f"));
    y->setTickCount(6);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    const auto add = [&](QAbstractSeries *series) {
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    };

    auto *perfect = new QLineSeries;
    perfect->setName(tr("Perfect calibration"));
    perfect->append(0, 0);
    perfect->append(1, 1);
    perfect->setPen(QPen(QColor(110, 110, 115), 1, Qt::DashLine));
    add(perfect);
    const QColor colour(0x56, 0xB4, 0xE9);
    auto *line = new QLineSeries;
    line->setName(tr("Pooled frames, 10 bins"));
    line->setPen(QPen(colour, 2));
    auto *dots = new QScatterSeries;
    dots->setMarkerSize(8);
    dots->setColor(colour);
    dots->setBorderColor(colour);
    for (const CalibrationBin &bin : bins) {
        line->append(bin.meanScore, bin.lesionFraction);
        dots->append(bin.meanScore, bin.lesionFraction);
    }
    add(line);
    add(dots);
    chart->legend()->markers(dots).first()->setVisible(false);
    chartstyle::setChart(this, chart);
}

} // namespace iouslab
