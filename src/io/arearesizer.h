#pragma once

#include <opencv2/core/mat.hpp>

#include <vector>

namespace iouslab {

/// Shrinks 8-bit grey frames of one size to another by area averaging: the same pixels as
/// cv::resize with INTER_AREA, which the frame store used before, at a fraction of its cost
/// for the non-integer scales an ultrasound region gives (a 260 x 285 region to 256 x 256:
/// 0.44 ms a frame in OpenCV 4.6, a third of a video import's CPU time). OpenCV recomputes
/// each source row's horizontal sums for every output row it touches through a scattered
/// table; here they are computed once per frame, and the weights and the order of the float
/// additions are OpenCV's, so the rounding is too.
///
/// Sizes that OpenCV treats otherwise (a side that grows, integer scales, equal sizes) go to
/// cv::resize itself.
class AreaResizer
{
public:
    AreaResizer(cv::Size source, cv::Size target);

    /// source: CV_8UC1 of the source size; target becomes CV_8UC1 of the target size.
    void resize(const cv::Mat &source, cv::Mat &target);

private:
    /// For each output index along one axis, the source indices and weights that make it.
    struct Axis
    {
        std::vector<int> first;    ///< per output index: where its taps start, plus an end
        std::vector<int> source;   ///< per tap: the source index
        std::vector<float> weight; ///< per tap
    };
    static Axis areaTable(int sourceSize, int targetSize);

    cv::Size m_source;
    cv::Size m_target;
    bool m_useOpenCv = false;
    Axis m_x;
    Axis m_y;
    int m_xTaps = 0;              ///< the most taps any output column takes
    std::vector<int> m_xIndex;    ///< tap by tap, the source column of each output column
    std::vector<float> m_xWeight; ///< their weights, zero for padding
    bool m_avx2 = false;          ///< the CPU has AVX2 (gathers, permutes)
    /// The most vectors of eight source pixels a block of eight output columns reads from.
    static constexpr int windowLimit = 4;
    int m_windows = 0;            ///< that count for these sizes; 0: over the limit, gathers
    std::vector<int> m_blockBase; ///< per block of eight output columns: its first tap
    std::vector<int> m_xRelative; ///< m_xIndex less its block's first tap
    std::vector<float> m_row;     ///< one source row as float, then zeros for the windows
    cv::Mat m_rows; ///< CV_32F, source height x target width: each source row's horizontal sums
};

} // namespace iouslab
