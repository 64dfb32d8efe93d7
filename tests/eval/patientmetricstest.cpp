#include "eval/patientmetrics.h"

#include "evaltestsupport.h"

using namespace iouslab;
using namespace iouslab::test;

TEST_CASE("Per-patient figures at a threshold agree with a hand-worked case", "[eval]")
{
    // Threshold 0.5.
    // Patient 42: lesions 0.9, 0.6, normals 0.4, 0.7. TP 2, FP 1 (0.7), TN 1: sensitivity 1,
    //   specificity 1/2, a lesion flagged. AUC pairs: (0.9,0.4) (0.9,0.7) (0.6,0.4) win,
    //   (0.6,0.7) loses: 3/4.
    // Patient 7: lesion 0.3, normals 0.2, 0.3, 0.1. FN 1, TN 3: sensitivity 0,
    //   specificity 1, no lesion flagged. AUC: 0.3 beats 0.2 and 0.1, ties 0.3: 2.5/3.
    // Patient 19: normals 0.8, 0.2 only. FP 1, TN 1: specificity 1/2; no sensitivity, no
    //   AUC, and "lesion flagged" does not apply.
    // Patient 3: lesions 0.55, 0.45 only. TP 1, FN 1: sensitivity 1/2, flagged; no
    //   specificity, no AUC.
    Predictions predictions;
    predictions.scores = {0.9, 0.3, 0.6, 0.8, 0.55, 0.4, 0.2, 0.7, 0.3, 0.2, 0.45, 0.1};
    predictions.labels = {1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0};
    predictions.patients = {42, 7, 42, 19, 3, 42, 7, 42, 7, 19, 3, 7};

    Expected<std::vector<PatientMetrics>> patients = patientMetrics(predictions, 0.5);
    REQUIRE(patients);
    REQUIRE(patients->size() == 4);
    const PatientMetrics &p3 = (*patients)[0];
    const PatientMetrics &p7 = (*patients)[1];
    const PatientMetrics &p19 = (*patients)[2];
    const PatientMetrics &p42 = (*patients)[3];
    CHECK(p3.patient == 3);
    CHECK(p7.patient == 7);
    CHECK(p19.patient == 19);
    CHECK(p42.patient == 42);

    CHECK(p42.frames() == 4);
    CHECK(*p42.sensitivity() == 1.0);
    CHECK(*p42.specificity() == 0.5);
    CHECK(*p42.lesionFlagged());
    CHECK(*p42.auc == 0.75);

    CHECK(*p7.sensitivity() == 0.0);
    CHECK(*p7.specificity() == 1.0);
    CHECK_FALSE(*p7.lesionFlagged());
    CHECK(*p7.auc == Approx(2.5 / 3.0).epsilon(1e-15));

    CHECK_FALSE(p19.sensitivity());
    CHECK(*p19.specificity() == 0.5);
    CHECK_FALSE(p19.auc);
    CHECK_FALSE(p19.lesionFlagged());

    CHECK(*p3.sensitivity() == 0.5);
    CHECK_FALSE(p3.specificity());
    CHECK_FALSE(p3.auc);
    CHECK(*p3.lesionFlagged());
}

TEST_CASE("Per-patient AUCs match scikit-learn's on each patient's frames", "[eval]")
{
    const std::string name =
        GENERATE(as<std::string>(), "random", "tied", "rounded", "coarse", "small");
    INFO("data set " << name);
    const ReferenceCase &data = requireReference(name);
    const double threshold = data.settings.thresholds.front();

    Expected<std::vector<PatientMetrics>> patients = patientMetrics(data.first, threshold);
    REQUIRE(patients);
    const QJsonArray references = data.reference->value(QStringLiteral("patients")).toArray();
    REQUIRE(patients->size() == static_cast<std::size_t>(references.size()));
    for (std::size_t i = 0; i < patients->size(); ++i) {
        const PatientMetrics &ours = (*patients)[i];
        const QJsonObject reference = references[static_cast<int>(i)].toObject();
        INFO("patient " << ours.patient);
        CHECK(ours.patient == reference.value(QStringLiteral("patient")).toInt());
        const QJsonValue auc = reference.value(QStringLiteral("auc"));
        REQUIRE(ours.auc.has_value() == !auc.isNull());
        if (ours.auc)
            CHECK_THAT(*ours.auc, Catch::Matchers::WithinAbs(auc.toDouble(), referenceTolerance));
        const int flagged = reference.value(QStringLiteral("flagged_lesions")).toInt();
        CHECK(ours.matrix.truePositives == flagged);
        if (ours.lesionFlagged())
            CHECK(*ours.lesionFlagged() == (flagged > 0));
    }
}

TEST_CASE("Per-patient figures need a patient id for every frame", "[eval]")
{
    Predictions predictions;
    predictions.scores = {0.2, 0.4};
    predictions.labels = {0, 1};
    CHECK(patientMetrics(predictions, 0.5).error().contains(QStringLiteral("patient id")));
    predictions.patients = {1};
    CHECK_FALSE(patientMetrics(predictions, 0.5));
}
