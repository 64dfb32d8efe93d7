#include "eval/binarymetrics.h"

#include "evaltestsupport.h"

#include <cmath>

using namespace iouslab;
using namespace iouslab::test;

TEST_CASE("Figures at a threshold match scikit-learn on random and tied scores", "[eval]")
{
    const std::string name =
        GENERATE(as<std::string>(), "random", "tied", "rounded", "coarse", "small");
    INFO("data set " << name);
    const ReferenceCase &data = requireReference(name);

    for (const QJsonValue &value :
         data.reference->value(QStringLiteral("at_threshold")).toArray()) {
        const QJsonObject reference = value.toObject();
        const double threshold = reference.value(QStringLiteral("threshold")).toDouble();
        INFO("threshold " << threshold);
        Expected<ConfusionMatrix> matrix = confusionAt(data.first, threshold);
        REQUIRE(matrix);

        const auto count = [&](const char *key) {
            return static_cast<std::int64_t>(reference.value(QLatin1String(key)).toDouble());
        };
        CHECK(matrix->truePositives == count("tp"));
        CHECK(matrix->falsePositives == count("fp"));
        CHECK(matrix->trueNegatives == count("tn"));
        CHECK(matrix->falseNegatives == count("fn"));

        const auto figure = [&](const char *key) {
            return reference.value(QLatin1String(key)).toDouble();
        };
        const bool noPredictedLesion = count("tp") + count("fp") == 0;
        const bool noPredictedNormal = count("tn") + count("fn") == 0;
        checkFigure("accuracy", matrix->accuracy(), figure("accuracy"));
        checkFigure("sensitivity", matrix->sensitivity(), figure("sensitivity"));
        checkFigure("specificity", matrix->specificity(), figure("specificity"));
        checkFigure("ppv", matrix->ppv(), figure("ppv"), noPredictedLesion);
        checkFigure("npv", matrix->npv(), figure("npv"), noPredictedNormal);
        checkFigure("f1", matrix->f1(), figure("f1"));
        checkFigure("balanced accuracy", matrix->balancedAccuracy(), figure("balanced_accuracy"));
    }
}

TEST_CASE("A figure whose denominator is zero is undefined, not NaN or 0", "[eval]")
{
    // Threshold 0.9 over scores 0.2 (lesion), 0.4 (normal): nothing is called a lesion, so
    // TP = FP = 0 and PPV has no denominator; every frame is called normal, so NPV = 1/2.
    Predictions predictions;
    predictions.scores = {0.2, 0.4};
    predictions.labels = {1, 0};
    Expected<ConfusionMatrix> matrix = confusionAt(predictions, 0.9);
    REQUIRE(matrix);
    CHECK_FALSE(matrix->ppv());
    CHECK(*matrix->npv() == 0.5);
    CHECK(*matrix->sensitivity() == 0.0);
    CHECK(*matrix->specificity() == 1.0);
    CHECK(*matrix->f1() == 0.0);

    ConfusionMatrix onlyNormals;
    onlyNormals.trueNegatives = 3;
    CHECK_FALSE(onlyNormals.sensitivity());
    CHECK_FALSE(onlyNormals.balancedAccuracy());
    CHECK_FALSE(onlyNormals.f1());
    CHECK_FALSE(ConfusionMatrix{}.accuracy());
}

TEST_CASE("A score equal to the threshold is called a lesion", "[eval]")
{
    Predictions predictions;
    predictions.scores = {0.5, 0.5, 0.49999999999999994};
    predictions.labels = {1, 0, 1};
    Expected<ConfusionMatrix> matrix = confusionAt(predictions, 0.5);
    REQUIRE(matrix);
    CHECK(matrix->truePositives == 1);
    CHECK(matrix->falsePositives == 1);
    CHECK(matrix->falseNegatives == 1);
}

TEST_CASE("Figures at a threshold refuse bad labels, mismatched sizes and a NaN threshold",
          "[eval]")
{
    Predictions predictions;
    predictions.scores = {0.2, 0.4};
    predictions.labels = {1, 2};
    CHECK(confusionAt(predictions, 0.5).error().contains(QStringLiteral("label 2")));
    predictions.labels = {1};
    CHECK(confusionAt(predictions, 0.5).error().contains(QStringLiteral("2 scores but 1")));
    predictions.labels = {1, 0};
    CHECK_FALSE(confusionAt(predictions, std::nan("")));
    predictions.scores = {0.2, INFINITY};
    CHECK_FALSE(confusionAt(predictions, 0.5));
}
