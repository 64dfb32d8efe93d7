#pragma once

#include "catalogue/records.h"
#include "core/expected.h"

#include <QString>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

struct sqlite3;

namespace iouslab {

/// A clip with the patient and study it belongs to, for the catalogue tree.
struct ReviewClip
{
    ClipId clipId = 0;
    StudyId studyId = 0;
    PatientId patientId = 0;
    QString pseudonym;
    QString studyKey;
    QString studyDescription;
    QString sourcePath;
    QString contentHash;
    int frameCount = 0;
    std::optional<double> frameRate;
};

/// One label with where its frame sits.
struct ReviewLabel
{
    FrameId frameId = 0;
    ClipId clipId = 0;
    PatientId patientId = 0;
    int frameIndex = 0;
    ReaderId readerId = 0;
    LabelValue value = LabelValue::Normal;
    qint64 labelledAtMs = 0;
};

/// A frame the model scored, for active learning.
struct UncertainFrame
{
    FrameId frameId = 0;
    ClipId clipId = 0;
    PatientId patientId = 0;
    int frameIndex = 0;
    double probability = 0.0;
};

class SqliteStatement;

/// One connection to a project's SQLite catalogue. All SQL of the program goes through this
/// class, so that another backend stays a backend and not a rewrite.
///
/// The file runs in WAL mode with foreign keys on and a busy timeout, so the GUI can read
/// while the import and training workers write, each with a Catalogue of its own. A Catalogue
/// is used from one thread at a time. Every function that touches the file returns an
/// Expected whose message names the catalogue and what went wrong.
class Catalogue
{
public:
    enum class OpenMode
    {
        OpenExisting,    ///< the file must exist and be an iouslab catalogue
        CreateIfMissing, ///< a missing file is created with the latest schema
    };

    /// The schema version this program writes: the number of the last file in db/.
    static int latestSchemaVersion();

    /// Opens (or creates) the catalogue at path and brings its schema up to targetVersion.
    /// Refuses, without writing to it, a file that is not an SQLite database, a database that
    /// is not an iouslab catalogue, and a catalogue newer than this program.
    /// targetVersion below the latest is for tests of migration only.
    static Expected<std::unique_ptr<Catalogue>> open(const QString &path, OpenMode mode,
                                                     int targetVersion = latestSchemaVersion());

    ~Catalogue();
    Catalogue(const Catalogue &) = delete;
    Catalogue &operator=(const Catalogue &) = delete;

    QString path() const { return m_path; }
    /// The schema version stored in the file (PRAGMA user_version).
    int schemaVersion() const { return m_schemaVersion; }

    /// Transactions. Writes outside one are committed statement by statement.
    Status beginTransaction();
    Status commit();
    void rollback();

    /// Rolls back on destruction unless committed: an interrupted step leaves nothing behind.
    class Transaction
    {
    public:
        explicit Transaction(Catalogue &catalogue);
        ~Transaction();
        /// Whether BEGIN succeeded; if not, error() says why.
        bool isActive() const { return m_active; }
        const QString &error() const { return m_error; }
        Status commit();

    private:
        Catalogue &m_catalogue;
        bool m_active = false;
        QString m_error;
    };

    // Project settings (key and value text).
    Expected<std::optional<QString>> setting(const QString &key);
    Status setSetting(const QString &key, const QString &value);

    // Patients, studies, clips and frames.
    Expected<PatientId> addPatient(const QString &pseudonym);
    Expected<std::optional<PatientRecord>> findPatient(const QString &pseudonym);
    Expected<QList<PatientRecord>> patients();
    Expected<StudyId> addStudy(const StudyRecord &study);
    Expected<std::optional<StudyRecord>> findStudy(PatientId patient, const QString &studyKey);
    Expected<QList<StudyRecord>> studies(PatientId patient);
    Expected<ClipId> addClip(const ClipRecord &clip);
    Expected<std::optional<ClipRecord>> clip(ClipId id);
    Expected<std::optional<ClipId>> findClipByContentHash(const QString &hash);
    Expected<std::optional<ClipId>> findClipByInstanceKey(const QString &instanceKey);
    Expected<QList<ClipRecord>> clips(StudyId study);
    /// Every clip of the project, by id.
    Expected<QList<ClipRecord>> allClips();
    /// Stores a corrected ultrasound region for a clip.
    Status setClipRegion(ClipId id, const QRect &region);
    /// Adds frames 0 .. times.size()-1 of a clip with their times in seconds.
    Status addFrames(ClipId clip, const QList<double> &timesS);
    Expected<QList<FrameRecord>> frames(ClipId clip);
    Expected<std::optional<FrameId>> frameId(ClipId clip, int index);

