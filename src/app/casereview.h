#pragma once

#include "app/reviewevents.h"
#include "catalogue/catalogue.h"
#include "core/expected.h"
#include "ml/model.h"

#include <QImage>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace iouslab {

class ModelInputs;
class FrameStoreReader;
class Project;

/// A case: one study of one patient with its clips, in import order.
struct ReviewCase
{
    PatientRecord patient;
    StudyRecord study;
    int studyNumber = 1; ///< the study's place among the patient's studies, from 1
    int studyCount = 1;
    QList<ClipRecord> clips;
};

/// Finds a case by name: "PSEUDONYM" is the patient's newest study (the last imported),
/// "PSEUDONYM/N" the patient's N-th study in import order (from 1).
Expected<ReviewCase> findCase(Catalogue &catalogue, const QString &name);
/// The case of one study.
Expected<ReviewCase> caseOfStudy(Catalogue &catalogue, StudyId study);
/// The name findCase takes for this case ("PSEUDONYM/N", or "PSEUDONYM" for a patient's only
/// study).
QString caseName(const ReviewCase &reviewCase);

/// The threshold frames are flagged at.
struct OperatingPoint
{
    double threshold = 0.5;
    bool locked = false; ///< the version's locked operating point; else the recorded one
    QString description; ///< one line for people: where the threshold came from
};

/// The version's locked operating point; when none is locked, the threshold its training
/// recorded (the median over folds of each fold's threshold at the training's operating
/// sensitivity, 99 % by default), said so in the description. An error when it has neither.
Expected<OperatingPoint> operatingPointOf(const ModelVersionRecord &version);

/// One clip's frames with the model's probabilities, by frame index.
struct ScoredClip
{
    ClipRecord clip;
    QList<FrameId> frameIds;
    std::vector<double> probabilities;
};

/// How the case's frames were scored.
struct ScoringSummary
{
    int frames = 0; ///< every frame of the case
    int reused = 0; ///< already scored by the version's final model, read from the catalogue
    int scored = 0; ///< scored now and stored
};

/// The flags and callbacks scoring runs with; all optional.
struct ScoringControls
{
    std::function<void(int done, int total)> progress; ///< called after each batch
    const std::atomic<bool> *cancel = nullptr;
};

/// A surgeon's review of one case with one model version: scores every frame of the case's
/// clips, flags the frames at or above the operating point, groups them into events and makes
/// the pictures the review shows (display frames, Grad-CAM heat maps).
///
/// It holds a catalogue connection, the loaded model and the frame store mappings of the case.
/// Use it from one thread at a time: score() on a worker, then frames and heat maps from any
/// one thread (heatMap() and score() are serialised by a mutex, as they share the network).
class CaseReview
{
public:
    /// Opens the project, the case and the model version (weights checked against their hash).
    static Expected<std::unique_ptr<CaseReview>> open(const QString &projectFolder, StudyId study,
                                                      ModelVersionId version);
    ~CaseReview();

    const ReviewCase &reviewCase() const { return m_case; }
    const ModelVersionRecord &version() const { return m_version; }
    const OperatingPoint &operatingPoint() const { return m_operatingPoint; }
    const ml::Model &model() const { return *m_model; }

    /// Probabilities of every frame of the case: the version's stored final-model scores
    /// (fold -1) where present; the others are scored now, in batches, and stored in one
    /// transaction at the end. A cancel leaves the catalogue as it was and gives an error.
    Expected<ScoringSummary> score(const ScoringControls &controls = {});
    bool isScored() const { return m_scored; }
    /// The case's clips with their probabilities (after score()).
    const std::vector<ScoredClip> &clips() const { return m_clips; }

    /// The events of the scored case, in time order, with threshold the operating point's.
    std::vector<ReviewEvent> events(const EventSettings &settings = {}) const;
    std::vector<ReviewEvent> events(double threshold, const EventSettings &settings) const;

    /// A frame's display copy (grey or colour, the cropped ultrasound region).
    QImage displayFrame(int clipOrder, int frameIndex) const;
    /// The Grad-CAM heat map of a frame, from its model-input copy.
    Expected<ml::HeatMap> heatMap(int clipOrder, int frameIndex) const;

    /// The project's catalogue connection of this review (the thread that uses the review).
    Catalogue &catalogue();
    QString projectFolder() const { return m_projectFolder; }

private:
    CaseReview() = default;

    QString m_projectFolder;
    std::unique_ptr<Project> m_project;
    ReviewCase m_case;
    ModelVersionRecord m_version;
    OperatingPoint m_operatingPoint;
    std::unique_ptr<ml::Model> m_model;
    std::unique_ptr<ModelInputs> m_inputs;
    std::vector<std::unique_ptr<FrameStoreReader>> m_stores; // one per clip, by clip order
    std::vector<ScoredClip> m_clips;
    bool m_scored = false;
    mutable std::mutex m_network; // score() and heatMap() share the module
};

/// Records a surgeon's decision on an event: one label per frame of the event (gaps included)
/// by that reader, through Catalogue::setLabel in one transaction, so every label is audited
/// and counts in the next training. Refuses a reader who is not a surgeon.
Status recordDecision(Catalogue &catalogue, const ReviewEvent &event, const ReaderRecord &surgeon,
                      SurgeonDecision decision);

/// Sets each event's decision from the surgeon's labels already in the catalogue: an event
/// whose frames the surgeon all labelled alike has that decision (a review reopened later).
Status loadDecisions(Catalogue &catalogue, const ReaderRecord &surgeon,
                     std::vector<ReviewEvent> &events);

} // namespace iouslab
