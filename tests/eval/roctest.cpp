#include "eval/roc.h"

#include "evaltestsupport.h"

#include <cmath>

using namespace iouslab;
using namespace iouslab::test;

namespace {

void checkCurve(const RocCurve &curve, const QJsonObject &reference)
{
    const std::vector<double> fpr = doubles(reference.value(QStringLiteral("fpr")));
    const std::vector<double> tpr = doubles(reference.value(QStringLiteral("tpr")));
    const std::vector<double> thresholds = doubles(reference.value(QStringLiteral("thresholds")));
    REQUIRE(curve.points.size() == fpr.size());
    REQUIRE(thresholds.size() + 1 == fpr.size());
    CHECK(std::isinf(curve.points.front().threshold));
    for (std::size_t i = 0; i < curve.points.size(); ++i) {
        INFO("point " << i);
        CHECK_THAT(curve.points[i].falsePositiveRate,
                   Catch::Matchers::WithinAbs(fpr[i], referenceTolerance));
        CHECK_THAT(curve.points[i].truePositiveRate,
                   Catch::Matchers::WithinAbs(tpr[i], referenceTolerance));
        if (i > 0) {
            CHECK_THAT(curve.points[i].threshold,
                       Catch::Matchers::WithinAbs(thresholds[i - 1], referenceTolerance));
        }
    }
}

} // namespace

TEST_CASE("The ROC curve and AUC match scikit-learn on random and tied scores", "[eval]")
{
    const std::string name =
        GENERATE(as<std::string>(), "random", "tied", "rounded", "coarse", "small");
    INFO("data set " << name);
    const ReferenceCase &data = requireReference(name);
    const QJsonObject reference = *data.reference;

    Expected<RocCurve> curve = rocCurve(data.first);
    REQUIRE(curve);
    checkCurve(*curve, reference.value(QStringLiteral("roc_all")).toObject());
    checkCurve(curve->withoutIntermediatePoints(),
               reference.value(QStringLiteral("roc_dropped")).toObject());

    Expected<double> auc = rocAuc(data.first);
    REQUIRE(auc);
    CHECK_THAT(*auc,
               Catch::Matchers::WithinAbs(reference.value(QStringLiteral("roc_auc")).toDouble(),
                                          referenceTolerance));
    Expected<double> secondAuc = rocAuc(data.second);
    REQUIRE(secondAuc);
    CHECK_THAT(*secondAuc,
               Catch::Matchers::WithinAbs(reference.value(QStringLiteral("roc_auc2")).toDouble(),
                                          referenceTolerance));
}

TEST_CASE("Tied scores form one step of the ROC curve and count one half in the AUC", "[eval]")
{
    // Lesion scores 0.8, 0.5, 0.5; normal scores 0.5, 0.2.
    // Pairs (lesion, normal): (0.8, 0.5) 1, (0.8, 0.2) 1, (0.5, 0.5) 1/2 twice, (0.5, 0.2) 1
    // twice: 5 of 6 pairs, AUC 5/6. Thresholds: inf (0, 0); 0.8 (0, 1/3); 0.5 takes the two
    // lesions and the normal at once, (1/2, 1); 0.2 (1, 1).
    Predictions predictions;
    predictions.scores = {0.5, 0.8, 0.2, 0.5, 0.5};
    predictions.labels = {1, 1, 0, 0, 1};

    Expected<RocCurve> curve = rocCurve(predictions);
    REQUIRE(curve);
    REQUIRE(curve->points.size() == 4);
    CHECK(curve->points[1].threshold == 0.8);
    CHECK(curve->points[1].truePositiveRate == Approx(1.0 / 3.0));
    CHECK(curve->points[2].threshold == 0.5);
    CHECK(curve->points[2].falsePositiveRate == 0.5);
    CHECK(curve->points[2].truePositiveRate == 1.0);
    CHECK(curve->points[3].falsePositiveRate == 1.0);

    Expected<double> auc = rocAuc(predictions);
    REQUIRE(auc);
    CHECK(*auc == Approx(5.0 / 6.0).epsilon(1e-15));
}

TEST_CASE("ROC and AUC refuse predictions without both classes, empty or NaN", "[eval]")
{
    Predictions onlyNormal;
    onlyNormal.scores = {0.1, 0.4};
    onlyNormal.labels = {0, 0};
    Expected<double> auc = rocAuc(onlyNormal);
    REQUIRE_FALSE(auc);
    CHECK(auc.error().contains(QStringLiteral("0 lesion")));
    CHECK_FALSE(rocCurve(onlyNormal));

    Predictions onlyLesion;
    onlyLesion.scores = {0.1, 0.4};
    onlyLesion.labels = {1, 1};
    CHECK(rocAuc(onlyLesion).error().contains(QStringLiteral("0 normal")));

    CHECK(rocAuc(Predictions{}).error().contains(QStringLiteral("no frames")));

    Predictions withNan;
    withNan.scores = {0.1, std::nan(""), 0.3};
    withNan.labels = {0, 1, 1};
    CHECK(rocAuc(withNan).error().contains(QStringLiteral("frame 1")));
}