    // Readers, labels and adjudication. Every label change is appended to the audit table
    // by triggers in the schema, so no path can change a label without a trace.
    Expected<ReaderId> addReader(const QString &name, ReaderRole role);
    Expected<std::optional<ReaderRecord>> findReader(const QString &name);
    Expected<QList<ReaderRecord>> readers();
    Status setLabel(FrameId frame, ReaderId reader, LabelValue value, qint64 atMs = 0);
    Status clearLabel(FrameId frame, ReaderId reader);
    Expected<std::optional<LabelRecord>> label(FrameId frame, ReaderId reader);
    Expected<QList<LabelRecord>> labels(FrameId frame);
    Expected<QList<LabelRecord>> labelsOfReader(ReaderId reader);
    Status setAdjudication(FrameId frame, ReaderId lead, LabelValue value, qint64 atMs = 0);
    Status clearAdjudication(FrameId frame);
    Expected<std::optional<AdjudicationRecord>> adjudication(FrameId frame);
    /// The audit trail of one frame, oldest first; of every frame when frame is 0.
    Expected<QList<AuditRecord>> auditTrail(FrameId frame = 0);
    Expected<CatalogueCounts> counts();
    /// Every label with its clip's source path and frame index; of one reader when given.
    Expected<QList<LabelRow>> labelRows(std::optional<ReaderId> reader = std::nullopt);

    // Review queries for the labelling workstation (cataloguereview.cpp): the whole
    // catalogue's clips and labels in one pass each, so the tree, agreement and balance views
    // are computed from one snapshot instead of a query per node.

    /// Every clip with where it sits (patient, study), ordered by patient, study and clip.
    Expected<QList<ReviewClip>> reviewClips();
    /// Every label with its frame's clip, index and patient, ordered by frame then reader.
    Expected<QList<ReviewLabel>> reviewLabels();
    /// Every label of one clip, ordered by frame index then reader.
    Expected<QList<ReviewLabel>> clipLabels(ClipId clip);
    /// Every adjudication of the project, by frame.
    Expected<QList<AdjudicationRecord>> adjudications();
    /// The adjudications of one clip's frames, with each frame's index.
    Expected<QList<QPair<int, AdjudicationRecord>>> clipAdjudications(ClipId clip);
    /// Frame ids of one clip, by frame index.
    Expected<QList<FrameId>> clipFrameIds(ClipId clip);
    /// The newest model version's final-model probability (fold -1) for each frame of a clip,
    /// by frame index; empty when no model has scored the clip.
    Expected<QList<std::optional<double>>> clipProbabilities(ClipId clip, int frameCount);
    /// Up to limit frames of the newest model version (fold -1) that reader has not labelled,
    /// the most uncertain first (probability nearest 0.5).
    Expected<QList<UncertainFrame>> uncertainFrames(ReaderId reader, int limit);

    /// The reference labels of every frame that has a read or an adjudication, by frame id.
    Expected<QList<ReferenceLabel>> referenceLabels();
    /// Where each frame's pixels are: frame id to clip content hash and frame index, for
    /// every frame of the project (or of one clip).
    struct FrameLocation
    {
        FrameId frameId = 0;
        ClipId clipId = 0;
        PatientId patientId = 0;
        QString contentHash;
        int frameIndex = 0;
    };
    Expected<QList<FrameLocation>> frameLocations(ClipId clip = 0);

    // Model versions and predictions.
    Expected<ModelVersionId> addModelVersion(const ModelVersionRecord &version);
    Expected<std::optional<ModelVersionRecord>> modelVersion(ModelVersionId id);
    Expected<QList<ModelVersionRecord>> modelVersions();
    Status setLockedThreshold(ModelVersionId id, std::optional<double> threshold);
    Status addPredictions(const QList<PredictionRecord> &predictions);
    Expected<QList<PredictionRecord>> predictions(ModelVersionId id);

    // Background training (cataloguetraining.cpp).
    /// When the newest model version was made (ms since the epoch); none before the first.
    Expected<std::optional<qint64>> latestModelVersionTime();
    /// How many label and adjudication changes were made at or after fromMs.
    Expected<qint64> labelChangesSince(qint64 fromMs);

    /// Runs SQL without parameters (maintenance and tests).
    Status execute(const QString &sql);
    /// PRAGMA integrity_check: "ok" or SQLite's list of problems.
    Expected<QString> integrityCheck();

    /// Milliseconds since the Unix epoch, UTC: the catalogue's clock.
    static qint64 nowMs();

private:
    explicit Catalogue(const QString &path);

    Status configure(OpenMode mode, int targetVersion);
    Status migrate(int targetVersion);
    Expected<SqliteStatement *> prepare(const char *sql);

    using Binder = std::function<void(SqliteStatement &)>;
    using RowReader = std::function<void(const SqliteStatement &)>;
    /// Runs a cached statement to the end, handing each row to onRow; what names the work
    /// for the error message.
    Status run(const char *sql, const Binder &bind, const QString &what,
               const RowReader &onRow = {});
    /// Runs an INSERT and gives the new row's id.
    Expected<qint64> insert(const char *sql, const Binder &bind, const QString &what);
    /// The message for a failed SQLite call: the catalogue, what was being done and why.
    Error failure(const QString &what) const;

    QString m_path;
    sqlite3 *m_db = nullptr; // owned; closed in the destructor
    int m_schemaVersion = 0;
    std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> m_statements;
};

} // namespace iouslab
