#include "io/arearesizer.h"

#include <opencv2/imgproc.hpp>

#include <immintrin.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace iouslab {

// The weights follow OpenCV 4.6's computeResizeAreaTab (imgproc/src/resize.cpp) term by term,
// including its double arithmetic and its 1e-3 cut-offs, so that the float weights are equal.
AreaResizer::Axis AreaResizer::areaTable(int sourceSize, int targetSize)
{
    const double scale = 1. / (double(targetSize) / sourceSize);
    Axis axis;
    for (int d = 0; d < targetSize; ++d) {
        axis.first.push_back(int(axis.source.size()));
        const double from = d * scale;
        const double to = from + scale;
        const double cellWidth = std::min(scale, sourceSize - from);
        int first = int(std::ceil(from));
        int last = int(std::floor(to));
        last = std::min(last, sourceSize - 1);
        first = std::min(first, last);
        if (first - from > 1e-3) {
            axis.source.push_back(first - 1);
            axis.weight.push_back(float((first - from) / cellWidth));
        }
        for (int s = first; s < last; ++s) {
            axis.source.push_back(s);
            axis.weight.push_back(float(1.0 / cellWidth));
        }
        if (to - last > 1e-3) {
            axis.source.push_back(last);
            axis.weight.push_back(float(std::min(std::min(to - last, 1.), cellWidth) / cellWidth));
        }
    }
    axis.first.push_back(int(axis.source.size()));
    return axis;
}

AreaResizer::AreaResizer(cv::Size source, cv::Size target)
    : m_source(source)
    , m_target(target)
{
    const double scaleX = 1. / (double(target.width) / source.width);
    const double scaleY = 1. / (double(target.height) / source.height);
    const bool integerScales = std::abs(scaleX - std::round(scaleX)) < DBL_EPSILON &&
                               std::abs(scaleY - std::round(scaleY)) < DBL_EPSILON;
    m_useOpenCv = source == target || scaleX < 1 || scaleY < 1 || integerScales;
    if (m_useOpenCv)
        return;
    m_x = areaTable(source.width, target.width);
    m_y = areaTable(source.height, target.height);
    m_rows.create(source.height, target.width, CV_32F);

    for (int x = 0; x < target.width; ++x)
        m_xTaps = std::max(m_xTaps, m_x.first[x + 1] - m_x.first[x]);
    m_xIndex.resize(size_t(m_xTaps) * target.width);
    m_xWeight.resize(m_xIndex.size());
    for (int tap = 0; tap < m_xTaps; ++tap) {
        for (int x = 0; x < target.width; ++x) {
            const int at = m_x.first[x] + tap;
            const bool real = at < m_x.first[x + 1];
            m_xIndex[size_t(tap) * target.width + x] =
                real ? m_x.source[at] : m_x.source[m_x.first[x]];
            m_xWeight[size_t(tap) * target.width + x] = real ? m_x.weight[at] : 0.f;
        }
    }
    m_avx2 = __builtin_cpu_supports("avx2");

    // For the permuting path: each block of eight output columns reads its taps from a window
    // of at most windowLimit * 8 source columns starting at the block's first tap.
    int windows = 0;
    for (int x = 0; x + 8 <= target.width; x += 8) {
        const int base = m_xIndex[size_t(x)];
        int last = base;
        for (int tap = 0; tap < m_xTaps; ++tap)
            for (int column = x; column < x + 8; ++column)
                last = std::max(last, m_xIndex[size_t(tap) * target.width + column]);
        windows = std::max(windows, (last - base) / 8 + 1);
        m_blockBase.push_back(base);
    }
    m_windows = windows <= windowLimit ? windows : 0;
    if (m_windows) {
        m_xRelative.resize(m_xIndex.size());
        for (int tap = 0; tap < m_xTaps; ++tap)
            for (int x = 0; x < target.width; ++x) {
                const size_t at = size_t(tap) * target.width + x;
                m_xRelative[at] =
                    x / 8 < int(m_blockBase.size()) ? m_xIndex[at] - m_blockBase[size_t(x / 8)] : 0;
            }
    }
    // The windows may reach past the row's end; they read zeros there, with zero weight.
    m_row.assign(size_t(source.width) + size_t(windowLimit) * 8, 0.f);
}

