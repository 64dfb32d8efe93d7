#pragma once

#include "catalogue/records.h"
#include "core/expected.h"
#include "ml/trainer.h"

#include <QString>

#include <atomic>
#include <functional>

namespace iouslab {

/// What a finished training left.
struct TrainingOutcome
{
    ModelVersionId version = 0;
    std::optional<ModelVersionId> parent;
    int frames = 0; ///< labelled frames trained and evaluated on
    int patients = 0;
    int scored = 0; ///< frames of the project scored by the final model
    double meanFoldAuc = 0.0;
    QString weightsPath;
};

/// The flags and callbacks a training job is run with; all optional.
struct TrainingControls
{
    std::function<void(const ml::TrainingProgress &)> progress;
    std::function<void(const QString &)> say; ///< one line per stage
    const std::atomic<bool> *cancel = nullptr;
    const std::atomic<bool> *pause = nullptr;
};

/// One training of a project's lesion classifier, start to end, on the calling thread (a
/// worker): every frame with a reference label of normal or lesion (ungradable and disputed
/// frames left out), patient-level cross-validation, a final model on every labelled patient,
/// then scores for every frame of the project. The model version is written whole or not at
/// all: the weights file is on disk before one transaction adds the version row (settings,
/// parent, label snapshot and its hash, per-fold metrics) with every prediction.
///
/// With warmStart, the final model starts from the latest model version's weights.
Expected<TrainingOutcome> trainModelVersion(const QString &projectFolder,
                                            ml::TrainingSettings settings, bool warmStart,
                                            const TrainingControls &controls = {});

/// Loads the weights of a model version, refusing a file whose hash differs from the one
/// recorded (a damaged or replaced file).
Expected<QString> verifiedWeightsPath(const QString &projectFolder,
                                      const ModelVersionRecord &version);

} // namespace iouslab
