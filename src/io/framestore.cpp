#include "io/framestore.h"

#include <QDir>
#include <QFileInfo>
#include <QtEndian>

#include <opencv2/imgproc.hpp>

#include <fcntl.h>
#include <unistd.h>

namespace iouslab {

namespace {

constexpr char magic[8] = {'I', 'O', 'U', 'S', 'F', 'R', 'M', '1'};
constexpr int headerSize = 64;
constexpr quint32 formatVersion = 1;

struct Header
{
    quint32 frameCount = 0;
    quint32 width = 0;
    quint32 height = 0;
    quint32 channels = 0;
};

QByteArray encodeHeader(const Header &header)
{
    QByteArray bytes(headerSize, '\0');
    memcpy(bytes.data(), magic, sizeof magic);
    auto *fields = reinterpret_cast<uchar *>(bytes.data() + 8);
    qToLittleEndian(formatVersion, fields);
    qToLittleEndian(header.frameCount, fields + 4);
    qToLittleEndian(header.width, fields + 8);
    qToLittleEndian(header.height, fields + 12);
    qToLittleEndian(header.channels, fields + 16);
    return bytes;
}

Expected<Header> decodeHeader(const uchar *data, qint64 size, const QString &path)
{
    if (size < headerSize || memcmp(data, magic, sizeof magic) != 0)
        return makeError(QStringLiteral("%1 is not a frame store file").arg(path));
    const uchar *fields = data + 8;
    if (qFromLittleEndian<quint32>(fields) != formatVersion)
        return makeError(QStringLiteral("%1 has an unknown frame store version").arg(path));
    Header header;
    header.frameCount = qFromLittleEndian<quint32>(fields + 4);
    header.width = qFromLittleEndian<quint32>(fields + 8);
    header.height = qFromLittleEndian<quint32>(fields + 12);
    header.channels = qFromLittleEndian<quint32>(fields + 16);
    const qint64 expected =
        headerSize + qint64(header.frameCount) * header.width * header.height * header.channels;
    if (header.channels < 1 || header.channels > 3 || expected != size)
        return makeError(
            QStringLiteral("%1 is damaged: its header does not match its size").arg(path));
    return header;
}

Status syncFile(QFile &file)
{
    if (!file.flush() || ::fsync(file.handle()) != 0)
        return makeError(
            QStringLiteral("cannot write %1 to disk: %2").arg(file.fileName(), file.errorString()));
    return {};
}

// Renaming over the target is atomic; syncing the folder makes the rename itself durable.
Status moveIntoPlace(QFile &file, const QString &target)
{
    const QString temporary = file.fileName();
    file.close();
    if (::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(target).constData()))
        return makeError(QStringLiteral("cannot move %1 into place").arg(target));
    QFile folder(QFileInfo(target).absolutePath());
    if (folder.open(QIODevice::ReadOnly)) {
        ::fsync(folder.handle());
    }
    return {};
}

} // namespace

namespace framestore {

static QString clipBase(const QString &framesFolder, const QString &contentHash)
{
    return framesFolder + QLatin1Char('/') + contentHash.left(2) + QLatin1Char('/') + contentHash;
}

QString displayPath(const QString &framesFolder, const QString &contentHash)
{
    return clipBase(framesFolder, contentHash) + QStringLiteral(".display");
}

QString modelPath(const QString &framesFolder, const QString &contentHash)
{
    return clipBase(framesFolder, contentHash) + QStringLiteral(".model");
}

} // namespace framestore

Expected<std::unique_ptr<FrameStoreWriter>> FrameStoreWriter::create(const QString &framesFolder,
                                                                     const QString &contentHash,
                                                                     int width, int height,
                                                                     int channels, int modelSide)
{
    Q_ASSERT(width > 0 && height > 0 && (channels == 1 || channels == 3) && modelSide > 0);
    std::unique_ptr<FrameStoreWriter> writer(new FrameStoreWriter);
    writer->m_displayTarget = framestore::displayPath(framesFolder, contentHash);
    writer->m_modelTarget = framestore::modelPath(framesFolder, contentHash);
    writer->m_width = width;
    writer->m_height = height;
    writer->m_channels = channels;
    writer->m_modelSide = modelSide;
    writer->m_resizer =
        std::make_unique<AreaResizer>(cv::Size(width, height), cv::Size(modelSide, modelSide));

    if (!QDir().mkpath(QFileInfo(writer->m_displayTarget).absolutePath()))
        return makeError(
            QStringLiteral("cannot create a folder in the frame store %1").arg(framesFolder));
    writer->m_display.setFileName(writer->m_displayTarget + QStringLiteral(".part"));
    writer->m_model.setFileName(writer->m_modelTarget + QStringLiteral(".part"));
    for (QFile *file : {&writer->m_display, &writer->m_model}) {
        if (!file->open(QIODevice::WriteOnly | QIODevice::Truncate))
            return makeError(
                QStringLiteral("cannot write %1: %2").arg(file->fileName(), file->errorString()));
    }
    if (Status s = writer->writeHeaders(); !s)
        return makeError(s.error());
    return writer;
}

FrameStoreWriter::~FrameStoreWriter()
{
    if (m_finished)
        return;
    m_display.close();
    m_model.close();
    QFile::remove(m_display.fileName());
    QFile::remove(m_model.fileName());
}

