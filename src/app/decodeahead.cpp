#include "app/decodeahead.h"

#include "io/framereader.h"

#include <exception>

namespace iouslab {

DecodeAhead::DecodeAhead(FrameReader &reader, int depth)
    : m_reader(reader)
    , m_depth(size_t(depth))
    , m_declaredFrames(reader.info().frameCount)
{
    m_thread = std::thread([this] { decode(); });
}

DecodeAhead::~DecodeAhead()
{
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void DecodeAhead::decode()
{
    for (;;) {
        // A new Mat for every frame: a reader may decode into the buffer it is handed, and the
        // last one is still queued or in use.
        Decoded decoded;
        Expected<bool> more = false;
        try {
            if (const int greyFrom = m_greyFrom.exchange(-1); greyFrom >= 0)
                m_reader.decodeGreyFrom(greyFrom);
            more = m_reader.next(decoded.frame, decoded.timeS);
        } catch (const std::exception &e) {
            more = makeError(QStringLiteral("%1: decoding failed: %2")
                                 .arg(m_reader.info().path, QString::fromLocal8Bit(e.what())));
        }

        std::unique_lock<std::mutex> lock(m_mutex);
        if (!more || !*more) {
            m_ended = true;
            if (!more)
                m_error = more.error();
            lock.unlock();
            m_changed.notify_all();
            return;
        }
        m_changed.wait(lock, [this] { return m_stop || m_queue.size() < m_depth; });
        if (m_stop)
            return;
        m_queue.push_back(std::move(decoded));
        lock.unlock();
        m_changed.notify_all();
    }
}

Expected<bool> DecodeAhead::next(cv::Mat &frame, double &timeS)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_queue.empty() || m_ended; });
    if (m_queue.empty()) {
        if (!m_error.isEmpty())
            return makeError(m_error);
        return false;
    }
    frame = std::move(m_queue.front().frame);
    timeS = m_queue.front().timeS;
    m_queue.pop_front();
    lock.unlock();
    m_changed.notify_all();
    return true;
}

} // namespace iouslab
