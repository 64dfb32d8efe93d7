#pragma once

#include "core/expected.h"

#include <opencv2/core/mat.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace iouslab {

class FrameReader;

/// Decodes a reader's frames on a thread of its own, a few frames ahead of the thread that
/// uses them, so that decoding and the importer's cropping, resizing and writing run on two
/// cores at once. Frames come out in the reader's order; at most depth + 1 decoded frames are
/// held, so memory stays independent of clip length.
///
/// Once constructed, the reader belongs to the decoding thread until this object is destroyed:
/// the caller must not call its next(), and must not read what next() changes in its info()
/// (a video's frame count found at the end; declaredFrameCount() has it from before).
class DecodeAhead
{
public:
    explicit DecodeAhead(FrameReader &reader, int depth = 8);
    /// Stops the decoding thread (after the frame it is decoding) and waits for it.
    ~DecodeAhead();
    DecodeAhead(const DecodeAhead &) = delete;
    DecodeAhead &operator=(const DecodeAhead &) = delete;

    /// The reader's frame count when this object was made (for a video read in one pass, the
    /// container's estimate).
    int declaredFrameCount() const { return m_declaredFrames; }

    /// Passes FrameReader::decodeGreyFrom to the reader, in the decoding thread, before the
    /// next frame it decodes. The reader holds at most depth + 1 frames beyond those handed out
    /// plus its own look-ahead, so a firstFrame well beyond that is ahead of all it decoded.
    void decodeGreyFrom(int firstFrame) { m_greyFrom = firstFrame; }

    /// As FrameReader::next: the next frame and its time, false at the end, or the reader's
    /// error once the frames decoded before it have been handed out.
    Expected<bool> next(cv::Mat &frame, double &timeS);

private:
    void decode();

    struct Decoded
    {
        cv::Mat frame;
        double timeS = 0.0;
    };

    FrameReader &m_reader; // not owned
    const size_t m_depth;
    const int m_declaredFrames;
    std::atomic<int> m_greyFrom{-1}; // a decodeGreyFrom not yet passed on; -1: none
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Decoded> m_queue; // guarded by m_mutex, as are the three below
    bool m_stop = false;
    bool m_ended = false;
    QString m_error; // the reader's error, when it ended with one
    std::thread m_thread;
};

} // namespace iouslab
