#include "eval/foldsummary.h"

#include <algorithm>
#include <cmath>

namespace iouslab {

QString FoldSummary::toPercentText(int decimals) const
{
    const QString meanText = QString::number(100.0 * mean, 'f', decimals);
    if (!standardDeviation)
        return QStringLiteral("%1 %").arg(meanText);
    return QStringLiteral("%1 \u00b1 %2 %")
        .arg(meanText, QString::number(100.0 * *standardDeviation, 'f', decimals));
}

Expected<FoldSummary> summarizeFolds(const std::vector<double> &values)
{
    if (values.empty())
        return makeError(QStringLiteral("no fold values to summarise"));
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i]))
            return makeError(QStringLiteral("fold %1 has no finite value").arg(i + 1));
    }

    FoldSummary summary;
    summary.folds = static_cast<int>(values.size());
    double sum = 0.0;
    for (double value : values)
        sum += value;
    summary.mean = sum / values.size();
    summary.minimum = *std::min_element(values.begin(), values.end());
    summary.maximum = *std::max_element(values.begin(), values.end());
    if (values.size() > 1) {
        double squares = 0.0;
        for (double value : values)
            squares += (value - summary.mean) * (value - summary.mean);
        summary.standardDeviation = std::sqrt(squares / (values.size() - 1));
    }
    return summary;
}

} // namespace iouslab
