#include "eval/thresholdsweep.h"

#include "syntheticframes.h"

#include <catch2/catch.hpp>

using namespace iouslab;
using namespace iouslab::test;

TEST_CASE("The threshold sweep gives confusionAt's matrix at every threshold, ties included",
          "[eval]")
{
    SyntheticFrameOptions options;
    options.roundTo = GENERATE(0.0, 0.1, 0.001);
    INFO("scores rounded to " << options.roundTo);
    const Predictions frames = makeSyntheticFrames(options).first;
    const ThresholdSweep sweep(frames);
    REQUIRE(sweep.size() == std::int64_t(frames.size()));

    // Every score itself (a tie sits exactly on the threshold), steps between, and both ends.
    std::vector<double> thresholds(frames.scores.begin(), frames.scores.begin() + 200);
    for (int step = -1; step <= 1001; ++step)
        thresholds.push_back(step / 1000.0);
    for (double threshold : thresholds) {
        INFO("threshold " << threshold);
        CHECK(sweep.at(threshold) == confusionAt(frames, threshold).value());
    }
}
