#pragma once

#include "core/expected.h"

#include <QRect>
#include <QString>
#include <QStringList>

#include <opencv2/core/mat.hpp>

#include <memory>
#include <optional>

namespace iouslab {

enum class SourceKind
{
    Dicom,
    Video,
    Still
};

/// What a reader learned from a source's header. The identifying fields (patientId, issuer,
/// UIDs) stay in memory: the importer turns them into keyed hashes and never stores them.
struct SourceInfo
{
    QString path;
    SourceKind kind = SourceKind::Dicom;
    int width = 0, height = 0;       // of each decoded frame
    int frameCount = 0;              // exact: what a sequential decode gives
    std::optional<double> frameRate; // frames per second, when known
    QString patientId, issuerOfPatientId, studyInstanceUid, sopInstanceUid, sopClassUid;
    QString modality;
    QString description; // e.g. "US multi-frame, JPEG baseline, YBR_FULL_422, 8 bit, 20 frames"
    std::optional<QRect> ultrasoundRegion; // from the DICOM Sequence of Ultrasound Regions
};

/// Reads one source frame by frame, so memory does not grow with clip length.
class FrameReader
{
public:
    virtual ~FrameReader() = default;
    virtual const SourceInfo &info() const = 0;
    /// Decodes the next frame as CV_8UC1 (grey) or CV_8UC3 (BGR) with its time in seconds.
    /// Gives false at the end; an Error names the file, the frame and what is wrong.
    virtual Expected<bool> next(cv::Mat &frame, double &timeS) = 0;
    /// Asks for the frames from index firstFrame on as CV_8UC1 grey, where the reader can decode
    /// a colour source straight to grey at less cost than in colour (JPEG: the luma channel
    /// alone, which skips the chroma's inverse DCT, upsampling and colour conversion). For
    /// colour content this loses the colour: the importer asks only for clips it stores grey.
    /// Readers that cannot, and frames already decoded or scheduled, stay as they are; the
    /// request is ignored as a whole when firstFrame is not ahead of every frame scheduled.
    virtual void decodeGreyFrom(int /*firstFrame*/) {}
};

/// The limits a source must keep before anything is allocated for it.
struct ReaderLimits
{
    static constexpr int maxSide = 16384;                        // pixels, either side
    static constexpr qint64 maxFrameBytes = 256ll * 1024 * 1024; // one decoded frame
    static constexpr int maxFrames = 1000000;
};

/// How a reader may trade exactness of its header for speed.
struct ReaderOptions
{
    /// A video's frame count is found by decoding it once before reading (frameCount exact
    /// from the start). Off, frameCount is the container's estimate until next() reaches the
    /// end and sets it to the frames read, so a one-pass reader (the importer) decodes once.
    bool exactVideoFrameCount = true;
};

/// Opens path by its content (DICOM preamble/meta or dataset sniffing, else video/still by
/// OpenCV), checks declared sizes against the file and against limits before allocating.
Expected<std::unique_ptr<FrameReader>> openFrameReader(const QString &path,
                                                       const ReaderOptions &options = {});

/// Whether a file looks like something openFrameReader can try (for folder scans).
bool isCandidateSource(const QString &path);

/// Expands files, folders (recursive, sorted by path) and DICOMDIRs (into the image files
/// they reference) into candidate source files. A DICOMDIR itself is never in the result;
/// files that are not candidates are left out; a path is listed once.
QStringList expandSources(const QStringList &paths);

} // namespace iouslab
