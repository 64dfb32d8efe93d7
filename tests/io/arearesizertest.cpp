// The frame store's area resizer gives the pixels cv::resize gives with INTER_AREA, for the
// non-integer scales it computes itself and for the sizes it hands to OpenCV.
#include "io/arearesizer.h"

#include <catch2/catch.hpp>

#include <opencv2/imgproc.hpp>

using namespace iouslab;

TEST_CASE("Area resizing equals OpenCV's INTER_AREA pixel for pixel", "[io]")
{
    cv::RNG random(20261203);
    const cv::Size fixed[] = {{260, 285}, {432, 384}, {640, 480}, {512, 512},
                              {256, 256}, {200, 300}, {257, 1000}};
    std::vector<std::pair<cv::Size, cv::Size>> cases;
    for (const cv::Size &source : fixed)
        cases.push_back({source, cv::Size(256, 256)});
    for (int i = 0; i < 60; ++i)
        cases.push_back({cv::Size(random.uniform(16, 1100), random.uniform(16, 900)),
                         cv::Size(random.uniform(4, 320), random.uniform(4, 320))});

    for (const auto &[sourceSize, targetSize] : cases) {
        INFO(sourceSize.width << " x " << sourceSize.height << " to " << targetSize.width << " x "
                              << targetSize.height);
        cv::Mat source(sourceSize, CV_8UC1);
        random.fill(source, cv::RNG::UNIFORM, 0, 256);
        cv::Mat expected;
        cv::resize(source, expected, targetSize, 0, 0, cv::INTER_AREA);

        AreaResizer resizer(sourceSize, targetSize);
        cv::Mat resized;
        resizer.resize(source, resized);
        REQUIRE(resized.size() == targetSize);
        CHECK(cv::norm(resized, expected, cv::NORM_INF) == 0);

        // A crop (rows not contiguous) and a second frame through the same resizer.
        cv::Mat wider(sourceSize.height, sourceSize.width + 7, CV_8UC1);
        random.fill(wider, cv::RNG::UNIFORM, 0, 256);
        const cv::Mat crop = wider(cv::Rect(cv::Point(3, 0), sourceSize));
        cv::resize(crop, expected, targetSize, 0, 0, cv::INTER_AREA);
        resizer.resize(crop, resized);
        CHECK(cv::norm(resized, expected, cv::NORM_INF) == 0);
    }
}
