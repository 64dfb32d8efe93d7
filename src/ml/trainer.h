#pragma once

#include "core/expected.h"
#include "ml/folds.h"
#include "ml/model.h"
#include "ml/trainingframe.h"

#include <QString>

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace iouslab::ml {

/// What a training run does. Defaults are the workstation's.
struct TrainingSettings
{
    int folds = 4;
    bool leaveOnePatientOut = false;
    double validationShare = 0.25; ///< of each fold's training patients, for early stopping

    int maxEpochs = 30;
    int patience = 5; ///< epochs without a better validation AUC before a fold stops
    /// Epochs a fold always runs before early stopping may stop it: a fresh network often
    /// scores its few validation patients no better than chance for the first epochs, and a
    /// fold stopped then keeps epoch-1 weights that never learnt.
    int minEpochs = 8;
    int batchSize = 32;
    double learningRate = 2e-3; ///< AdamW's peak rate, lowered along a cosine over maxEpochs
    double weightDecay = 1e-4;
    bool augment = true;
    quint64 seed = 1;

    ModelKind modelKind = ModelKind::Compact;
    QString modelFile; ///< the TorchScript file for ModelKind::UserFile
    int inputSize = 256;

    /// A previous model file to start from. It starts the final model only, unless
    /// warmStartFolds: a previous final model has seen every fold's test patients, so starting
    /// the folds from it makes the out-of-fold figures optimistic.
    QString warmStartFile;
    bool warmStartFolds = false;

    bool trainFinalModel = true;
    int finalEpochs = 0; ///< 0: the median of the folds' best epochs

    double operatingSensitivity = 0.99; ///< for the thresholds chosen on validation patients

    int threads = 0; ///< 0: one fewer than the cores, leaving one for the GUI (at least 1)
};

/// Where a training run is, reported after every epoch.
struct TrainingProgress
{
    int fold = 0; ///< 0-based; equals foldCount while the final model trains
    int foldCount = 0;
    int epoch = 0;              ///< 1-based
    int epochs = 0;             ///< the most this fold may run
    double loss = 0.0;          ///< mean training loss of the epoch
    double validationAuc = 0.0; ///< NaN when there is no validation set
    double etaSeconds = 0.0;    ///< for the rest of the run, assuming no early stop
};

/// The out-of-fold lesion probability of one labelled frame: from the fold whose test
/// patients include the frame's patient.
struct OutOfFoldPrediction
{
    qint64 frameId = 0;
    int fold = 0;
    float probability = 0.0f;
};

struct FoldResult
{
    Fold patients;
    int trainFrames = 0;
    int validationFrames = 0;
    int testFrames = 0;
    int bestEpoch = 0; ///< 1-based; the weights kept are this epoch's
    int epochsRun = 0;
    double validationAuc = 0.0; ///< at the best epoch
    double testAuc = 0.0;       ///< out-of-fold, on the fold's test patients; NaN if one class
    double threshold = 0.0;     ///< probability giving operatingSensitivity on validation patients
};

struct TrainingResult
{
    std::vector<FoldResult> folds;
    std::vector<OutOfFoldPrediction> outOfFold; ///< one per labelled frame
    std::optional<Model> finalModel;            ///< trained on all patients
    int finalEpochs = 0;
    /// The median of the folds' thresholds: the final model has no validation patients of its
    /// own, and its scores are assumed to be scaled like the fold models'.
    double finalThreshold = 0.0;
};

/// A model trained on given frames, with the epoch whose weights were kept.
struct FittedModel
{
    Model model;
    int bestEpoch = 0;
    int epochsRun = 0;
    double validationAuc = 0.0;
    double threshold = 0.0; ///< NaN without validation frames
};

/// The default thread count: one fewer than the cores, at least 1. LibTorch's OpenMP threads
/// wait for each other at every layer, so on cores busy with other programs two threads can be
/// several times slower than one; the count is best kept at or below the idle cores.
int defaultThreadCount();

/// Sets LibTorch's thread count for the process (0: defaultThreadCount()), for scoring and
/// heat maps; run() and fit() set it from their settings.
void setThreadCount(int threads);

/// Trains lesion classifiers with patient-level cross-validation. Frames are read through the
/// loader batch by batch, so memory does not grow with the number of frames. Runs on the
/// calling thread (a worker, never the GUI thread) and sets LibTorch's thread count for the
/// process. The same settings, frames, pixels and thread count give the same weights.
class Trainer
{
public:
    using ProgressCallback = std::function<void(const TrainingProgress &)>;

    Trainer(TrainingSettings settings, FrameLoader loader);

    /// Called after each epoch, on the training thread.
    void setProgressCallback(ProgressCallback callback);
    /// Training stops within a batch of cancel becoming true, and run() gives an Error.
    void setCancelFlag(const std::atomic<bool> *cancel);
    /// While pause is true, training waits between batches.
    void setPauseFlag(const std::atomic<bool> *pause);

    /// Cross-validation by patient, out-of-fold predictions for every frame, then (if set) a
    /// final model on all patients. Frames must be labelled 0 or 1.
    Expected<TrainingResult> run(const std::vector<TrainingFrame> &frames);

    /// Trains start on train for up to epochs epochs. With validation frames, stops after
    /// patience epochs without a better validation AUC and keeps the best epoch's weights;
    /// without, keeps the last. fold only labels progress reports.
    Expected<FittedModel> fit(Model start, const std::vector<TrainingFrame> &train,
                              const std::vector<TrainingFrame> &validation, int epochs,
                              int fold = 0, int foldCount = 1);

private:
    Expected<TrainingResult> runFolds(const std::vector<TrainingFrame> &frames);
    Expected<Model> startingModel(bool forFold) const;
    bool waitWhilePaused() const;
    bool cancelled() const;

    TrainingSettings m_settings;
    FrameLoader m_loader;
    ProgressCallback m_progress;
    const std::atomic<bool> *m_cancel = nullptr; // not owned; outlives run()
    const std::atomic<bool> *m_pause = nullptr;  // not owned; outlives run()

    // For the ETA: frames to pass through (training epochs plus validation) and passed.
    double m_plannedFrames = 0.0;
    double m_doneFrames = 0.0;
    double m_elapsedSeconds = 0.0;
    bool m_inRun = false; // fit() called by run(), which plans the ETA and sets threads
};

} // namespace iouslab::ml
