#include "io/stillreader.h"

#include <QFileInfo>
#include <QImageReader>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace iouslab {

cv::Mat toEightBit(const cv::Mat &image)
{
    cv::Mat eight;
    switch (image.depth()) {
    case CV_8U:
        eight = image;
        break;
    case CV_8S:
        image.convertTo(eight, CV_8U, 1.0, 128.0);
        break;
    case CV_16U:
        image.convertTo(eight, CV_8U, 1.0 / 256.0);
        break;
    case CV_16S:
        image.convertTo(eight, CV_8U, 1.0 / 256.0, 128.0);
        break;
    default:
        image.convertTo(eight, CV_8U, 255.0);
        break;
    }
    cv::Mat out;
    switch (eight.channels()) {
    case 1:
    case 3:
        out = eight;
        break;
    case 4:
        cv::cvtColor(eight, out, cv::COLOR_BGRA2BGR);
        break;
    case 2:
        cv::extractChannel(eight, out, 0);
        break;
    default:
        cv::extractChannel(eight, out, 0);
        break;
    }
    return out.data == image.data ? out.clone() : out;
}

Expected<std::unique_ptr<FrameReader>> StillReader::open(const QString &path)
{
    std::unique_ptr<StillReader> reader(new StillReader);
    SourceInfo &info = reader->m_info;
    info.path = path;
    info.kind = SourceKind::Still;
    info.frameCount = 1;

    // The header's size is checked before OpenCV allocates the image.
    QImageReader header(path);
    const QSize declared = header.size();
    if (declared.isValid() &&
        (declared.width() > ReaderLimits::maxSide || declared.height() > ReaderLimits::maxSide))
        return makeError(QStringLiteral("%1: declares %2 x %3 pixels, refused: the limit is %4 "
                                        "per side")
                             .arg(path)
                             .arg(declared.width())
                             .arg(declared.height())
                             .arg(ReaderLimits::maxSide));
    try {
        const cv::Mat raw = cv::imread(path.toStdString(), cv::IMREAD_UNCHANGED);
        if (raw.empty())
            return makeError(QStringLiteral("%1: not a readable image (damaged, truncated or an "
                                            "unsupported format)")
                                 .arg(path));
        if (raw.cols > ReaderLimits::maxSide || raw.rows > ReaderLimits::maxSide)
            return makeError(QStringLiteral("%1: holds %2 x %3 pixels, refused: the limit is %4 "
                                            "per side")
                                 .arg(path)
                                 .arg(raw.cols)
                                 .arg(raw.rows)
                                 .arg(ReaderLimits::maxSide));
        reader->m_image = toEightBit(raw);
        info.width = raw.cols;
        info.height = raw.rows;
        info.description = QStringLiteral("still %1, %2 x %3, %4 channel%5, %6 bit")
                               .arg(QFileInfo(path).suffix().toUpper())
                               .arg(raw.cols)
                               .arg(raw.rows)
                               .arg(raw.channels())
                               .arg(raw.channels() == 1 ? QString() : QStringLiteral("s"))
                               .arg(raw.depth() == CV_8U    ? 8
                                    : raw.depth() <= CV_16S ? 16
                                                            : 32);
    } catch (const cv::Exception &e) {
        return makeError(QStringLiteral("%1: not a readable image (%2)")
                             .arg(path, QString::fromStdString(e.msg)));
    }
    return std::unique_ptr<FrameReader>(std::move(reader));
}

Expected<bool> StillReader::next(cv::Mat &frame, double &timeS)
{
    if (m_done)
        return false;
    frame = m_image;
    m_image.release();
    timeS = 0.0;
    m_done = true;
    return true;
}

} // namespace iouslab
