#include "app/importer.h"

#include "app/decodeahead.h"
#include "catalogue/project.h"
#include "core/filehash.h"
#include "core/logging.h"
#include "io/framereader.h"
#include "io/framestore.h"
#include "io/pseudonym.h"
#include "io/regiondetector.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <future>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

namespace iouslab {

namespace {

// Frames looked at to find the ultrasound region when the source does not say where it is.
constexpr int regionSampleFrames = 16;

// The first frame a clip stored grey is decoded grey from (see writeFrames).
constexpr int greyDecodingFrom = 48;

ClipKind clipKind(SourceKind kind)
{
    switch (kind) {
    case SourceKind::Dicom:
        return ClipKind::Dicom;
    case SourceKind::Video:
        return ClipKind::Video;
    case SourceKind::Still:
        return ClipKind::Still;
    }
    return ClipKind::Dicom;
}

std::pair<QRect, QString> chooseRegion(const SourceInfo &info, const std::vector<cv::Mat> &samples)
{
    const QRect whole(0, 0, samples.front().cols, samples.front().rows);
    if (info.ultrasoundRegion && whole.contains(*info.ultrasoundRegion) &&
        info.ultrasoundRegion->width() > 8 && info.ultrasoundRegion->height() > 8)
        return {*info.ultrasoundRegion, QStringLiteral("DICOM region sequence")};
    const QRect detected = detectUltrasoundRegion(samples);
    if (whole.contains(detected) && detected.width() > 8 && detected.height() > 8)
        return {detected, QStringLiteral("detected")};
    return {whole, QStringLiteral("whole frame")};
}

// Most ultrasound video is grey stored as colour: such a clip is kept grey, a third of the
// bytes. Colour (Doppler, coloured overlays inside the region) is kept when any sampled
// pixel's channels differ by more than the codec's rounding. The decision is made on the
// sampled first frames: colour that appears only later in a clip is stored grey.
bool looksGrey(const std::vector<cv::Mat> &samples, const QRect &region)
{
    for (const cv::Mat &sample : samples) {
        if (sample.channels() == 1)
            continue;
        const cv::Mat roi =
            sample(cv::Rect(region.x(), region.y(), region.width(), region.height()));
        cv::Mat planes[3];
        cv::split(roi, planes);
        cv::Mat difference;
        cv::absdiff(planes[0], planes[1], difference);
        cv::Mat other;
        cv::absdiff(planes[1], planes[2], other);
        cv::max(difference, other, difference);
        if (cv::countNonZero(difference > 6) > 0)
            return false;
    }
    return true;
}

// The cropped frame in the clip's pixel format (the first frame's channel count).
cv::Mat cropped(const cv::Mat &frame, const QRect &region, int channels)
{
    cv::Mat roi = frame(cv::Rect(region.x(), region.y(), region.width(), region.height()));
    if (roi.channels() == channels)
        return roi;
    cv::Mat converted;
    cv::cvtColor(roi, converted, channels == 3 ? cv::COLOR_GRAY2BGR : cv::COLOR_BGR2GRAY);
    return converted;
}

} // namespace

Importer::Importer(Project &project)
    : m_project(project)
{}

void Importer::setProgressCallback(std::function<void(const ImportProgress &)> callback)
{
    m_progress = std::move(callback);
}

void Importer::setCancelFlag(const std::atomic<bool> *flag)
{
    m_cancel = flag;
}

Status Importer::loadManifest(const QString &csvPath)
{
    QFile file(csvPath);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return makeError(QStringLiteral("%1: cannot read: %2").arg(csvPath, file.errorString()));
    const QDir base = QFileInfo(csvPath).absoluteDir();
    QTextStream in(&file);
    int lineNumber = 0;
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty() || (lineNumber == 1 && line.startsWith(QLatin1String("file,"))))
            continue;
        const QStringList fields = line.split(QLatin1Char(','));
        if (fields.size() < 2 || fields.at(0).trimmed().isEmpty() ||
            fields.at(1).trimmed().isEmpty())
            return makeError(
                QStringLiteral("%1 line %2: expected \"file,patient[,study[,issuer]]\"")
                    .arg(csvPath)
                    .arg(lineNumber));
        addManifestEntry(QFileInfo(base, fields.at(0).trimmed()).absoluteFilePath(),
                         fields.at(1).trimmed(), fields.value(3).trimmed(),
                         fields.value(2).trimmed());
    }
    return {};
}

