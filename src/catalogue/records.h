#pragma once

#include "core/labelvalue.h"
#include "core/readerrole.h"

#include <QList>
#include <QRect>
#include <QString>

#include <optional>

namespace iouslab {

// Row ids of the catalogue. 0 is never a valid id.
using PatientId = qint64;
using StudyId = qint64;
using ClipId = qint64;
using FrameId = qint64;
using ReaderId = qint64;
using ModelVersionId = qint64;

enum class ClipKind
{
    Dicom,
    Video,
    Still,
};

QString clipKindName(ClipKind kind);
std::optional<ClipKind> parseClipKind(const QString &text);

struct PatientRecord
{
    PatientId id = 0;
    QString pseudonym;
    qint64 createdAtMs = 0;
};

struct StudyRecord
{
    StudyId id = 0;
    PatientId patientId = 0;
    QString studyKey;
    QString description;
    qint64 createdAtMs = 0;
};

struct ClipRecord
{
    ClipId id = 0;
    StudyId studyId = 0;
    QString sourcePath;
    QString contentHash;
    QString instanceKey; ///< keyed hash of the SOP Instance UID; empty for video and stills
    ClipKind kind = ClipKind::Dicom;
    int frameCount = 0;
    std::optional<double> frameRate;
    int width = 0;
    int height = 0;
    QRect region; ///< the ultrasound image region inside the source frame
    qint64 importedAtMs = 0;
};

struct FrameRecord
{
    FrameId id = 0;
    ClipId clipId = 0;
    int index = 0;
    double timeS = 0.0;
};

struct ReaderRecord
{
    ReaderId id = 0;
    QString name;
    ReaderRole role = ReaderRole::Radiologist;
    qint64 createdAtMs = 0;
};

struct LabelRecord
{
    FrameId frameId = 0;
    ReaderId readerId = 0;
    LabelValue value = LabelValue::Normal;
    qint64 labelledAtMs = 0;
};

struct AdjudicationRecord
{
    FrameId frameId = 0;
    ReaderId readerId = 0;
    LabelValue value = LabelValue::Normal;
    qint64 decidedAtMs = 0;
};

struct AuditRecord
{
    qint64 id = 0;
    QString kind; ///< "label" or "adjudication"
    FrameId frameId = 0;
    ReaderId readerId = 0;
    std::optional<LabelValue> oldValue;
    std::optional<LabelValue> newValue;
    qint64 changedAtMs = 0;
};

struct ModelVersionRecord
{
    ModelVersionId id = 0;
    std::optional<ModelVersionId> parentId;
    qint64 createdAtMs = 0;
    QString architecture;
    QString settingsJson = QStringLiteral("{}");
    QString labelSnapshot = QStringLiteral("{}");
    QString labelHash;
    QString weightsPath;
    QString weightsHash;
    QString metricsJson = QStringLiteral("{}");
    std::optional<double> lockedThreshold;

    /// A version may hold only predictions, with no network to run: bench_quality stores its
    /// histogram baseline so, for the dashboard to compare with the CNN.
    bool hasWeights() const { return !weightsPath.isEmpty(); }
};

/// The newest of versions (oldest first, as Catalogue::modelVersions gives them) that has a
/// network to run, if any.
inline std::optional<ModelVersionRecord>
latestWithWeights(const QList<ModelVersionRecord> &versions)
{
    for (auto it = versions.crbegin(); it != versions.crend(); ++it) {
        if (it->hasWeights())
            return *it;
    }
    return std::nullopt;
}

struct PredictionRecord
{
    ModelVersionId modelVersionId = 0;
    FrameId frameId = 0;
    int fold = -1; ///< -1: the final model's score
    double probability = 0.0;
};

/// One label with where it points, as `iouslab labels export` writes it.
struct LabelRow
{
    QString sourcePath;
    int frameIndex = 0;
    QString reader;
    ReaderRole role = ReaderRole::Radiologist;
    LabelValue value = LabelValue::Normal;
    qint64 labelledAtMs = 0;
};

/// The reference label of a labelled frame: the adjudication where there is one, else the
/// readers' value when all who read the frame agree; none while they disagree.
struct ReferenceLabel
{
    FrameId frameId = 0;
    PatientId patientId = 0;
    ClipId clipId = 0;
    int frameIndex = 0;
    std::optional<LabelValue> value; ///< none: disputed, waiting for adjudication
    int reads = 0;                   ///< readers who labelled the frame
    bool adjudicated = false;
};

/// How many labels one reader has given of one value.
struct ReaderLabelCount
{
    QString reader;
    ReaderRole role = ReaderRole::Radiologist;
    LabelValue value = LabelValue::Normal;
    qint64 count = 0;
};

/// What `iouslab info` and the window's summary show.
struct CatalogueCounts
{
    qint64 patients = 0;
    qint64 studies = 0;
    qint64 clips = 0;
    qint64 frames = 0;
    qint64 labels = 0;
    qint64 normalLabels = 0;
    qint64 lesionLabels = 0;
    qint64 ungradableLabels = 0;
    QList<ReaderLabelCount> byReader;
};

} // namespace iouslab
