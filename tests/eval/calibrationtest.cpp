#include "eval/calibration.h"

#include "evaltestsupport.h"

using namespace iouslab;
using namespace iouslab::test;

TEST_CASE("The Brier score and calibration curves match scikit-learn on random and tied scores",
          "[eval]")
{
    const std::string name =
        GENERATE(as<std::string>(), "random", "tied", "rounded", "coarse", "small");
    INFO("data set " << name);
    const ReferenceCase &data = requireReference(name);

    Expected<double> brier = brierScore(data.first);
    REQUIRE(brier);
    CHECK_THAT(*brier,
               Catch::Matchers::WithinAbs(data.reference->value(QStringLiteral("brier")).toDouble(),
                                          referenceTolerance));

    for (const QJsonValue &value : data.reference->value(QStringLiteral("calibration")).toArray()) {
        const QJsonObject reference = value.toObject();
        const int bins = reference.value(QStringLiteral("bins")).toInt();
        const bool uniform =
            reference.value(QStringLiteral("strategy")).toString() == QLatin1String("uniform");
        INFO(bins << (uniform ? " uniform" : " quantile") << " bins");
        Expected<std::vector<CalibrationBin>> curve = calibrationCurve(
            data.first, bins, uniform ? CalibrationBinning::Uniform : CalibrationBinning::Quantile);
        REQUIRE(curve);

        const std::vector<double> fractions =
            doubles(reference.value(QStringLiteral("lesion_fraction")));
        const std::vector<double> means = doubles(reference.value(QStringLiteral("mean_score")));
        REQUIRE(curve->size() == fractions.size());
        std::int64_t frames = 0;
        for (std::size_t i = 0; i < curve->size(); ++i) {
            CHECK_THAT((*curve)[i].lesionFraction,
                       Catch::Matchers::WithinAbs(fractions[i], referenceTolerance));
            CHECK_THAT((*curve)[i].meanScore,
                       Catch::Matchers::WithinAbs(means[i], referenceTolerance));
            frames += (*curve)[i].frames;
        }
        CHECK(frames == static_cast<std::int64_t>(data.first.size()));
    }
}

TEST_CASE("A score on a uniform bin edge belongs to the bin below it", "[eval]")
{
    // Two bins with the edge at 0.5: 0.5 joins 0.1 in the lower bin, 0.9 is alone above.
    Predictions predictions;
    predictions.scores = {0.1, 0.5, 0.9};
    predictions.labels = {0, 1, 1};
    Expected<std::vector<CalibrationBin>> curve = calibrationCurve(predictions, 2);
    REQUIRE(curve);
    REQUIRE(curve->size() == 2);
    CHECK((*curve)[0].frames == 2);
    CHECK((*curve)[0].meanScore == Approx(0.3));
    CHECK((*curve)[0].lesionFraction == 0.5);
    CHECK((*curve)[1].frames == 1);
}

TEST_CASE("Brier score and calibration refuse scores that are not probabilities", "[eval]")
{
    Predictions predictions;
    predictions.scores = {0.1, 1.5};
    predictions.labels = {0, 1};
    CHECK(brierScore(predictions).error().contains(QStringLiteral("outside [0, 1]")));
    CHECK_FALSE(calibrationCurve(predictions));
    predictions.scores = {0.1, 0.5};
    CHECK(calibrationCurve(predictions, 0).error().contains(QStringLiteral("one bin")));
    CHECK_FALSE(brierScore(Predictions{}));
}