void Importer::addManifestEntry(const QString &file, const QString &patientId,
                                const QString &issuer, const QString &study)
{
    m_manifest.insert(QFileInfo(file).absoluteFilePath(), ManifestEntry{patientId, issuer, study});
}

Importer::Identity Importer::identify(const QString &path, const QString &patientId,
                                      const QString &issuer, const QString &studyUid,
                                      const QString &instanceUid) const
{
    const QByteArray key = m_project.pseudonymKey();
    const QFileInfo info(path);
    const QString folder = info.absolutePath();

    Identity identity;
    const auto manifest = m_manifest.constFind(info.absoluteFilePath());
    if (manifest != m_manifest.constEnd()) {
        identity.pseudonym = pseudonymFor(key, manifest->patient, manifest->issuer);
        const QString study = manifest->study.isEmpty() ? folder : manifest->study;
        identity.studyKey = keyedHash(key, QStringLiteral("manifest-study:") + study);
    } else if (!patientId.trimmed().isEmpty()) {
        identity.pseudonym = pseudonymFor(key, patientId.trimmed(), issuer.trimmed());
    } else {
        identity.pseudonym = pseudonymFor(key, QFileInfo(folder).fileName(), QString());
    }
    if (identity.studyKey.isEmpty()) {
        identity.studyKey = studyUid.isEmpty()
                                ? keyedHash(key, QStringLiteral("folder-study:") + folder)
                                : keyedHash(key, QStringLiteral("study:") + studyUid);
    }
    if (!instanceUid.isEmpty())
        identity.instanceKey = keyedHash(key, QStringLiteral("instance:") + instanceUid);
    return identity;
}

void Importer::reportProgress(int frame, int frameCount)
{
    if (!m_progress)
        return;
    m_current.frame = frame;
    m_current.frameCount = frameCount;
    m_progress(m_current);
}

ImportSummary Importer::importPaths(const QStringList &paths)
{
    ImportSummary summary;
    QStringList files;
    for (const QString &path : paths) {
        if (!QFileInfo::exists(path)) {
            ++summary.refused;
            summary.messages << QStringLiteral("%1: no such file or folder").arg(path);
            continue;
        }
        files << expandSources({path});
    }

    m_current.fileCount = int(files.size());
    for (int i = 0; i < files.size(); ++i) {
        m_current.fileIndex = i;
        m_current.file = files.at(i);
        const FileResult result = importFile(files.at(i));
        switch (result.outcome) {
        case Outcome::Imported:
            ++summary.clipsImported;
            summary.framesImported += result.frames;
            summary.imported << QStringLiteral("%1: %2 frames, region %3,%4 %5 x %6 (%7)")
                                    .arg(files.at(i))
                                    .arg(result.frames)
                                    .arg(result.region.x())
                                    .arg(result.region.y())
                                    .arg(result.region.width())
                                    .arg(result.region.height())
                                    .arg(result.regionSource);
            break;
        case Outcome::Duplicate:
            ++summary.duplicates;
            summary.messages << result.message;
            break;
        case Outcome::Refused:
            ++summary.refused;
            summary.messages << result.message;
            break;
        case Outcome::Cancelled:
            summary.cancelled = true;
            return summary;
        }
    }
    return summary;
}

