#pragma once

#include <vector>

namespace iouslab {

/// The p-quantile of the standard normal distribution, for p in (0, 1): 0.975 gives
/// 1.959963984540054. Accurate to about 1e-15 relative.
double normalQuantile(double p);

/// The two-sided p-value of a standard normal statistic z: P(|Z| >= |z|).
double twoSidedNormalPValue(double z);

/// The q-quantile (q in [0, 1]) of values sorted ascending, interpolated linearly between
/// neighbours, with numpy.quantile's default method and its arithmetic, so that the result
/// matches numpy to the last bit. values must not be empty (an assert guards that).
double linearQuantile(const std::vector<double> &sortedValues, double q);

} // namespace iouslab
