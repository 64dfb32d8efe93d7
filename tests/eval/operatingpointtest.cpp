#include "eval/operatingpoint.h"

#include "evaltestsupport.h"

using namespace iouslab;
using namespace iouslab::test;

namespace {

Predictions frames(std::vector<double> scores, std::vector<int> labels)
{
    Predictions predictions;
    predictions.scores = std::move(scores);
    predictions.labels = std::move(labels);
    return predictions;
}

} // namespace

TEST_CASE("The operating point for a target sensitivity is the highest threshold reaching it",
          "[eval]")
{
    // Validation: lesions 0.95, 0.8, 0.8, 0.6, 0.3; normals 0.9, 0.7, 0.5, 0.4, 0.3, 0.2, 0.1.
    // Lowering the threshold through the distinct scores, the lesions called are
    //   0.95: 1/5   0.9: 1/5   0.8: 3/5   0.7: 3/5   0.6: 4/5   0.5, 0.4: 4/5   0.3: 5/5.
    // Target 0.99 is first reached at 0.3; there the normals >= 0.3 are 0.9, 0.7, 0.5, 0.4,
    // 0.3, so FP = 5, TN = 2 (specificity 2/7). Target 0.8 is reached at 0.6 (4/5 exactly),
    // with FP = 2 (0.9, 0.7), specificity 5/7; target 0.7 gives the same point.
    const Predictions validation =
        frames({0.95, 0.9, 0.8, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.3, 0.2, 0.1},
               {1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 0});
    // Test: lesions 0.85, 0.65, 0.3, 0.25; normals 0.6, 0.35, 0.3, 0.29.
    // At 0.3: TP 3 (0.85, 0.65, 0.3), FN 1; FP 3 (0.6, 0.35, 0.3), TN 1: sensitivity 3/4,
    // specificity 1/4. At 0.6: TP 2, FN 2, FP 1 (0.6), TN 3: sensitivity 1/2, specificity 3/4.
    const Predictions test =
        frames({0.85, 0.65, 0.3, 0.25, 0.6, 0.35, 0.3, 0.29}, {1, 1, 1, 1, 0, 0, 0, 0});

    Expected<OperatingPointEvaluation> strict = evaluateOperatingPoint(validation, test);
    REQUIRE(strict);
    CHECK(strict->point.threshold == 0.3);
    CHECK(strict->point.chosenOn.truePositives == 5);
    CHECK(strict->point.chosenOn.falsePositives == 5);
    CHECK(*strict->point.chosenOn.specificity() == Approx(2.0 / 7.0));
    CHECK(*strict->test.sensitivity() == 0.75);
    CHECK(*strict->test.specificity() == 0.25);

    Expected<OperatingPointEvaluation> looser = evaluateOperatingPoint(validation, test, 0.8);
    REQUIRE(looser);
    CHECK(looser->point.threshold == 0.6);
    CHECK(*looser->point.chosenOn.sensitivity() == 0.8);
    CHECK(*looser->point.chosenOn.specificity() == Approx(5.0 / 7.0));
    CHECK(*looser->test.sensitivity() == 0.5);
    CHECK(*looser->test.specificity() == 0.75);

    Expected<OperatingPoint> sameAsLooser = operatingPointForSensitivity(validation, 0.7);
    REQUIRE(sameAsLooser);
    CHECK(sameAsLooser->threshold == 0.6);
}

TEST_CASE("The operating point matches the one read off scikit-learn's ROC curve", "[eval]")
{
    const std::string name =
        GENERATE(as<std::string>(), "random", "tied", "rounded", "coarse", "small");
    INFO("data set " << name);
    const ReferenceCase &data = requireReference(name);

    for (const QJsonValue &value :
         data.reference->value(QStringLiteral("operating_points")).toArray()) {
        const QJsonObject reference = value.toObject();
        const double target = reference.value(QStringLiteral("target")).toDouble();
        INFO("target " << target);
        Expected<OperatingPoint> point = operatingPointForSensitivity(data.first, target);
        REQUIRE(point);
        CHECK(point->threshold == reference.value(QStringLiteral("threshold")).toDouble());
        checkFigure("sensitivity", point->chosenOn.sensitivity(),
                    reference.value(QStringLiteral("sensitivity")).toDouble());
        checkFigure("specificity", point->chosenOn.specificity(),
                    reference.value(QStringLiteral("specificity")).toDouble());
    }
}

TEST_CASE("An operating point needs validation lesions and a target in (0, 1]", "[eval]")
{
    const Predictions normals = frames({0.2, 0.4}, {0, 0});
    CHECK(operatingPointForSensitivity(normals).error().contains(QStringLiteral("none")));
    const Predictions both = frames({0.2, 0.4}, {0, 1});
    CHECK_FALSE(operatingPointForSensitivity(both, 0.0));
    CHECK_FALSE(operatingPointForSensitivity(both, 1.5));
    CHECK(evaluateOperatingPoint(both, Predictions{}).error().startsWith(QStringLiteral("test")));
}
