#include "io/videoreader.h"

#include "core/logging.h"

#include <QFileInfo>

#include <cmath>

namespace iouslab {

namespace {

// A known cost: OpenCV 4.6's FFmpeg backend converts every decoded frame to BGR (a bicubic
// sws_scale of the whole frame), and the importer then turns grey clips grey again. This
// version has no way to ask for the decoder's own planes: open() refuses CAP_PROP_CONVERT_RGB
// and CAP_PROP_N_THREADS as parameters, set() ignores them, and CAP_PROP_FORMAT -1 gives
// undecoded packets. Reading the luma plane would take libavcodec directly (or a newer
// OpenCV); the two conversions are about a tenth of a video import's CPU time (perf, 2026-12).
Status openCapture(cv::VideoCapture &capture, const QString &path)
{
    if (!capture.open(path.toStdString(), cv::CAP_FFMPEG) || !capture.isOpened())
        return makeError(QStringLiteral("%1: not a readable video: the container cannot be "
                                        "opened (truncated or damaged; an MP4 cut short loses "
                                        "its index)")
                             .arg(path));
    return {};
}

} // namespace

Expected<std::unique_ptr<FrameReader>> VideoReader::open(const QString &path, bool countFrames)
{
    std::unique_ptr<VideoReader> reader(new VideoReader);
    SourceInfo &info = reader->m_info;
    info.path = path;
    info.kind = SourceKind::Video;
    info.description = QStringLiteral("video");

    try {
        // The properties come from the capture that will read; a second one counts the frames
        // when asked to (opening a file costs tens of milliseconds: it probes the stream).
        cv::VideoCapture &capture = reader->m_capture;
        if (Status opened = openCapture(capture, path); !opened)
            return makeError(opened.error());
        const double width = capture.get(cv::CAP_PROP_FRAME_WIDTH);
        const double height = capture.get(cv::CAP_PROP_FRAME_HEIGHT);
        if (!(width >= 1 && height >= 1 && width <= ReaderLimits::maxSide &&
              height <= ReaderLimits::maxSide))
            return makeError(QStringLiteral("%1: declares %2 x %3 pixels, refused: the limit is 1 "
                                            "to %4 per side")
                                 .arg(path)
                                 .arg(width)
                                 .arg(height)
                                 .arg(ReaderLimits::maxSide));
        info.width = int(width);
        info.height = int(height);
        const double fps = capture.get(cv::CAP_PROP_FPS);
        if (std::isfinite(fps) && fps > 0)
            info.frameRate = fps;
        const double declared = capture.get(cv::CAP_PROP_FRAME_COUNT);
        const int fourcc = int(capture.get(cv::CAP_PROP_FOURCC));

        // The container's frame count is an estimate for some formats (Matroska, variable
        // frame rate): the count is what a sequential decode gives.
        int frames = 0;
        reader->m_counted = countFrames;
        cv::VideoCapture counter;
        if (countFrames) {
            if (Status opened = openCapture(counter, path); !opened)
                return makeError(opened.error());
        }
        while (countFrames && counter.grab()) {
            if (++frames > ReaderLimits::maxFrames)
                return makeError(QStringLiteral("%1: more than %2 frames, refused")
                                     .arg(path)
                                     .arg(ReaderLimits::maxFrames));
        }
        if (!countFrames)
            frames = declared > 0 && declared <= ReaderLimits::maxFrames ? int(declared) : 0;
        else if (frames == 0)
            return makeError(QStringLiteral("%1: not a readable video: no frame decodes "
                                            "(truncated or damaged)")
                                 .arg(path));
        if (countFrames && declared > 0 && frames < declared - 1)
            qCWarning(lcIo) << "video decodes" << frames << "of" << declared
                            << "declared frames; the file may be truncated";
        info.frameCount = frames;

        char codec[5] = {char(fourcc & 0xff), char((fourcc >> 8) & 0xff),
                         char((fourcc >> 16) & 0xff), char((fourcc >> 24) & 0xff), 0};
        info.description =
            QStringLiteral("video %1, %2 x %3, %4 frames%5")
                .arg(QString::fromLatin1(codec).trimmed(), QString::number(info.width),
                     QString::number(info.height), QString::number(frames),
                     info.frameRate ? QStringLiteral(" at %1 fps").arg(*info.frameRate, 0, 'g', 4)
                                    : QString());
        info.modality = QStringLiteral("US");
    } catch (const cv::Exception &e) {
        return makeError(QStringLiteral("%1: not a readable video (%2)")
                             .arg(path, QString::fromStdString(e.msg)));
    } catch (const std::exception &e) {
        return makeError(QStringLiteral("%1: not a readable video (%2)")
                             .arg(path, QString::fromLocal8Bit(e.what())));
    }
    return std::unique_ptr<FrameReader>(std::move(reader));
}

Expected<bool> VideoReader::next(cv::Mat &frame, double &timeS)
{
    if (m_counted && m_nextFrame >= m_info.frameCount)
        return false;
    try {
        if (!m_counted && m_nextFrame >= ReaderLimits::maxFrames)
            return makeError(QStringLiteral("%1: more than %2 frames, refused")
                                 .arg(m_info.path)
                                 .arg(ReaderLimits::maxFrames));
        if (!m_counted && (!m_capture.read(frame) || frame.empty())) {
            if (m_nextFrame == 0)
                return makeError(QStringLiteral("%1: not a readable video: no frame decodes "
                                                "(truncated or damaged)")
                                     .arg(m_info.path));
            m_info.frameCount = m_nextFrame;
            return false;
        }
        if (m_counted && (!m_capture.read(frame) || frame.empty()))
            return makeError(QStringLiteral("%1: frame %2 of %3 no longer decodes")
                                 .arg(m_info.path)
                                 .arg(m_nextFrame + 1)
                                 .arg(m_info.frameCount));
        if (frame.type() != CV_8UC3 && frame.type() != CV_8UC1)
            return makeError(QStringLiteral("%1: frame %2 decodes to an unexpected pixel type")
                                 .arg(m_info.path)
                                 .arg(m_nextFrame + 1));
        // The container's timestamp of the frame just read. OpenCV's FFmpeg backend gives 0
        // for frames drained from the decoder at the end of the stream; those continue from
        // the previous time at the nominal rate.
        const double ms = m_capture.get(cv::CAP_PROP_POS_MSEC);
        const double step = m_info.frameRate ? 1.0 / *m_info.frameRate : 0.0;
        if (std::isfinite(ms) && ms >= 0 && (m_nextFrame == 0 || ms / 1000.0 > m_lastTime))
            timeS = ms / 1000.0;
        else
            timeS = m_lastTime + step;
        m_lastTime = timeS;
    } catch (const cv::Exception &e) {
        return makeError(QStringLiteral("%1: frame %2: %3")
                             .arg(m_info.path)
                             .arg(m_nextFrame + 1)
                             .arg(QString::fromStdString(e.msg)));
    }
    ++m_nextFrame;
    return true;
}

} // namespace iouslab
