#pragma once

#include "core/expected.h"
#include "io/arearesizer.h"

#include <QFile>
#include <QString>

#include <opencv2/core/mat.hpp>

#include <memory>

namespace iouslab {

/// The frame store of a project (its frames/ folder). Each clip is decoded once and written
/// as two packed files named by the clip's content hash, both memory-mappable:
///  - <hash>.display: the cropped ultrasound region at native resolution, grey or BGR;
///  - <hash>.model:   a fixed-size square 8-bit grey copy (modelSide x modelSide) for the CNN.
/// Each file is a 64-byte header (magic, version, frame count, width, height, channels)
/// followed by the frames back to back, so frame i sits at a fixed offset.
///
/// The display copy is stored uncompressed: playback and training then read pages straight
/// from the mapping. The cost is disk space (about 0.8 MB per 1024 x 768 grey frame).
namespace framestore {

inline constexpr int defaultModelSide = 256;

/// The path of a clip's display or model file in framesFolder.
QString displayPath(const QString &framesFolder, const QString &contentHash);
QString modelPath(const QString &framesFolder, const QString &contentHash);

} // namespace framestore

/// Writes one clip's frames. Frames go to temporary files that finish() makes durable
/// (fsync) and renames into place; a writer destroyed before finish() removes them, so an
/// interrupted import leaves no half clip in the store.
class FrameStoreWriter
{
public:
    /// Starts a clip of frames of width x height with channels (1 or 3).
    static Expected<std::unique_ptr<FrameStoreWriter>>
    create(const QString &framesFolder, const QString &contentHash, int width, int height,
           int channels, int modelSide = framestore::defaultModelSide);
    ~FrameStoreWriter();

    /// Adds the next frame: CV_8UC1 or CV_8UC3 of the size and channels given at create().
    Status append(const cv::Mat &frame);
    /// Writes the headers, syncs both files to disk and moves them into place.
    Status finish();

    int frameCount() const { return m_frameCount; }

private:
    FrameStoreWriter() = default;
    Status writeHeaders();
    void startWriteBack(QFile &file, qint64 &startedUpTo);

    QFile m_display;
    QFile m_model;
    QString m_displayTarget;
    QString m_modelTarget;
    int m_width = 0;
    int m_height = 0;
    int m_channels = 1;
    int m_modelSide = framestore::defaultModelSide;
    int m_frameCount = 0;
    bool m_finished = false;
    qint64 m_displayWrittenBack = 0; ///< bytes of m_display whose write-back has been started
    qint64 m_modelWrittenBack = 0;
    cv::Mat m_grey;
    cv::Mat m_small;
    cv::Mat m_packed; ///< a frame whose rows are not contiguous, copied to be written at once
    std::unique_ptr<AreaResizer> m_resizer;
};

/// Reads one clip's frames from the store through memory mappings. Frames handed out are
/// views into the mapping, valid while the reader lives.
class FrameStoreReader
{
public:
    static Expected<std::unique_ptr<FrameStoreReader>> open(const QString &framesFolder,
                                                            const QString &contentHash);

    int frameCount() const { return m_frameCount; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    int channels() const { return m_channels; }
    int modelSide() const { return m_modelSide; }

    /// Frame index of the display copy (no copy made); empty for an index out of range.
    cv::Mat displayFrame(int index) const;
    /// Frame index of the model copy: modelSide * modelSide bytes; nullptr out of range.
    const uchar *modelFrame(int index) const;

private:
    FrameStoreReader() = default;

    QFile m_display;
    QFile m_model;
    const uchar *m_displayData = nullptr; // mapped from m_display, unmapped with it
    const uchar *m_modelData = nullptr;   // mapped from m_model
    int m_frameCount = 0;
    int m_width = 0;
    int m_height = 0;
    int m_channels = 1;
    int m_modelSide = 0;
};

} // namespace iouslab
