#include "io/framereader.h"

#include "io/dicomdir.h"
#include "io/dicomreader.h"
#include "io/stillreader.h"
#include "io/videoreader.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace iouslab {

namespace {

enum class Sniffed
{
    Dicom,
    Video,
    Still,
    Unknown
};

QByteArray headOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.read(512);
}

Sniffed sniff(const QByteArray &head)
{
    if (DicomReader::looksLikeDicom(head))
        return Sniffed::Dicom;
    const auto startsWith = [&](const char *magic, int offset = 0) {
        return head.mid(offset, int(qstrlen(magic))) == magic;
    };
    if (startsWith("\x89PNG") || startsWith("\xff\xd8\xff") || startsWith("BM") ||
        startsWith("II*\0") || startsWith("MM\0*"))
        return Sniffed::Still;
    if (startsWith("ftyp", 4) || (startsWith("RIFF") && startsWith("AVI ", 8)) ||
        startsWith("\x1a\x45\xdf\xa3"))
        return Sniffed::Video;
    return Sniffed::Unknown;
}

bool hasSuffix(const QString &path, std::initializer_list<const char *> suffixes)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    for (const char *s : suffixes)
        if (suffix == QLatin1String(s))
            return true;
    return false;
}

bool hasVideoSuffix(const QString &path)
{
    return hasSuffix(path, {"mp4", "m4v", "mov", "avi", "mkv"});
}

bool hasStillSuffix(const QString &path)
{
    return hasSuffix(path, {"png", "jpg", "jpeg", "bmp", "tif", "tiff"});
}

bool hasDicomSuffix(const QString &path)
{
    return QFileInfo(path).suffix().isEmpty() || hasSuffix(path, {"dcm", "dicom", "dic", "ima"});
}

} // namespace

Expected<std::unique_ptr<FrameReader>> openFrameReader(const QString &path,
                                                       const ReaderOptions &options)
{
    const QFileInfo fileInfo(path);
    if (!fileInfo.exists())
        return makeError(QStringLiteral("%1: no such file").arg(path));
    if (!fileInfo.isFile())
        return makeError(QStringLiteral("%1: not a regular file").arg(path));
    if (fileInfo.size() == 0)
        return makeError(QStringLiteral("%1: empty file").arg(path));
    QFile probe(path);
    if (!probe.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("%1: cannot be read (%2)").arg(path, probe.errorString()));
    const QByteArray head = probe.read(512);
    probe.close();

    switch (sniff(head)) {
    case Sniffed::Dicom:
        return DicomReader::open(path);
    case Sniffed::Video:
        return VideoReader::open(path, options.exactVideoFrameCount);
    case Sniffed::Still:
        return StillReader::open(path);
    case Sniffed::Unknown:
        break;
    }
    // Content says nothing known; the name may still (DICOM without preamble, a video
    // container with an unusual start).
    if (hasVideoSuffix(path))
        return VideoReader::open(path, options.exactVideoFrameCount);
    if (hasDicomSuffix(path))
        return DicomReader::open(path);
    return makeError(QStringLiteral("%1: not a DICOM, video or image file").arg(path));
}

bool isCandidateSource(const QString &path)
{
    const QFileInfo fileInfo(path);
    if (!fileInfo.isFile() || fileInfo.isHidden() || fileInfo.size() == 0)
        return false;
    if (isDicomDir(path))
        return false;
    if (hasVideoSuffix(path) || hasStillSuffix(path))
        return true;
    const Sniffed kind = sniff(headOf(path));
    return kind != Sniffed::Unknown || hasSuffix(path, {"dcm", "dicom", "dic", "ima"});
}

QStringList expandSources(const QStringList &paths)
{
    QStringList out;
    QSet<QString> seen;
    const auto add = [&](const QString &file) {
        const QString canonical = QFileInfo(file).canonicalFilePath();
        if (canonical.isEmpty() || seen.contains(canonical))
            return;
        seen.insert(canonical);
        out << file;
    };
    const auto addFile = [&](const QString &file) {
        if (seen.contains(QFileInfo(file).canonicalFilePath()))
            return;
        if (isDicomDir(file)) {
            Expected<QStringList> referenced = dicomDirImageFiles(file);
            if (referenced)
                for (const QString &image : *referenced)
                    add(image);
            // Seen, so the DICOMDIR itself never appears as a candidate.
            seen.insert(QFileInfo(file).canonicalFilePath());
            return;
        }
        if (isCandidateSource(file))
            add(file);
    };

    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            QStringList files;
            QDirIterator it(path, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
            while (it.hasNext())
                files << it.next();
            std::sort(files.begin(), files.end());
            // A DICOMDIR lists its files in record order; it goes first so they come in that
            // order, and the folder walk then skips them.
            for (const QString &file : files)
                if (QFileInfo(file).fileName().compare(QLatin1String("DICOMDIR"),
                                                       Qt::CaseInsensitive) == 0)
                    addFile(file);
            for (const QString &file : files)
                addFile(file);
        } else if (info.isFile()) {
            addFile(path);
        }
    }
    return out;
}

} // namespace iouslab
