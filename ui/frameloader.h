#pragma once

#include <QHash>
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QWaitCondition>

#include <thread>

namespace iouslab {

/// Loads a clip's display frames from the frame store on a worker thread of its own and keeps
/// a small cache around the current position, so that the GUI thread never decodes or touches
/// the disk for a frame: it asks for a position and draws what the cache holds.
///
/// The worker loads the frame at the position first, then the frames ahead of it (cine plays
/// forward), then those behind, and drops frames far from the position.
class FrameLoader : public QObject
{
    Q_OBJECT

public:
    explicit FrameLoader(QObject *parent = nullptr);
    /// Stops and joins the worker.
    ~FrameLoader() override;

    /// Switches to a clip of the store in framesFolder; the cache is emptied.
    void setClip(const QString &framesFolder, const QString &contentHash);
    /// The frame the viewer shows now; the worker fetches around it.
    void setPosition(int index);
    /// How many frames ahead of and behind the position are prefetched.
    void setWindow(int behind, int ahead);

    /// The frame if it is in the cache, else a null image (frameReady follows once loaded).
    QImage frame(int index) const;
    bool hasFrame(int index) const;

signals:
    /// Frame index of the current clip is in the cache. Emitted from the worker thread.
    void frameReady(int index);
    /// The clip's frames cannot be read; the message says why. Emitted from the worker thread.
    void clipFailed(const QString &message);

private:
    void run();
    /// The nearest frame around the position that is not cached yet, or -1.
    int nextWanted() const;
    void evictFar();

    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    // Guarded by m_mutex:
    bool m_stop = false;
    quint64 m_generation = 0;
    QString m_framesFolder;
    QString m_contentHash;
    int m_frameCount = 0; ///< known once the worker opened the clip
    int m_position = 0;
    int m_behind = 8;
    int m_ahead = 24;
    QHash<int, QImage> m_cache;

    std::thread m_thread; // started in the constructor, joined in the destructor
};

} // namespace iouslab
