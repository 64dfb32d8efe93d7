#include "eval/bootstrap.h"

#include "eval/roc.h"
#include "syntheticframes.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>

using namespace iouslab;
using namespace iouslab::test;

namespace {

FrameMetric aucOf(const Predictions &predictions)
{
    return [&predictions](const std::vector<std::size_t> &frames) {
        Expected<double> auc = rocAuc(predictions.subset(frames));
        return auc ? std::optional<double>(*auc) : std::nullopt;
    };
}

Predictions clusteredFrames()
{
    SyntheticFrameOptions options;
    options.patients = 16;
    options.roundTo = 0.05;
    return makeSyntheticFrames(options).first;
}

} // namespace

TEST_CASE("The fast patient bootstrap of the AUC gives the resamples of the general one", "[eval]")
{
    // Sixteen patients take the patient-pair path, one frame per patient the score-sweep path;
    // both must give, resample for resample, the AUC that sorting the resampled frames gives.
    const Predictions clustered = clusteredFrames();
    const Predictions independent = makeIndependentFrames(80, 120, 3).first;
    for (const Predictions *data : {&clustered, &independent}) {
        BootstrapOptions options;
        options.resamples = 300;
        options.seed = 99;
        Expected<BootstrapInterval> fast = bootstrapAuc(*data, options);
        Expected<BootstrapInterval> general =
            bootstrapPatients(data->patients, aucOf(*data), options);
        REQUIRE(fast);
        REQUIRE(general);
        CHECK(fast->estimate == general->estimate);
        CHECK(fast->values == general->values);
        CHECK(fast->undefinedResamples == general->undefinedResamples);
        CHECK(fast->lower == general->lower);
        CHECK(fast->upper == general->upper);
        CHECK(fast->lower < fast->estimate);
        CHECK(fast->upper > fast->estimate);
    }
}

TEST_CASE("The fast bootstrap of a paired AUC difference gives the general one's resamples",
          "[eval]")
{
    SyntheticFrameOptions fewPatients;
    fewPatients.patients = 16;
    fewPatients.roundTo = 0.05;
    const TwoModelFrames clustered = makeSyntheticFrames(fewPatients);
    const TwoModelFrames independent = makeIndependentFrames(80, 120, 4);
    for (const TwoModelFrames *data : {&clustered, &independent}) {
        const FrameMetric difference = [data](const std::vector<std::size_t> &frames) {
            Expected<double> first = rocAuc(data->first.subset(frames));
            Expected<double> second = rocAuc(data->second.subset(frames));
            return first && second ? std::optional<double>(*first - *second) : std::nullopt;
        };
        BootstrapOptions options;
        options.resamples = 300;
        Expected<BootstrapInterval> fast =
            bootstrapAucDifference(data->first, data->second, options);
        Expected<BootstrapInterval> general =
            bootstrapPatients(data->first.patients, difference, options);
        REQUIRE(fast);
        REQUIRE(general);
        CHECK(fast->estimate == general->estimate);
        CHECK(fast->values == general->values);
        CHECK(fast->estimate > 0.0);
    }

    Predictions shuffled = clustered.second;
    shuffled.labels.front() = 1 - shuffled.labels.front();
    CHECK(bootstrapAucDifference(clustered.first, shuffled)
              .error()
              .contains(QStringLiteral("not scored on the same")));
}

TEST_CASE("The patient bootstrap at a threshold gives the resamples of the general one", "[eval]")
{
    const Predictions clustered = clusteredFrames();
    const MatrixMetric specificity = [](const ConfusionMatrix &matrix) {
        return matrix.specificity();
    };
    const FrameMetric specificityOfFrames = [&](const std::vector<std::size_t> &frames) {
        return confusionAt(clustered.subset(frames), 0.5)->specificity();
    };
    BootstrapOptions options;
    options.resamples = 300;
    Expected<BootstrapInterval> fast = bootstrapAtThreshold(clustered, 0.5, specificity, options);
    Expected<BootstrapInterval> general =
        bootstrapPatients(clustered.patients, specificityOfFrames, options);
    REQUIRE(fast);
    REQUIRE(general);
    CHECK(fast->estimate == general->estimate);
    CHECK(fast->values == general->values);
}

