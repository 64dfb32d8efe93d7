#include "eval/foldsummary.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace iouslab;

TEST_CASE("Fold results are summarised as mean and sample standard deviation", "[eval]")
{
    // 0.78, 0.80, 0.83: mean 2.41 / 3 = 0.80333...; deviations -0.02333, -0.00333, 0.02667;
    // squares 5.4444e-4 + 1.1111e-5 + 7.1111e-4 = 1.26667e-3; over n - 1 = 2: 6.3333e-4;
    // SD 0.025166. (Over n it would be 0.020548: the test tells the two apart.)
    Expected<FoldSummary> summary = summarizeFolds({0.78, 0.80, 0.83});
    REQUIRE(summary);
    CHECK(summary->folds == 3);
    CHECK(summary->mean == Approx(0.8033333333333333).epsilon(1e-12));
    REQUIRE(summary->standardDeviation);
    CHECK(*summary->standardDeviation == Approx(0.0251661147842358).epsilon(1e-9));
    CHECK(summary->minimum == 0.78);
    CHECK(summary->maximum == 0.83);
    CHECK(summary->toPercentText() == QStringLiteral("80.3 \u00b1 2.5 %"));
}

TEST_CASE("One fold has no standard deviation; no folds or NaN are refused", "[eval]")
{
    Expected<FoldSummary> one = summarizeFolds({0.7});
    REQUIRE(one);
    CHECK_FALSE(one->standardDeviation);
    CHECK(one->toPercentText(2) == QStringLiteral("70.00 %"));

    CHECK_FALSE(summarizeFolds({}));
    CHECK(summarizeFolds({0.7, std::nan("")}).error().contains(QStringLiteral("fold 2")));
}
