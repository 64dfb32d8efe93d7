#include "ui/frameloader.h"

#include "io/framestore.h"

#include <QMutexLocker>

namespace iouslab {

namespace {

// A deep copy of a stored frame: reading the mapping may page the file in, which is why this
// runs on the worker, and the copy keeps the image valid after the mapping goes.
QImage toImage(const cv::Mat &frame)
{
    if (frame.empty())
        return {};
    const QImage::Format format =
        frame.channels() == 3 ? QImage::Format_BGR888 : QImage::Format_Grayscale8;
    return QImage(frame.data, frame.cols, frame.rows, int(frame.step), format).copy();
}

} // namespace

FrameLoader::FrameLoader(QObject *parent)
    : QObject(parent)
{
    m_thread = std::thread([this] { run(); });
}

FrameLoader::~FrameLoader()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_wake.wakeAll();
    }
    m_thread.join();
}

void FrameLoader::setClip(const QString &framesFolder, const QString &contentHash)
{
    QMutexLocker lock(&m_mutex);
    ++m_generation;
    m_framesFolder = framesFolder;
    m_contentHash = contentHash;
    m_frameCount = 0;
    m_position = 0;
    m_cache.clear();
    m_wake.wakeAll();
}

void FrameLoader::setPosition(int index)
{
    QMutexLocker lock(&m_mutex);
    m_position = index;
    m_wake.wakeAll();
}

void FrameLoader::setWindow(int behind, int ahead)
{
    QMutexLocker lock(&m_mutex);
    m_behind = qMax(0, behind);
    m_ahead = qMax(0, ahead);
    m_wake.wakeAll();
}

QImage FrameLoader::frame(int index) const
{
    QMutexLocker lock(&m_mutex);
    return m_cache.value(index);
}

bool FrameLoader::hasFrame(int index) const
{
    QMutexLocker lock(&m_mutex);
    return m_cache.contains(index);
}

int FrameLoader::nextWanted() const
{
    if (m_frameCount <= 0)
        return -1;
    const int position = qBound(0, m_position, m_frameCount - 1);
    for (int offset = 0; offset <= m_ahead; ++offset) {
        const int index = position + offset;
        if (index < m_frameCount && !m_cache.contains(index))
            return index;
    }
    for (int offset = 1; offset <= m_behind; ++offset) {
        const int index = position - offset;
        if (index >= 0 && !m_cache.contains(index))
            return index;
    }
    return -1;
}

void FrameLoader::evictFar()
{
    // Keep twice the window, so that stepping back and forth does not reload.
    const int low = m_position - 2 * m_behind - 1;
    const int high = m_position + 2 * m_ahead + 1;
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        if (it.key() < low || it.key() > high)
            it = m_cache.erase(it);
        else
            ++it;
    }
}

void FrameLoader::run()
{
    std::unique_ptr<FrameStoreReader> reader;
    quint64 readerGeneration = 0;
    QMutexLocker lock(&m_mutex);
    while (!m_stop) {
        if (readerGeneration != m_generation) {
            const quint64 generation = m_generation;
            const QString folder = m_framesFolder;
            const QString hash = m_contentHash;
            lock.unlock();
            reader.reset();
            QString failure;
            if (!hash.isEmpty()) {
                auto opened = FrameStoreReader::open(folder, hash);
                if (opened)
                    reader = std::move(*opened);
                else
                    failure = opened.error();
            }
            lock.relock();
            readerGeneration = generation;
            if (generation == m_generation)
                m_frameCount = reader ? reader->frameCount() : 0;
            if (!failure.isEmpty() && generation == m_generation)
                emit clipFailed(failure);
            continue;
        }

        const int index = nextWanted();
        if (index < 0 || !reader) {
            m_wake.wait(&m_mutex);
            continue;
        }
        const quint64 generation = m_generation;
        lock.unlock();
        const QImage image = toImage(reader->displayFrame(index));
        lock.relock();
        if (generation != m_generation)
            continue;
        m_cache.insert(index, image);
        evictFar();
        lock.unlock();
        emit frameReady(index);
        lock.relock();
    }
}

} // namespace iouslab