Importer::FileResult Importer::importFile(const QString &path)
{
    FileResult result;
    auto refuse = [&](const QString &reason) {
        result.outcome = Outcome::Refused;
        result.message = reason.startsWith(path) ? reason : path + QStringLiteral(": ") + reason;
        return result;
    };
    Catalogue &catalogue = m_project.catalogue();

    // A file already in the catalogue (same bytes, or same SOP instance) changes nothing. The
    // content hash reads the whole file: it runs on a thread of its own while the reader opens
    // and the first frames decode, and is waited for before anything is written.
    std::future<Expected<QString>> hashing =
        std::async(std::launch::async, [path] { return sha256OfFile(path); });

    // One pass: the importer counts a video's frames as it decodes them.
    ReaderOptions options;
    options.exactVideoFrameCount = false;
    auto reader = openFrameReader(path, options);
    if (!reader)
        return refuse(reader.error());
    const SourceInfo &info = (*reader)->info();
    const Identity identity = identify(path, info.patientId, info.issuerOfPatientId,
                                       info.studyInstanceUid, info.sopInstanceUid);
    if (!identity.instanceKey.isEmpty()) {
        auto byInstance = catalogue.findClipByInstanceKey(identity.instanceKey);
        if (!byInstance)
            return refuse(byInstance.error());
        if (byInstance->has_value()) {
            result.outcome = Outcome::Duplicate;
            result.clip = **byInstance;
            result.message =
                QStringLiteral("%1: already imported (same SOP instance), skipped").arg(path);
            return result;
        }
    }

    DecodeAhead frames(**reader);
    const Expected<QString> hash = hashing.get();
    if (!hash)
        return refuse(hash.error());
    auto byHash = catalogue.findClipByContentHash(*hash);
    if (!byHash)
        return refuse(byHash.error());
    if (byHash->has_value()) {
        result.outcome = Outcome::Duplicate;
        result.clip = **byHash;
        result.message = QStringLiteral("%1: already imported (same content), skipped").arg(path);
        return result;
    }

    auto written = writeFrames(info, frames, *hash, std::nullopt);
    if (!written)
        return refuse(written.error());
    if (written->cancelled) {
        result.outcome = Outcome::Cancelled;
        return result;
    }
    const QList<double> &times = written->times;

    Catalogue::Transaction transaction(catalogue);
    if (!transaction.isActive())
        return refuse(transaction.error());
    auto patient = catalogue.findPatient(identity.pseudonym);
    if (!patient)
        return refuse(patient.error());
    PatientId patientId = patient->has_value() ? (*patient)->id : 0;
    if (!patientId) {
        auto added = catalogue.addPatient(identity.pseudonym);
        if (!added)
            return refuse(added.error());
        patientId = *added;
    }
    auto study = catalogue.findStudy(patientId, identity.studyKey);
    if (!study)
        return refuse(study.error());
    StudyId studyId = study->has_value() ? (*study)->id : 0;
    if (!studyId) {
        auto added = catalogue.addStudy(StudyRecord{0, patientId, identity.studyKey, {}, 0});
        if (!added)
            return refuse(added.error());
        studyId = *added;
    }

    ClipRecord clip;
    clip.studyId = studyId;
    clip.sourcePath = QFileInfo(path).absoluteFilePath();
    clip.contentHash = *hash;
    clip.instanceKey = identity.instanceKey;
    clip.kind = clipKind(info.kind);
    clip.frameCount = int(times.size());
    clip.frameRate = info.frameRate;
    clip.width = info.width;
    clip.height = info.height;
    clip.region = written->region;
    auto clipId = catalogue.addClip(clip);
    if (!clipId)
        return refuse(clipId.error());
    if (Status s = catalogue.addFrames(*clipId, times); !s)
        return refuse(s.error());
    if (Status s = transaction.commit(); !s)
        return refuse(s.error());

    qCInfo(lcApp) << "imported clip" << *clipId << "with" << times.size() << "frames";
    result.outcome = Outcome::Imported;
    result.clip = *clipId;
    result.frames = int(times.size());
    result.region = written->region;
    result.regionSource = written->regionSource;
    return result;
}

