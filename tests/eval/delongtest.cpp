#include "eval/delong.h"

#include "eval/bootstrap.h"
#include "eval/roc.h"
#include "evaltestsupport.h"
#include "syntheticframes.h"

#include <cmath>

using namespace iouslab;
using namespace iouslab::test;

namespace {

double sampleVariance(const std::vector<double> &values)
{
    double mean = 0.0;
    for (double value : values)
        mean += value;
    mean /= values.size();
    double squares = 0.0;
    for (double value : values)
        squares += (value - mean) * (value - mean);
    return squares / (values.size() - 1);
}

} // namespace

TEST_CASE("The fast DeLong variances equal the brute-force placement values", "[eval]")
{
    // The reference script computes DeLong's placement values over every (lesion, normal)
    // pair with numpy: an independent route to the same numbers.
    const std::string name =
        GENERATE(as<std::string>(), "random", "tied", "rounded", "coarse", "small");
    INFO("data set " << name);
    const ReferenceCase &data = requireReference(name);
    const QJsonObject reference = data.reference->value(QStringLiteral("delong")).toObject();
    const auto value = [&](const char *key) {
        return reference.value(QLatin1String(key)).toDouble();
    };

    Expected<AucInterval> single = deLongAuc(data.first);
    REQUIRE(single);
    CHECK_THAT(single->auc, Catch::Matchers::WithinAbs(value("auc"), referenceTolerance));
    CHECK_THAT(single->variance, Catch::Matchers::WithinAbs(value("variance"), 1e-12));

    Expected<PairedAucComparison> paired = deLongPaired(data.first, data.second);
    REQUIRE(paired);
    CHECK_THAT(paired->second.variance, Catch::Matchers::WithinAbs(value("variance2"), 1e-12));
    CHECK_THAT(paired->covariance, Catch::Matchers::WithinAbs(value("covariance"), 1e-12));
    CHECK_THAT(paired->variance, Catch::Matchers::WithinAbs(value("difference_variance"), 1e-12));
    CHECK_THAT(paired->z, Catch::Matchers::WithinAbs(value("z"), 1e-7));
    CHECK_THAT(paired->pValue, Catch::Matchers::WithinAbs(value("p_value"), 1e-9));
}

TEST_CASE("The DeLong variance of one AUC agrees with a bootstrap estimate", "[eval]")
{
    // DeLong assumes independent frames, so the bootstrap here resamples single frames (each
    // frame is its own patient). The two estimate the same variance; with 4,000 resamples the
    // bootstrap's own error is about 2 %, so 10 % is a fair bound.
    const TwoModelFrames frames = makeIndependentFrames(300, 400, 21);
    Expected<AucInterval> deLong = deLongAuc(frames.first);
    REQUIRE(deLong);
    BootstrapOptions options;
    options.resamples = 4000;
    options.seed = 5;
    Expected<BootstrapInterval> bootstrap = bootstrapAuc(frames.first, options);
    REQUIRE(bootstrap);

    const double bootstrapVariance = sampleVariance(bootstrap->values);
    INFO("DeLong " << deLong->variance << ", bootstrap " << bootstrapVariance);
    CHECK(std::fabs(deLong->variance / bootstrapVariance - 1.0) < 0.10);
    CHECK(deLong->lower < deLong->auc);
    CHECK(deLong->upper > deLong->auc);
    CHECK(deLong->upper - deLong->lower ==
          Approx(2 * 1.959963984540054 * deLong->standardError).epsilon(1e-12));
}

TEST_CASE("The DeLong variance of a paired AUC difference agrees with a bootstrap estimate",
          "[eval]")
{
    const TwoModelFrames frames = makeIndependentFrames(300, 400, 22);
    Expected<PairedAucComparison> deLong = deLongPaired(frames.first, frames.second);
    REQUIRE(deLong);

    // Each resample takes the same frames for both models: the pairing the covariance is for.
    const FrameMetric difference = [&](const std::vector<std::size_t> &drawn) {
        Expected<double> first = rocAuc(frames.first.subset(drawn));
        Expected<double> second = rocAuc(frames.second.subset(drawn));
        if (!first || !second)
            return std::optional<double>();
        return std::optional<double>(*first - *second);
    };
    BootstrapOptions options;
    options.resamples = 3000;
    options.seed = 6;
    Expected<BootstrapInterval> bootstrap =
        bootstrapPatients(frames.first.patients, difference, options);
    REQUIRE(bootstrap);

    const double bootstrapVariance = sampleVariance(bootstrap->values);
    INFO("DeLong " << deLong->variance << ", bootstrap " << bootstrapVariance);
    CHECK(std::fabs(deLong->variance / bootstrapVariance - 1.0) < 0.12);
    CHECK(bootstrap->estimate == Approx(deLong->difference).epsilon(1e-12));
    CHECK(deLong->covariance > 0.0);
    CHECK(deLong->pValue > 0.0);
    CHECK(deLong->pValue < 1.0);
}

TEST_CASE("DeLong of identical models gives a zero difference with p-value 1", "[eval]")
{
    const TwoModelFrames frames = makeIndependentFrames(20, 30, 23);
    Expected<PairedAucComparison> same = deLongPaired(frames.first, frames.first);
    REQUIRE(same);
    CHECK(same->difference == 0.0);
    CHECK(same->variance == Approx(0.0).margin(1e-15));
    CHECK(same->pValue == 1.0);
}

TEST_CASE("DeLong refuses too few frames of a class and models on different frames", "[eval]")
{
    Predictions one;
    one.scores = {0.2, 0.4, 0.9};
    one.labels = {0, 0, 1};
    CHECK(deLongAuc(one).error().contains(QStringLiteral("two lesion")));
    Predictions other = one;
    other.labels = {0, 1, 1};
    one.scores.push_back(0.8);
    one.labels.push_back(1);
    other.scores.push_back(0.1);
    other.labels.push_back(0);
    CHECK(deLongPaired(one, one, 0.95));
    CHECK(deLongPaired(one, other).error().contains(QStringLiteral("not scored on the same")));
    CHECK_FALSE(deLongAuc(one, 1.0));
}