TEST_CASE("The patient bootstrap resamples whole patients and is deterministic", "[eval]")
{
    // Patients 1, 2, 3 have 1, 10 and 100 frames: any resample's frame count is a sum of
    // three of these, and every frame of a drawn patient comes along.
    std::vector<std::int64_t> patients(1, 1);
    patients.insert(patients.end(), 10, 2);
    patients.insert(patients.end(), 100, 3);
    std::set<double> counts;
    const FrameMetric frameCount = [&](const std::vector<std::size_t> &frames) {
        return std::optional<double>(static_cast<double>(frames.size()));
    };
    BootstrapOptions options;
    options.resamples = 200;
    Expected<BootstrapInterval> first = bootstrapPatients(patients, frameCount, options);
    REQUIRE(first);
    for (double count : first->values) {
        const int n = static_cast<int>(count);
        const int hundreds = n / 100;
        const int tens = (n % 100) / 10;
        const int ones = n % 10;
        CHECK(hundreds + tens + ones == 3);
        counts.insert(count);
    }
    CHECK(counts.size() > 5);
    CHECK(first->estimate == 111.0);

    Expected<BootstrapInterval> again = bootstrapPatients(patients, frameCount, options);
    CHECK(again->values == first->values);
    options.seed += 1;
    Expected<BootstrapInterval> otherSeed = bootstrapPatients(patients, frameCount, options);
    CHECK(otherSeed->values != first->values);
}

TEST_CASE("The patient bootstrap counts resamples where the figure is undefined", "[eval]")
{
    // Patient 1 has only lesion frames, patient 2 only normal ones: a resample of one patient
    // twice has no AUC. Of the four equally likely draws, two are like that.
    Predictions predictions;
    predictions.scores = {0.9, 0.8, 0.3, 0.1};
    predictions.labels = {1, 1, 0, 0};
    predictions.patients = {1, 1, 2, 2};
    BootstrapOptions options;
    options.resamples = 400;
    Expected<BootstrapInterval> interval = bootstrapAuc(predictions, options);
    REQUIRE(interval);
    CHECK(interval->undefinedResamples + static_cast<int>(interval->values.size()) == 400);
    CHECK(interval->undefinedResamples > 150);
    CHECK(interval->undefinedResamples < 250);
    CHECK(interval->lower == 1.0);
}

TEST_CASE("The patient bootstrap refuses one patient, no patient ids and bad options", "[eval]")
{
    Predictions predictions;
    predictions.scores = {0.9, 0.3};
    predictions.labels = {1, 0};
    CHECK(bootstrapAuc(predictions).error().contains(QStringLiteral("patient id")));
    predictions.patients = {5, 5};
    CHECK(bootstrapAuc(predictions).error().contains(QStringLiteral("two patients")));
    predictions.patients = {5, 6};
    BootstrapOptions options;
    options.resamples = 0;
    CHECK_FALSE(bootstrapAuc(predictions, options));
    options.resamples = 10;
    options.confidence = 1.0;
    CHECK_FALSE(bootstrapAuc(predictions, options));

    const FrameMetric notANumber = [](const std::vector<std::size_t> &) {
        return std::optional<double>(std::nan(""));
    };
    CHECK(bootstrapPatients(predictions.patients, notANumber)
              .error()
              .contains(QStringLiteral("undefined")));

    const MatrixMetric ppv = [](const ConfusionMatrix &matrix) { return matrix.ppv(); };
    CHECK(
        bootstrapAtThreshold(predictions, 2.0, ppv).error().contains(QStringLiteral("undefined")));
}
