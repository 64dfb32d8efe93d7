#pragma once

#include "catalogue/catalogue.h"
#include "core/expected.h"
#include "eval/agreement.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace iouslab {

/// A frame's reference label: the project lead's adjudication if there is one, else the
/// readers' label when every reader who labelled the frame agrees; Unresolved when they
/// disagree and nobody has adjudicated; Unlabelled when nobody has labelled it.
enum class ReferenceState
{
    Unlabelled,
    Normal,
    Lesion,
    Ungradable,
    Unresolved,
};

ReferenceState referenceStateOf(LabelValue value);
/// The reference label as a LabelValue; nothing for Unlabelled and Unresolved.
std::optional<LabelValue> referenceValue(ReferenceState state);

/// The reference label of one frame from its reads (any order) and its adjudication.
ReferenceState referenceOf(const QList<ReviewLabel> &reads,
                           const std::optional<AdjudicationRecord> &adjudication);

/// Whether a reader sees every reader's labels (a project lead) or only their own (blinded
/// double reading, the default for everyone else).
bool seesAllLabels(const ReaderRecord &reader);

/// Label progress of a clip, study or patient as one viewer may see it. A blinded reader's
/// counts come from their own labels only; a project lead's from the reference labels, where
/// an unresolved frame counts as labelled and as a disagreement.
struct LabelCounts
{
    qint64 frames = 0;
    qint64 labelled = 0;
    qint64 lesion = 0;
    qint64 disagreements = 0;

    LabelCounts &operator+=(const LabelCounts &other);
    bool operator==(const LabelCounts &other) const;
    bool operator!=(const LabelCounts &other) const { return !(*this == other); }
};

/// What one frame adds to its clip's counts for viewer.
LabelCounts frameCounts(const QList<ReviewLabel> &reads,
                        const std::optional<AdjudicationRecord> &adjudication,
                        const ReaderRecord &viewer);

/// The whole catalogue's clips, readers, labels and adjudications, read in one pass so that
/// the tree, the agreement figures, the adjudication queue and the balance charts are
/// computed off the GUI thread from the same state.
struct ReviewSnapshot
{
    QList<ReviewClip> clips;
    QList<ReaderRecord> readers;
    QList<ReviewLabel> labels; ///< ordered by frame, then reader
    QHash<FrameId, AdjudicationRecord> adjudications;

    QString readerName(ReaderId id) const;
};

/// Reads a snapshot through catalogue (a worker's own connection).
Expected<ReviewSnapshot> loadReviewSnapshot(Catalogue &catalogue);
/// The same, opening a connection of its own on the catalogue file: for worker threads.
Expected<ReviewSnapshot> loadReviewSnapshot(const QString &cataloguePath);

/// Label counts of every clip as viewer sees them.
QHash<ClipId, LabelCounts> clipLabelCounts(const ReviewSnapshot &snapshot,
                                           const ReaderRecord &viewer);

/// Agreement among the readers over one set of frames (a clip, a patient or all).
struct AgreementScope
{
    QString name;
    qint64 id = 0; ///< the clip or patient id; 0 for the whole project
    struct Pair
    {
        ReaderId first = 0;
        ReaderId second = 0;
        Agreement agreement; ///< Cohen's kappa over the frames both labelled
    };
    QList<Pair> pairs;
    Agreement fleiss; ///< Fleiss' kappa over the frames at least two readers labelled
};

struct AgreementReport
{
    AgreementScope overall;
    QList<AgreementScope> patients;
    QList<AgreementScope> clips;
};

/// Cohen's kappa for each pair of readers and Fleiss' kappa across all, overall, per patient
/// and per clip, with percent agreement. Categories: normal, lesion, ungradable.
AgreementReport agreementReport(const ReviewSnapshot &snapshot);

/// A frame whose readers disagree: an entry of the adjudication queue.
struct Disagreement
{
    FrameId frameId = 0;
    ClipId clipId = 0;
    PatientId patientId = 0;
    int frameIndex = 0;
    QList<ReviewLabel> reads;
    std::optional<AdjudicationRecord> adjudication;
};

/// Frames where readers gave different labels; those not yet adjudicated first, then by
/// clip and frame.
QList<Disagreement> disagreements(const ReviewSnapshot &snapshot);

/// Frames per patient by reference label, and the readers' activity, for the balance charts.
struct DatasetBalance
{
    struct Patient
    {
        PatientId id = 0;
        QString pseudonym;
        qint64 normal = 0;
        qint64 lesion = 0;
        qint64 ungradable = 0;
        qint64 unresolved = 0;
        qint64 unlabelled = 0;
    };
    QList<Patient> patients;
    QList<QPair<QString, qint64>> readsPerReader;
    qint64 singleRead = 0;   ///< frames labelled by exactly one reader
    qint64 multipleRead = 0; ///< frames labelled by two readers or more
    qint64 unread = 0;
    /// Current labels by the day (UTC) they were last given, oldest first.
    QList<QPair<QDate, qint64>> labelsPerDay;
};

DatasetBalance datasetBalance(const ReviewSnapshot &snapshot);

/// Reorders candidates (most uncertain first) so that consecutive entries come from different
/// patients while each patient's own order is kept: round robin over patients, each patient
/// entering in the order of its most uncertain frame.
QList<UncertainFrame> spreadAcrossPatients(const QList<UncertainFrame> &candidates);

} // namespace iouslab
