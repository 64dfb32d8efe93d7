#include "ml/folds.h"
#include "syntheticultrasound.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace iouslab;
using namespace iouslab::ml;

namespace {

std::set<qint64> asSet(const std::vector<qint64> &values)
{
    return {values.begin(), values.end()};
}

double nearest(const std::vector<uint8_t> &frame,
               const std::vector<const std::vector<uint8_t> *> &others)
{
    double best = 1e9;
    for (const std::vector<uint8_t> *other : others)
        best = std::min(best, test::meanAbsoluteDifference(frame, *other));
    return best;
}

} // namespace

TEST_CASE("No frame of a fold's test patients reaches its training or validation", "[ml]")
{
    const test::SyntheticUltrasound set = test::SyntheticUltrasound::make(12, 12, 32, 5);
    FoldSettings settings;
    settings.folds = 4;
    const Expected<std::vector<Fold>> folds = makeFolds(set.frames, settings);
    REQUIRE(folds);
    REQUIRE(folds->size() == 4);

    std::set<qint64> testedPatients;
    for (const Fold &fold : *folds) {
        const std::set<qint64> test = asSet(fold.testPatients);
        const std::set<qint64> train = asSet(fold.trainPatients);
        const std::set<qint64> validation = asSet(fold.validationPatients);
        CHECK(test.size() == 3);
        CHECK(validation.size() >= 2);
        CHECK(test.size() + train.size() + validation.size() == 12);
        for (qint64 patient : test) {
            CHECK_FALSE(train.count(patient));
            CHECK_FALSE(validation.count(patient));
            CHECK(testedPatients.insert(patient).second); // each patient tested once
        }
        for (qint64 patient : validation)
            CHECK_FALSE(train.count(patient));

        // The frames themselves: a test frame's near duplicates (its neighbouring cine frames)
        // are all on the test side; every training or validation frame is further away.
        std::vector<const std::vector<uint8_t> *> seen;
        for (const TrainingFrame &frame : set.frames) {
            if (!test.count(frame.patientId))
                seen.push_back(&set.pixels.at(frame.frameId));
        }
        for (const TrainingFrame &frame : set.frames) {
            if (!test.count(frame.patientId))
                continue;
            std::vector<const std::vector<uint8_t> *> samePatient;
            for (const TrainingFrame &other : set.frames) {
                if (other.patientId == frame.patientId && other.frameId != frame.frameId)
                    samePatient.push_back(&set.pixels.at(other.frameId));
            }
            const std::vector<uint8_t> &pixels = set.pixels.at(frame.frameId);
            const double nearDuplicate = nearest(pixels, samePatient);
            CHECK(nearDuplicate < 0.5 * nearest(pixels, seen));
        }

        // Balanced for prevalence: with lesions in every second patient, each fold tests some.
        const int lesionPatients = int(std::count_if(
            test.begin(), test.end(), [](qint64 patient) { return patient % 2 == 0; }));
        CHECK(lesionPatients >= 1);
        CHECK(lesionPatients <= 2);
    }
    CHECK(testedPatients.size() == 12);
}

TEST_CASE("Leave-one-patient-out tests every patient alone", "[ml]")
{
    const test::SyntheticUltrasound set = test::SyntheticUltrasound::make(6, 4, 32, 6);
    FoldSettings settings;
    settings.leaveOnePatientOut = true;
    const Expected<std::vector<Fold>> folds = makeFolds(set.frames, settings);
    REQUIRE(folds);
    REQUIRE(folds->size() == 6);
    std::set<qint64> tested;
    for (const Fold &fold : *folds) {
        REQUIRE(fold.testPatients.size() == 1);
        tested.insert(fold.testPatients.front());
        CHECK(fold.trainPatients.size() + fold.validationPatients.size() == 5);
        CHECK_FALSE(asSet(fold.trainPatients).count(fold.testPatients.front()));
        CHECK_FALSE(asSet(fold.validationPatients).count(fold.testPatients.front()));
    }
    CHECK(tested.size() == 6);
}

TEST_CASE("Folds depend on the seed and on nothing else", "[ml]")
{
    const test::SyntheticUltrasound set = test::SyntheticUltrasound::make(12, 2, 32, 7);
    FoldSettings settings;
    const auto first = makeFolds(set.frames, settings);
    const auto again = makeFolds(set.frames, settings);
    settings.seed = 2;
    const auto other = makeFolds(set.frames, settings);
    REQUIRE(first);
    REQUIRE(again);
    REQUIRE(other);
    bool differs = false;
    for (size_t f = 0; f < first->size(); ++f) {
        CHECK((*first)[f].testPatients == (*again)[f].testPatients);
        CHECK((*first)[f].validationPatients == (*again)[f].validationPatients);
        differs = differs || (*first)[f].testPatients != (*other)[f].testPatients;
    }
    CHECK(differs);
}

TEST_CASE("Too few patients for the folds is an error, not a crash", "[ml]")
{
    const test::SyntheticUltrasound set = test::SyntheticUltrasound::make(3, 2, 32, 8);
    FoldSettings settings;
    settings.folds = 4;
    const auto folds = makeFolds(set.frames, settings);
    REQUIRE_FALSE(folds);
    CHECK(folds.error().contains(QStringLiteral("patients")));
}
