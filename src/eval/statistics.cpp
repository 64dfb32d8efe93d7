#include "eval/statistics.h"

#include <cassert>
#include <cmath>

namespace iouslab {

double normalQuantile(double p)
{
    assert(p > 0.0 && p < 1.0);

    // Acklam's rational approximation (relative error below 1.2e-9), then one Halley step on
    // the exact distribution function (std::erfc), which brings it to double precision.
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    const double lowTail = 0.02425;

    double x = 0.0;
    if (p < lowTail) {
        const double q = std::sqrt(-2.0 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else if (p <= 1.0 - lowTail) {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    } else {
        const double q = std::sqrt(-2.0 * std::log(1.0 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    }

    const double pi = 3.14159265358979323846;
    const double error = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double u = error * std::sqrt(2.0 * pi) * std::exp(x * x / 2.0);
    return x - u / (1.0 + x * u / 2.0);
}

double twoSidedNormalPValue(double z)
{
    return std::erfc(std::fabs(z) / std::sqrt(2.0));
}

double linearQuantile(const std::vector<double> &sortedValues, double q)
{
    assert(!sortedValues.empty());

    // numpy: virtual index (n - 1) * q, neighbours floor and floor + 1, and a lerp that
    // works from the nearer neighbour so that whole indices give the value itself.
    const double last = static_cast<double>(sortedValues.size() - 1);
    const double index = last * q;
    if (index >= last)
        return sortedValues.back();
    if (index < 0.0)
        return sortedValues.front();
    const double below = std::floor(index);
    const double gamma = index - below;
    const double a = sortedValues[static_cast<std::size_t>(below)];
    const double b = sortedValues[static_cast<std::size_t>(below) + 1];
    const double difference = b - a;
    if (gamma >= 0.5)
        return b - difference * (1.0 - gamma);
    return a + difference * gamma;
}

} // namespace iouslab
