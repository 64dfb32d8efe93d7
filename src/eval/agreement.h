#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace iouslab {

/// How far readers agree on categorical labels, beyond what chance gives.
/// kappa is std::nullopt where it is undefined: no items, or chance agreement of 1 (every
/// rating in the same single category), rather than NaN.
struct Agreement
{
    std::optional<double> kappa;
    double percentAgreement = 0.0; ///< items on which all raters agree, in percent
    std::int64_t items = 0;        ///< items that entered the figure
};

/// Cohen's kappa of two raters over paired ratings: a[i] and b[i] are the categories
/// (0 .. categories-1) the two gave item i. kappa = (po - pe) / (1 - pe), with po the share of
/// items they agree on and pe the agreement expected from each rater's own category shares.
/// Ratings outside 0 .. categories-1 and unpaired tails are ignored.
Agreement cohensKappa(const std::vector<int> &a, const std::vector<int> &b, int categories);

/// Fleiss' kappa over items rated by several raters: counts[i][j] is how many raters put item
/// i in category j. Items with fewer than two ratings are skipped. Items may have different
/// numbers of raters: each item's agreement P_i = (sum_j n_ij^2 - n_i) / (n_i (n_i - 1)) is
/// averaged and chance agreement comes from the pooled category shares, which is Fleiss'
/// formula when every item has the same number of raters.
Agreement fleissKappa(const std::vector<std::vector<int>> &counts);

} // namespace iouslab