Status FrameStoreWriter::writeHeaders()
{
    const Header display{quint32(m_frameCount), quint32(m_width), quint32(m_height),
                         quint32(m_channels)};
    const Header model{quint32(m_frameCount), quint32(m_modelSide), quint32(m_modelSide), 1};
    for (auto [file, header] : {std::pair{&m_display, display}, std::pair{&m_model, model}}) {
        const qint64 end = file->pos();
        if (!file->seek(0) || file->write(encodeHeader(header)) != headerSize)
            return makeError(
                QStringLiteral("cannot write %1: %2").arg(file->fileName(), file->errorString()));
        if (end > headerSize)
            file->seek(end);
    }
    return {};
}

Status FrameStoreWriter::append(const cv::Mat &frame)
{
    Q_ASSERT(frame.cols == m_width && frame.rows == m_height && frame.channels() == m_channels);
    Q_ASSERT(frame.depth() == CV_8U);

    // A crop is not contiguous: it is packed first so that a frame is one write, not one per row.
    const cv::Mat *display = &frame;
    if (!frame.isContinuous()) {
        frame.copyTo(m_packed);
        display = &m_packed;
    }
    const qint64 frameBytes = qint64(m_width) * m_height * m_channels;
    if (m_display.write(reinterpret_cast<const char *>(display->data), frameBytes) != frameBytes)
        return makeError(QStringLiteral("cannot write %1: %2")
                             .arg(m_display.fileName(), m_display.errorString()));

    if (m_channels == 3)
        cv::cvtColor(frame, m_grey, cv::COLOR_BGR2GRAY);
    else
        m_grey = *display;
    m_resizer->resize(m_grey, m_small);
    const qint64 modelBytes = qint64(m_modelSide) * m_modelSide;
    if (!m_small.isContinuous())
        m_small = m_small.clone();
    if (m_model.write(reinterpret_cast<const char *>(m_small.data), modelBytes) != modelBytes)
        return makeError(
            QStringLiteral("cannot write %1: %2").arg(m_model.fileName(), m_model.errorString()));
    ++m_frameCount;
    startWriteBack(m_display, m_displayWrittenBack);
    startWriteBack(m_model, m_modelWrittenBack);
    return {};
}

// finish() syncs both files; a clip's store is hundreds of megabytes, and syncing it all at the
// end keeps the import waiting on the disk for a tenth of a second or more. Starting the
// write-back of every few megabytes as they are written lets the disk work while frames are
// decoded, and finish() then waits only for the last part. A hint: a failure here changes
// nothing, finish() still syncs everything.
void FrameStoreWriter::startWriteBack(QFile &file, qint64 &startedUpTo)
{
    constexpr qint64 step = 8 * 1024 * 1024;
    const qint64 written = file.pos();
    if (written - startedUpTo < step || !file.flush())
        return;
    ::sync_file_range(file.handle(), startedUpTo, written - startedUpTo, SYNC_FILE_RANGE_WRITE);
    startedUpTo = written;
}

Status FrameStoreWriter::finish()
{
    if (Status s = writeHeaders(); !s)
        return s;
    for (QFile *file : {&m_display, &m_model}) {
        if (Status s = syncFile(*file); !s)
            return s;
    }
    if (Status s = moveIntoPlace(m_display, m_displayTarget); !s)
        return s;
    if (Status s = moveIntoPlace(m_model, m_modelTarget); !s)
        return s;
    m_finished = true;
    return {};
}

Expected<std::unique_ptr<FrameStoreReader>> FrameStoreReader::open(const QString &framesFolder,
                                                                   const QString &contentHash)
{
    std::unique_ptr<FrameStoreReader> reader(new FrameStoreReader);
    reader->m_display.setFileName(framestore::displayPath(framesFolder, contentHash));
    reader->m_model.setFileName(framestore::modelPath(framesFolder, contentHash));
    const uchar *mapped[2] = {nullptr, nullptr};
    Header headers[2];
    QFile *files[2] = {&reader->m_display, &reader->m_model};
    for (int i = 0; i < 2; ++i) {
        QFile &file = *files[i];
        if (!file.open(QIODevice::ReadOnly))
            return makeError(QStringLiteral("frame store file %1 is missing: %2")
                                 .arg(file.fileName(), file.errorString()));
        mapped[i] = file.map(0, file.size());
        if (!mapped[i])
            return makeError(QStringLiteral("cannot map %1").arg(file.fileName()));
        auto header = decodeHeader(mapped[i], file.size(), file.fileName());
        if (!header)
            return makeError(header.error());
        headers[i] = *header;
    }
    if (headers[0].frameCount != headers[1].frameCount || headers[1].width != headers[1].height)
        return makeError(QStringLiteral("frame store files of %1 do not agree").arg(contentHash));

    reader->m_displayData = mapped[0] + headerSize;
    reader->m_modelData = mapped[1] + headerSize;
    reader->m_frameCount = int(headers[0].frameCount);
    reader->m_width = int(headers[0].width);
    reader->m_height = int(headers[0].height);
    reader->m_channels = int(headers[0].channels);
    reader->m_modelSide = int(headers[1].width);
    return reader;
}

cv::Mat FrameStoreReader::displayFrame(int index) const
{
    if (index < 0 || index >= m_frameCount)
        return {};
    const size_t frameBytes = size_t(m_width) * m_height * m_channels;
    auto *data = const_cast<uchar *>(m_displayData + frameBytes * size_t(index));
    return cv::Mat(m_height, m_width, m_channels == 3 ? CV_8UC3 : CV_8UC1, data);
}

const uchar *FrameStoreReader::modelFrame(int index) const
{
    if (index < 0 || index >= m_frameCount)
        return nullptr;
    return m_modelData + size_t(m_modelSide) * m_modelSide * size_t(index);
}

} // namespace iouslab