Expected<Importer::WrittenFrames> Importer::writeFrames(const SourceInfo &info, DecodeAhead &frames,
                                                        const QString &contentHash,
                                                        const std::optional<QRect> &forcedRegion)
{
    const QString &path = info.path;
    const int declaredFrames = frames.declaredFrameCount();
    WrittenFrames written;

    // The region comes from the first frames, which are kept until it is known.
    std::vector<cv::Mat> samples;
    cv::Mat frame;
    double timeS = 0.0;
    while (int(samples.size()) < regionSampleFrames) {
        auto more = frames.next(frame, timeS);
        if (!more)
            return makeError(more.error());
        if (!*more)
            break;
        samples.push_back(frame);
        written.times << timeS;
    }
    if (samples.empty())
        return makeError(QStringLiteral("%1: holds no frames").arg(path));
    const QRect whole(0, 0, samples.front().cols, samples.front().rows);
    if (forcedRegion) {
        if (!whole.contains(*forcedRegion) || forcedRegion->isEmpty())
            return makeError(QStringLiteral("the region %1,%2 %3 x %4 is not inside the %5 x %6 "
                                            "frame")
                                 .arg(forcedRegion->x())
                                 .arg(forcedRegion->y())
                                 .arg(forcedRegion->width())
                                 .arg(forcedRegion->height())
                                 .arg(whole.width())
                                 .arg(whole.height()));
        written.region = *forcedRegion;
        written.regionSource = QStringLiteral("corrected");
    } else {
        std::tie(written.region, written.regionSource) = chooseRegion(info, samples);
    }
    const QRect &region = written.region;
    const int channels = looksGrey(samples, region) ? 1 : 3;

    // A clip stored grey needs no colour decoding; frames from a fixed index on are asked for
    // in grey (a JPEG DICOM then decodes in half the time). The index is fixed, not "whatever
    // is decoded next", so that the same frames come grey on every run: it lies beyond all
    // that can have been decoded by now (the samples, DecodeAhead's depth + 1 and the
    // reader's own look-ahead of a few frames).
    if (channels == 1)
        frames.decodeGreyFrom(greyDecodingFrom);

    auto writer = FrameStoreWriter::create(m_project.framesFolder(), contentHash, region.width(),
                                           region.height(), channels);
    if (!writer)
        return makeError(writer.error());
    for (const cv::Mat &sample : samples) {
        if (Status s = (*writer)->append(cropped(sample, region, channels)); !s)
            return makeError(s.error());
    }
    samples.clear();
    reportProgress(int(written.times.size()), declaredFrames);

    for (;;) {
        if (m_cancel && m_cancel->load()) {
            written.cancelled = true;
            return written;
        }
        auto more = frames.next(frame, timeS);
        if (!more)
            return makeError(more.error());
        if (!*more)
            break;
        if (frame.cols != whole.width() || frame.rows != whole.height())
            return makeError(QStringLiteral("%1: frame %2 is %3 x %4, unlike the first frame")
                                 .arg(path)
                                 .arg(written.times.size())
                                 .arg(frame.cols)
                                 .arg(frame.rows));
        if (Status s = (*writer)->append(cropped(frame, region, channels)); !s)
            return makeError(s.error());
        written.times << timeS;
        if (written.times.size() % 8 == 0)
            reportProgress(int(written.times.size()), declaredFrames);
    }
    if (m_cancel && m_cancel->load()) {
        written.cancelled = true;
        return written;
    }

    // The frames are on disk before the rows that point at them are committed.
    if (Status s = (*writer)->finish(); !s)
        return makeError(s.error());
    return written;
}

Status Importer::recropClip(ClipId clipId, const QRect &region)
{
    Catalogue &catalogue = m_project.catalogue();
    auto clip = catalogue.clip(clipId);
    if (!clip)
        return makeError(clip.error());
    if (!clip->has_value())
        return makeError(QStringLiteral("no clip %1").arg(clipId));
    auto hash = sha256OfFile((*clip)->sourcePath);
    if (!hash)
        return makeError(hash.error());
    if (*hash != (*clip)->contentHash)
        return makeError(QStringLiteral("%1 has changed since it was imported; import it again")
                             .arg((*clip)->sourcePath));
    ReaderOptions options;
    options.exactVideoFrameCount = false;
    auto reader = openFrameReader((*clip)->sourcePath, options);
    if (!reader)
        return makeError(reader.error());
    DecodeAhead frames(**reader);
    auto written = writeFrames((*reader)->info(), frames, *hash, region);
    if (!written)
        return makeError(written.error());
    if (written->cancelled)
        return makeError(QStringLiteral("cancelled; the clip keeps its old region"));
    if (written->times.size() != (*clip)->frameCount)
        return makeError(QStringLiteral("%1 now decodes to %2 frames, not %3")
                             .arg((*clip)->sourcePath)
                             .arg(written->times.size())
                             .arg((*clip)->frameCount));
    return catalogue.setClipRegion(clipId, region);
}

} // namespace iouslab