namespace {

// One row's horizontal sums: every output column takes the same number of taps (padded with
// zero weights, which add exactly nothing), stored tap by tap. Each sum starts from zero and
// adds its taps in OpenCV's order, with separate multiplies and adds (no fused multiply-add),
// so both versions round as OpenCV does.
// Columns from `from` to the end; the vector versions below leave the last few columns to it.
void rowSums(const float *in, const int *index, const float *weight, int taps, int width,
             float *out, int from = 0)
{
    for (int x = from; x < width; ++x) {
        float sum = 0.f;
        for (int tap = 0; tap < taps; ++tap)
            sum += in[index[tap * width + x]] * weight[tap * width + x];
        out[x] = sum;
    }
}

// The same, eight columns at a time with AVX2 gathers: the taps of a column have no fixed
// stride, which keeps the compiler from vectorising the plain loop.
__attribute__((target("avx2"))) void
rowSumsAvx2(const float *in, const int *index, const float *weight, int taps, int width, float *out)
{
    int x = 0;
    for (; x + 8 <= width; x += 8) {
        __m256 sum = _mm256_setzero_ps();
        for (int tap = 0; tap < taps; ++tap) {
            const __m256i at =
                _mm256_loadu_si256(reinterpret_cast<const __m256i *>(index + tap * width + x));
            const __m256 pixels = _mm256_i32gather_ps(in, at, 4);
            sum = _mm256_add_ps(sum,
                                _mm256_mul_ps(pixels, _mm256_loadu_ps(weight + tap * width + x)));
        }
        _mm256_storeu_ps(out + x, sum);
    }
    rowSums(in, index, weight, taps, width, out, x);
}

// The same without gathers, which are slow on some processors (AMD's in particular): the taps
// of eight neighbouring columns lie within a few vectors of source pixels from the block's
// first tap, and a permute picks each column's pixel out of them. The same multiplies and adds
// as above, so the same sums.
__attribute__((target("avx2"))) void rowSumsWindowed(const float *in, const int *index,
                                                     const int *blockBase, const int *relative,
                                                     const float *weight, int taps, int width,
                                                     int windows, float *out)
{
    int x = 0;
    for (; x + 8 <= width; x += 8) {
        const float *window = in + blockBase[x / 8];
        __m256 vectors[4];
        for (int w = 0; w < windows; ++w)
            vectors[w] = _mm256_loadu_ps(window + 8 * w);
        __m256 sum = _mm256_setzero_ps();
        for (int tap = 0; tap < taps; ++tap) {
            const __m256i at =
                _mm256_loadu_si256(reinterpret_cast<const __m256i *>(relative + tap * width + x));
            __m256 pixels = _mm256_permutevar8x32_ps(vectors[0], at);
            for (int w = 1; w < windows; ++w) {
                const __m256 inWindow = _mm256_permutevar8x32_ps(vectors[w], at);
                const __m256i beyond = _mm256_cmpgt_epi32(at, _mm256_set1_epi32(8 * w - 1));
                pixels = _mm256_blendv_ps(pixels, inWindow, _mm256_castsi256_ps(beyond));
            }
            sum = _mm256_add_ps(sum,
                                _mm256_mul_ps(pixels, _mm256_loadu_ps(weight + tap * width + x)));
        }
        _mm256_storeu_ps(out + x, sum);
    }
    rowSums(in, index, weight, taps, width, out, x);
}

} // namespace

void AreaResizer::resize(const cv::Mat &source, cv::Mat &target)
{
    CV_Assert(source.type() == CV_8UC1 && source.size() == m_source);
    if (m_useOpenCv) {
        cv::resize(source, target, m_target, 0, 0, cv::INTER_AREA);
        return;
    }
    target.create(m_target, CV_8UC1);

    // Horizontal sums of every source row.
    const int width = m_target.width;
    float *in = m_row.data();
    for (int row = 0; row < m_source.height; ++row) {
        const uchar *pixels = source.ptr<uchar>(row);
        for (int x = 0; x < m_source.width; ++x)
            in[x] = pixels[x];
        float *sums = m_rows.ptr<float>(row);
        if (m_avx2 && m_windows)
            rowSumsWindowed(in, m_xIndex.data(), m_blockBase.data(), m_xRelative.data(),
                            m_xWeight.data(), m_xTaps, width, m_windows, sums);
        else if (m_avx2)
            rowSumsAvx2(in, m_xIndex.data(), m_xWeight.data(), m_xTaps, width, sums);
        else
            rowSums(in, m_xIndex.data(), m_xWeight.data(), m_xTaps, width, sums);
    }

    // Vertical sums: the first tap assigns, the others add, in OpenCV's order.
    std::vector<float> sum(size_t(width), 0.f);
    for (int y = 0; y < m_target.height; ++y) {
        const int begin = m_y.first[y];
        const int end = m_y.first[y + 1];
        const float *rowSums = m_rows.ptr<float>(m_y.source[begin]);
        const float beta = m_y.weight[begin];
        for (int x = 0; x < width; ++x)
            sum[x] = beta * rowSums[x];
        for (int tap = begin + 1; tap < end; ++tap) {
            const float *more = m_rows.ptr<float>(m_y.source[tap]);
            const float weight = m_y.weight[tap];
            for (int x = 0; x < width; ++x)
                sum[x] += weight * more[x];
        }
        // cv::saturate_cast<uchar>(float): round half to even (the SSE conversion in the
        // default rounding mode), then clamp to 0..255 (the saturating packs).
        uchar *out = target.ptr<uchar>(y);
        int x = 0;
        for (; x + 8 <= width; x += 8) {
            const __m128i low = _mm_cvtps_epi32(_mm_loadu_ps(sum.data() + x));
            const __m128i high = _mm_cvtps_epi32(_mm_loadu_ps(sum.data() + x + 4));
            const __m128i words = _mm_packs_epi32(low, high);
            _mm_storel_epi64(reinterpret_cast<__m128i *>(out + x), _mm_packus_epi16(words, words));
        }
        for (; x < width; ++x)
            out[x] = cv::saturate_cast<uchar>(sum[x]);
    }
}

} // namespace iouslab
