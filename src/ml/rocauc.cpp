#include "ml/rocauc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace iouslab::ml {

double rocAuc(const std::vector<float> &scores, const std::vector<int> &labels)
{
    // Mann-Whitney U from ranks, with tied scores given their mean rank.
    const size_t n = scores.size();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return scores[a] < scores[b]; });

    double positiveRankSum = 0.0;
    double positives = 0.0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && scores[order[j]] == scores[order[i]])
            ++j;
        const double meanRank = (double(i) + double(j) + 1.0) / 2.0;
        for (size_t k = i; k < j; ++k) {
            if (labels[order[k]] == 1) {
                positiveRankSum += meanRank;
                positives += 1.0;
            }
        }
        i = j;
    }
    const double negatives = double(n) - positives;
    if (positives == 0.0 || negatives == 0.0)
        return std::numeric_limits<double>::quiet_NaN();
    return (positiveRankSum - positives * (positives + 1.0) / 2.0) / (positives * negatives);
}

double thresholdForSensitivity(const std::vector<float> &scores, const std::vector<int> &labels,
                               double sensitivity)
{
    std::vector<float> positive;
    for (size_t i = 0; i < scores.size(); ++i) {
        if (labels[i] == 1)
            positive.push_back(scores[i]);
    }
    if (positive.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(positive.begin(), positive.end());
    // At most floor((1 - sensitivity) * n) positives may fall below the threshold.
    const double allowedMisses = std::floor((1.0 - sensitivity) * double(positive.size()) + 1e-9);
    const size_t index = std::min(positive.size() - 1, size_t(std::max(0.0, allowedMisses)));
    return positive[index];
}

} // namespace iouslab::ml
