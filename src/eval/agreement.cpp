#include "eval/agreement.h"

#include <cmath>

namespace iouslab {

namespace {

// Chance agreement this close to 1 leaves kappa's denominator at rounding noise.
constexpr double undefinedMargin = 1e-12;

} // namespace

Agreement cohensKappa(const std::vector<int> &a, const std::vector<int> &b, int categories)
{
    Agreement result;
    if (categories <= 0)
        return result;

    std::vector<std::int64_t> marginA(categories, 0);
    std::vector<std::int64_t> marginB(categories, 0);
    std::int64_t agreed = 0;
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (a[i] < 0 || a[i] >= categories || b[i] < 0 || b[i] >= categories)
            continue;
        ++marginA[a[i]];
        ++marginB[b[i]];
        agreed += a[i] == b[i] ? 1 : 0;
        ++result.items;
    }
    if (result.items == 0)
        return result;

    const double total = double(result.items);
    const double observed = double(agreed) / total;
    double chance = 0.0;
    for (int j = 0; j < categories; ++j)
        chance += (double(marginA[j]) / total) * (double(marginB[j]) / total);
    result.percentAgreement = 100.0 * observed;
    if (1.0 - chance > undefinedMargin)
        result.kappa = (observed - chance) / (1.0 - chance);
    return result;
}

Agreement fleissKappa(const std::vector<std::vector<int>> &counts)
{
    Agreement result;
    std::vector<double> categoryTotals;
    double ratings = 0.0;
    double agreementSum = 0.0;
    std::int64_t unanimous = 0;
    for (const std::vector<int> &item : counts) {
        std::int64_t raters = 0;
        std::int64_t squares = 0;
        int used = 0;
        for (int count : item) {
            if (count <= 0)
                continue;
            raters += count;
            squares += std::int64_t(count) * count;
            ++used;
        }
        if (raters < 2)
            continue;

        if (categoryTotals.size() < item.size())
            categoryTotals.resize(item.size(), 0.0);
        for (std::size_t j = 0; j < item.size(); ++j)
            categoryTotals[j] += std::max(item[j], 0);
        ratings += double(raters);
        agreementSum += double(squares - raters) / double(raters * (raters - 1));
        unanimous += used == 1 ? 1 : 0;
        ++result.items;
    }
    if (result.items == 0)
        return result;

    const double observed = agreementSum / double(result.items);
    double chance = 0.0;
    for (double total : categoryTotals)
        chance += (total / ratings) * (total / ratings);
    result.percentAgreement = 100.0 * double(unanimous) / double(result.items);
    if (1.0 - chance > undefinedMargin)
        result.kappa = (observed - chance) / (1.0 - chance);
    return result;
}

} // namespace iouslab
