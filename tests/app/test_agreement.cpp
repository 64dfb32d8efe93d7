#include "app/reviewsnapshot.h"
#include "eval/agreement.h"

#include <catch2/catch.hpp>

using namespace iouslab;

namespace {

constexpr int N = 0; // normal
constexpr int L = 1; // lesion
constexpr int U = 2; // ungradable

} // namespace

TEST_CASE("Cohen's kappa of two readers matches the value worked by hand", "[eval][agreement]")
{
    // Ten frames, two readers:
    //   A: N N N N N L L L U U
    //   B: N N N N L L L N U N
    // They agree on frames 1-4 (N), 6-7 (L) and 9 (U): po = 7/10 = 0.70.
    // Shares: A has N 5, L 3, U 2; B has N 6, L 3, U 1.
    // pe = (5*6 + 3*3 + 2*1) / 100 = 41/100 = 0.41.
    // kappa = (0.70 - 0.41) / (1 - 0.41) = 0.29 / 0.59 = 0.4915254...
    const std::vector<int> a{N, N, N, N, N, L, L, L, U, U};
    const std::vector<int> b{N, N, N, N, L, L, L, N, U, N};
    const Agreement agreement = cohensKappa(a, b, 3);
    REQUIRE(agreement.kappa.has_value());
    CHECK(*agreement.kappa == Approx(0.29 / 0.59).epsilon(1e-12));
    CHECK(agreement.percentAgreement == Approx(70.0));
    CHECK(agreement.items == 10);

    // Symmetric in the two readers.
    CHECK(*cohensKappa(b, a, 3).kappa == Approx(*agreement.kappa));
}

TEST_CASE("Cohen's kappa is 1 for full agreement and undefined when chance agreement is 1",
          "[eval][agreement]")
{
    const std::vector<int> both{N, L, U, L, N};
    CHECK(*cohensKappa(both, both, 3).kappa == Approx(1.0));

    // Both readers say normal every time: po = pe = 1, so kappa is 0/0.
    const std::vector<int> normal(6, N);
    const Agreement constant = cohensKappa(normal, normal, 3);
    CHECK_FALSE(constant.kappa.has_value());
    CHECK(constant.percentAgreement == Approx(100.0));

    // Systematic disagreement goes below zero: A always N, B always L on two frames, and the
    // reverse on two more. po = 0; shares A N 2 L 2, B N 2 L 2: pe = (4 + 4)/16 = 0.5;
    // kappa = (0 - 0.5)/(1 - 0.5) = -1.
    CHECK(*cohensKappa({N, N, L, L}, {L, L, N, N}, 3).kappa == Approx(-1.0));

    CHECK_FALSE(cohensKappa({}, {}, 3).kappa.has_value());
}

TEST_CASE("Fleiss' kappa of three readers matches the value worked by hand", "[eval][agreement]")
{
    // Four frames, three readers each; counts of (normal, lesion, ungradable):
    //   frame 1: 3 0 0  P1 = (9 - 3) / (3*2)         = 1
    //   frame 2: 2 1 0  P2 = (4 + 1 - 3) / 6         = 1/3
    //   frame 3: 0 3 0  P3 = (9 - 3) / 6             = 1
    //   frame 4: 1 1 1  P4 = (1 + 1 + 1 - 3) / 6     = 0
    // Pbar = (1 + 1/3 + 1 + 0) / 4 = 7/12.
    // Category shares over 12 ratings: normal 6/12, lesion 5/12, ungradable 1/12;
    // Pe = (36 + 25 + 1) / 144 = 62/144.
    // kappa = (7/12 - 62/144) / (1 - 62/144) = (84 - 62) / (144 - 62) = 22/82 = 0.2682927...
    const std::vector<std::vector<int>> counts{{3, 0, 0}, {2, 1, 0}, {0, 3, 0}, {1, 1, 1}};
    const Agreement agreement = fleissKappa(counts);
    REQUIRE(agreement.kappa.has_value());
    CHECK(*agreement.kappa == Approx(22.0 / 82.0).epsilon(1e-12));
    CHECK(agreement.percentAgreement == Approx(50.0)); // frames 1 and 3 are unanimous
    CHECK(agreement.items == 4);
}

