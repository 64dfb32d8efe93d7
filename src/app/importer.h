#pragma once

#include "catalogue/records.h"
#include "core/expected.h"

#include <QHash>
#include <QRect>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

namespace iouslab {

class DecodeAhead;
class Project;
struct SourceInfo;

/// Where an import stands, for progress bars.
struct ImportProgress
{
    int fileIndex = 0; ///< 0-based index of the file being imported
    int fileCount = 0;
    QString file;
    int frame = 0;      ///< frames of this file done so far
    int frameCount = 0; ///< frames this file declares
};

/// What an import did. messages holds one line per file that was skipped or refused, with
/// its path and the reason.
struct ImportSummary
{
    int clipsImported = 0;
    int framesImported = 0;
    int duplicates = 0;
    int refused = 0;
    bool cancelled = false;
    QStringList messages;
    /// One line per imported clip: its path, frames and the region it was cropped to.
    QStringList imported;
};

/// Imports DICOM, video and still-image sources into a project: decodes each frame once,
/// crops it to the ultrasound region, writes the frame store, then commits the catalogue rows
/// of the clip in one transaction. Patient identity is replaced by a keyed-hash pseudonym
/// before anything is written; names, IDs, birth dates and UIDs are never stored.
///
/// The patient of a source without a DICOM Patient ID (video, stills) comes from a manifest
/// CSV when one is loaded (columns: file, patient[, study[, issuer]]), else from the folder
/// layout: the name of the folder holding the file is the patient ID, and that folder is the
/// study.
///
/// An Importer works in the thread that calls it, on the project's catalogue connection; a
/// worker thread opens a Project of its own. Within a file it uses two short-lived threads of
/// its own, which touch neither the catalogue nor the frame store: one hashes the file while
/// the reader opens, one decodes frames ahead of the cropping and writing (DecodeAhead), so an
/// import keeps two cores busy. Cancelling leaves the catalogue as if the
/// unfinished clip had never started.
class Importer
{
public:
    explicit Importer(Project &project);

    enum class Outcome
    {
        Imported,
        Duplicate,
        Refused,
        Cancelled,
    };

    struct FileResult
    {
        Outcome outcome = Outcome::Refused;
        QString message; ///< for Duplicate and Refused: the path and the reason
        ClipId clip = 0;
        int frames = 0;
        QRect region;         ///< the ultrasound region the frames were cropped to
        QString regionSource; ///< "DICOM region sequence", "detected" or "whole frame"
    };

    void setProgressCallback(std::function<void(const ImportProgress &)> callback);
    /// The import stops at the next frame once *flag is true. The flag must outlive the import.
    void setCancelFlag(const std::atomic<bool> *flag);
    /// Reads a manifest CSV (file, patient[, study[, issuer]]; a header line is allowed).
    /// Files may be given relative to the manifest's folder. The patient column is a patient
    /// ID: with the same issuer it gives the same pseudonym as a DICOM file's Patient ID.
    Status loadManifest(const QString &csvPath);
    /// Adds one manifest entry without a file (the identifiers stay in memory).
    void addManifestEntry(const QString &file, const QString &patientId, const QString &issuer = {},
                          const QString &study = {});

    /// Imports every source under paths (files, folders recursively, DICOMDIRs).
    ImportSummary importPaths(const QStringList &paths);
    /// Imports one source file.
    FileResult importFile(const QString &path);

    /// Corrects a clip's ultrasound region: decodes its source file again, rewrites the clip's
    /// frame store copies cropped to region, then stores the region. The clip's frames and
    /// labels stay as they are. The source file must still be where it was imported from.
    Status recropClip(ClipId clip, const QRect &region);

private:
    struct Identity
    {
        QString pseudonym;
        QString studyKey;
        QString instanceKey;
    };
    Identity identify(const QString &path, const QString &patientId, const QString &issuer,
                      const QString &studyUid, const QString &instanceUid) const;
    void reportProgress(int frame, int frameCount);

    /// What writing a clip's frames to the store gave.
    struct WrittenFrames
    {
        QRect region;
        QString regionSource;
        QList<double> times;
        bool cancelled = false;
    };
    /// Takes every frame of a source (info: what its reader said when opened) from frames,
    /// crops it (to forcedRegion when given, else to the source's or the detected region) and
    /// writes the frame store files of contentHash.
    Expected<WrittenFrames> writeFrames(const SourceInfo &info, DecodeAhead &frames,
                                        const QString &contentHash,
                                        const std::optional<QRect> &forcedRegion);

    Project &m_project;
    std::function<void(const ImportProgress &)> m_progress;
    const std::atomic<bool> *m_cancel = nullptr; // not owned
    struct ManifestEntry
    {
        QString patient;
        QString issuer;
        QString study;
    };
    QHash<QString, ManifestEntry> m_manifest; ///< by absolute file path
    ImportProgress m_current;
};

} // namespace iouslab
