#pragma once

#include "eval/calibration.h"

#include <QChartView>

#include <optional>
#include <vector>

namespace iouslab {

/// The reliability diagram of a model version's pooled probabilities: each bin's mean
/// probability against its share of lesion frames, beside the diagonal of perfect
/// calibration, with the Brier score in the title.
class CalibrationChartView : public QChartView
{
    Q_OBJECT

public:
    explicit CalibrationChartView(QWidget *parent = nullptr);

    void setCalibration(const std::vector<CalibrationBin> &bins,
                        const std::optional<double> &brier);
};

} // namespace iouslab