TEST_CASE("The agreement report gives per-pair and Fleiss figures overall, per patient and clip",
          "[app][agreement]")
{
    // Two readers (ids 1 and 2) over four frames of one clip of one patient, plus one frame
    // only reader 1 read (it enters no pairwise figure).
    ReviewSnapshot snapshot;
    snapshot.clips << ReviewClip{
        7, 3,   5, QStringLiteral("P-1"), {}, {}, QStringLiteral("a.mp4"), QStringLiteral("h"),
        5, 30.0};
    snapshot.readers << ReaderRecord{1, QStringLiteral("rad"), ReaderRole::Radiologist, 0}
                     << ReaderRecord{2, QStringLiteral("surg"), ReaderRole::Surgeon, 0};
    const auto read = [](FrameId frame, ReaderId reader, LabelValue value) {
        return ReviewLabel{frame, 7, 5, int(frame - 100), reader, value, 0};
    };
    // Frames 100-103: (N,N) (L,L) (L,N) (N,N); frame 104 read by reader 1 only.
    snapshot.labels << read(100, 1, LabelValue::Normal) << read(100, 2, LabelValue::Normal)
                    << read(101, 1, LabelValue::Lesion) << read(101, 2, LabelValue::Lesion)
                    << read(102, 1, LabelValue::Lesion) << read(102, 2, LabelValue::Normal)
                    << read(103, 1, LabelValue::Normal) << read(103, 2, LabelValue::Normal)
                    << read(104, 1, LabelValue::Lesion);
    // By hand: po = 3/4; reader 1 N 2 L 2, reader 2 N 3 L 1: pe = (6 + 2)/16 = 0.5;
    // kappa = (0.75 - 0.5)/0.5 = 0.5.
    const AgreementReport report = agreementReport(snapshot);
    REQUIRE(report.overall.pairs.size() == 1);
    CHECK(report.overall.pairs.first().first == 1);
    CHECK(report.overall.pairs.first().second == 2);
    CHECK(*report.overall.pairs.first().agreement.kappa == Approx(0.5));
    CHECK(report.overall.pairs.first().agreement.percentAgreement == Approx(75.0));
    CHECK(report.overall.pairs.first().agreement.items == 4);
    // With two raters per frame Fleiss' kappa is Scott's pi: pooled shares N 5/8, L 3/8,
    // Pe = (25 + 9)/64 = 34/64; kappa = (0.75 - 34/64)/(1 - 34/64) = 14/30.
    CHECK(*report.overall.fleiss.kappa == Approx(14.0 / 30.0));
    REQUIRE(report.patients.size() == 1);
    CHECK(*report.patients.first().pairs.first().agreement.kappa == Approx(0.5));
    REQUIRE(report.clips.size() == 1);
    CHECK(report.clips.first().id == 7);

    // The disagreement on frame 102 is the queue; its reference is unresolved until a lead
    // decides, and the decision wins.
    const QList<Disagreement> queue = disagreements(snapshot);
    REQUIRE(queue.size() == 1);
    CHECK(queue.first().frameId == 102);
    CHECK(referenceOf(queue.first().reads, std::nullopt) == ReferenceState::Unresolved);
    snapshot.adjudications.insert(102, AdjudicationRecord{102, 3, LabelValue::Lesion, 0});
    CHECK(referenceOf(queue.first().reads, snapshot.adjudications.value(102)) ==
          ReferenceState::Lesion);

    const DatasetBalance balance = datasetBalance(snapshot);
    REQUIRE(balance.patients.size() == 1);
    CHECK(balance.patients.first().normal == 2);
    CHECK(balance.patients.first().lesion == 3); // 101, 102 (adjudicated) and 104
    CHECK(balance.patients.first().unlabelled == 0);
    CHECK(balance.singleRead == 1);
    CHECK(balance.multipleRead == 4);
}

TEST_CASE("Uncertain frames are spread across patients, each keeping its own order",
          "[app][agreement]")
{
    const QList<UncertainFrame> candidates{{1, 10, 1, 0, 0.50},
                                           {2, 10, 1, 1, 0.51},
                                           {3, 20, 2, 0, 0.52},
                                           {4, 10, 1, 2, 0.53},
                                           {5, 30, 3, 0, 0.60}};
    const QList<UncertainFrame> spread = spreadAcrossPatients(candidates);
    QList<FrameId> order;
    for (const UncertainFrame &frame : spread)
        order << frame.frameId;
    CHECK(order == QList<FrameId>{1, 3, 5, 2, 4});
}
