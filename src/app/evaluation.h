#pragma once

#include "catalogue/catalogue.h"
#include "catalogue/records.h"
#include "core/expected.h"
#include "eval/binarymetrics.h"
#include "eval/bootstrap.h"
#include "eval/calibration.h"
#include "eval/foldsummary.h"
#include "eval/patientmetrics.h"
#include "eval/predictions.h"
#include "eval/roc.h"
#include "eval/thresholdsweep.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace iouslab {

/// One labelled frame a model version scored out of fold, with where it comes from.
struct EvaluatedFrame
{
    FrameId frameId = 0;
    PatientId patientId = 0;
    ClipId clipId = 0;
    QString pseudonym;
    QString file; ///< the clip's source path
    int frameIndex = 0;
    int fold = 0;
    double probability = 0.0;
    int reference = 0; ///< 1 lesion, 0 normal
};

/// The figures of one cross-validation fold on its test patients.
struct FoldEvaluation
{
    int fold = 0;
    std::int64_t patients = 0;
    Predictions predictions;
    /// The threshold chosen on the fold's validation patients for the target sensitivity, as
    /// the training recorded it; 0.5 where the version holds none (thresholdRecorded false).
    double threshold = 0.5;
    bool thresholdRecorded = false;
    std::optional<double> auc; ///< none when the fold's test frames lack a class
    ConfusionMatrix matrix;    ///< the test frames at threshold
    /// The specificity of the test frames at the highest threshold that reaches the target
    /// sensitivity on them: the best the fold could do, for comparison with matrix's.
    std::optional<double> specificityAtTarget;
    std::optional<RocCurve> roc;
};

/// One line of the study-style table.
struct EvaluationRow
{
    QString name;
    std::optional<FoldSummary> summary; ///< none when no fold gives the figure
    int foldsLeftOut = 0;               ///< folds where the figure was undefined
    QString published;                  ///< the published study's figure, or empty
    /// The 95 % patient-clustered bootstrap interval of the pooled figure (every patient at
    /// the threshold of the fold that tested it); none where it cannot be had. The
    /// specificity at the target sensitivity has none: each resample would need its own
    /// operating point on a fresh sort of its frames, too slow for a dashboard at a million
    /// frames.
    std::optional<BootstrapInterval> interval;
};

/// A model version's evaluation from its out-of-fold predictions and the reference labels.
struct ModelEvaluation
{
    ModelVersionRecord version;
    double targetSensitivity = 0.99;
    std::vector<EvaluatedFrame> frames; ///< in catalogue prediction order
    Predictions pooled;                 ///< every out-of-fold frame, with patient ids
    std::vector<FoldEvaluation> folds;  ///< by fold number
    std::optional<double> pooledAuc;
    std::optional<RocCurve> pooledRoc;
    /// The pooled frames' confusion matrix at any threshold, for the operating-point slider.
    ThresholdSweep pooledSweep;
    /// The patient-clustered bootstrap interval of the pooled AUC; none with too few patients.
    std::optional<BootstrapInterval> pooledAucInterval;
    /// Each patient's figures at the threshold of the fold that tested the patient.
    std::vector<PatientMetrics> patients;
    std::vector<QString> patientPseudonyms; ///< beside patients
    std::vector<EvaluationRow> table;
    /// The calibration curve of the pooled probabilities in ten equal-width bins, and their
    /// Brier score.
    std::vector<CalibrationBin> calibration;
    std::optional<double> brier;
    /// What the reader must know: fallbacks taken, frames left out.
    QStringList notes;
    std::int64_t leftOutFrames = 0; ///< scored out of fold but now ungradable or disputed
};

/// The published study's figures, for orientation: AUC 80.2 +/- 2.9 %, accuracy
/// 74.6 +/- 3.1 %, specificity 36.4 +/- 9.4 % at 99 % sensitivity.
struct PublishedFigures
{
    static constexpr double aucMean = 0.802, aucSd = 0.029;
    static constexpr double accuracyMean = 0.746, accuracySd = 0.031;
    static constexpr double specificityMean = 0.364, specificitySd = 0.094;
};

/// Evaluates model version id (the latest when 0) from its out-of-fold predictions (fold >= 0)
/// and the current reference labels: normal 0, lesion 1, ungradable and disputed frames left
/// out. With bootstrap.resamples 0 the patient bootstrap intervals are left for
/// addBootstrapIntervals: the dashboard shows the figures first and the intervals after. Fails with
/// one line for a project without versions, an unknown version, or a version without out-of-fold
/// predictions of both classes.
Expected<ModelEvaluation> evaluateModelVersion(Catalogue &catalogue, ModelVersionId id = 0,
                                               const BootstrapOptions &bootstrap = {});

/// The evaluation of frames already gathered (out-of-fold frames of version with their
/// reference labels, fold >= 0): what evaluateModelVersion does after reading the catalogue,
/// and what the dashboard benchmark times. leftOutFrames is reported in the notes.
Expected<ModelEvaluation> evaluateFrames(const ModelVersionRecord &version,
                                         std::vector<EvaluatedFrame> frames,
                                         const BootstrapOptions &bootstrap = {},
                                         std::int64_t leftOutFrames = 0);

/// Adds the patient-clustered bootstrap intervals to an evaluation made without them: the
/// pooled AUC's and each table row's (see EvaluationRow::interval). A figure the bootstrap
/// cannot give keeps none, and the pooled AUC's reason goes into the notes.
void addBootstrapIntervals(ModelEvaluation &evaluation, const BootstrapOptions &options = {});

/// The frames of one patient, the most wrong first: by |probability - reference| descending,
/// ties in catalogue order. What the viewer steps through when a patient is picked.
std::vector<EvaluatedFrame> framesByError(const ModelEvaluation &evaluation, PatientId patient);

/// The table as plain text, one line per figure with the study's figure beside it.
QString evaluationTableText(const ModelEvaluation &evaluation);

} // namespace iouslab
