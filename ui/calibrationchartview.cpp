#include "ui/calibrationchartview.h"

#include "ui/chartstyle.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>

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
    const chartstyle::UnitSquareAxes axes = chartstyle::addUnitSquareAxes(
        chart, tr("Mean lesion probability of the bin"), tr("Share of lesion frames"));

    QLineSeries *perfect = chartstyle::diagonalSeries();
    perfect->setName(tr("Perfect calibration"));
    axes.add(perfect);
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
    axes.add(line);
    axes.add(dots);
    chart->legend()->markers(dots).first()->setVisible(false);
    chartstyle::setChart(this, chart);
}

} // namespace iouslab
