#include "app/trainingjob.h"

#include "app/modelinputs.h"
#include "catalogue/project.h"
#include "core/filehash.h"
#include "core/logging.h"
#include "ml/model.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cmath>

namespace iouslab {

namespace {

QString settingsJson(const ml::TrainingSettings &settings, bool warmStart)
{
    QJsonObject json{{QStringLiteral("model"), ml::modelKindName(settings.modelKind)},
                     {QStringLiteral("folds"), settings.folds},
                     {QStringLiteral("leave_one_patient_out"), settings.leaveOnePatientOut},
                     {QStringLiteral("max_epochs"), settings.maxEpochs},
                     {QStringLiteral("patience"), settings.patience},
                     {QStringLiteral("min_epochs"), settings.minEpochs},
                     {QStringLiteral("batch_size"), settings.batchSize},
                     {QStringLiteral("learning_rate"), settings.learningRate},
                     {QStringLiteral("weight_decay"), settings.weightDecay},
                     {QStringLiteral("augment"), settings.augment},
                     {QStringLiteral("seed"), QString::number(settings.seed)},
                     {QStringLiteral("input_size"), settings.inputSize},
                     {QStringLiteral("operating_sensitivity"), settings.operatingSensitivity},
                     {QStringLiteral("threads"), settings.threads},
                     {QStringLiteral("warm_start"), warmStart}};
    if (!settings.modelFile.isEmpty())
        json.insert(QStringLiteral("model_file"), settings.modelFile);
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

QJsonValue finiteOrNull(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

QString metricsJson(const ml::TrainingResult &result)
{
    QJsonArray folds;
    for (const ml::FoldResult &fold : result.folds) {
        folds.append(
            QJsonObject{{QStringLiteral("train_frames"), fold.trainFrames},
                        {QStringLiteral("validation_frames"), fold.validationFrames},
                        {QStringLiteral("test_frames"), fold.testFrames},
                        {QStringLiteral("best_epoch"), fold.bestEpoch},
                        {QStringLiteral("epochs_run"), fold.epochsRun},
                        {QStringLiteral("validation_auc"), finiteOrNull(fold.validationAuc)},
                        {QStringLiteral("test_auc"), finiteOrNull(fold.testAuc)},
                        {QStringLiteral("threshold"), finiteOrNull(fold.threshold)}});
    }
    QJsonObject json{{QStringLiteral("folds"), folds},
                     {QStringLiteral("final_epochs"), result.finalEpochs},
                     {QStringLiteral("final_threshold"), finiteOrNull(result.finalThreshold)}};
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

// The labels a version saw: counts, and a hash of the sorted (frame, label) pairs.
std::pair<QString, QString> labelSnapshot(const std::vector<ml::TrainingFrame> &frames,
                                          int patients)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    int lesion = 0;
    for (const ml::TrainingFrame &frame : frames) {
        hash.addData(QByteArray::number(frame.frameId) + ':' + QByteArray::number(frame.label) +
                     ';');
        lesion += frame.label;
    }
    const QJsonObject json{{QStringLiteral("frames"), int(frames.size())},
                           {QStringLiteral("lesion"), lesion},
                           {QStringLiteral("normal"), int(frames.size()) - lesion},
                           {QStringLiteral("patients"), patients}};
    return {QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)),
            QString::fromLatin1(hash.result().toHex())};
}

} // namespace

Expected<QString> verifiedWeightsPath(const QString &projectFolder,
                                      const ModelVersionRecord &version)
{
    if (!version.hasWeights())
        return makeError(QStringLiteral("model version %1 (%2) holds only its predictions: it has "
                                        "no network to run")
                             .arg(version.id)
                             .arg(version.architecture));
    const QString path = QDir(projectFolder).filePath(version.weightsPath);
    if (!QFile::exists(path))
        return makeError(QStringLiteral("the weights of model version %1 are missing: %2")
                             .arg(version.id)
                             .arg(path));
    auto hash = sha256OfFile(path);
    if (!hash)
        return makeError(hash.error());
    if (*hash != version.weightsHash)
        return makeError(QStringLiteral("%1 is damaged or was replaced: its SHA-256 differs from "
                                        "the one recorded for model version %2")
                             .arg(path)
                             .arg(version.id));
    return path;
}

Expected<TrainingOutcome> trainModelVersion(const QString &projectFolder,
                                            ml::TrainingSettings settings, bool warmStart,
                                            const TrainingControls &controls)
{
    auto say = [&](const QString &line) {
        if (controls.say)
            controls.say(line);
    };
    auto project = Project::open(projectFolder, Project::OpenMode::OpenExisting);
    if (!project)
        return makeError(project.error());
    Catalogue &catalogue = (*project)->catalogue();

    // Training data: frames whose reference label is normal or lesion.
    auto references = catalogue.referenceLabels();
    if (!references)
        return makeError(references.error());
    std::vector<ml::TrainingFrame> frames;
    QSet<PatientId> patients;
    for (const ReferenceLabel &label : *references) {
        if (!label.value || *label.value == LabelValue::Ungradable)
            continue;
        frames.push_back({label.frameId, label.patientId, *label.value == LabelValue::Lesion});
        patients.insert(label.patientId);
    }
    const int minimumPatients = settings.leaveOnePatientOut ? 3 : settings.folds;
    if (patients.size() < minimumPatients)
        return makeError(QStringLiteral("training needs labelled frames of at least %1 patients; "
                                        "the project has %2")
                             .arg(minimumPatients)
                             .arg(patients.size()));

    auto locations = catalogue.frameLocations();
    if (!locations)
        return makeError(locations.error());
    auto inputs = ModelInputs::open((*project)->framesFolder(), *locations);
    if (!inputs)
        return makeError(inputs.error());

    auto versions = catalogue.modelVersions();
    if (!versions)
        return makeError(versions.error());
    // A new version continues from the latest one with a network (not from a baseline's
    // predictions).
    const std::optional<ModelVersionRecord> latestNetwork = latestWithWeights(*versions);
    std::optional<ModelVersionId> parent;
    if (latestNetwork)
        parent = latestNetwork->id;
    if (warmStart && latestNetwork) {
        auto weights = verifiedWeightsPath(projectFolder, *latestNetwork);
        if (!weights)
            return makeError(weights.error());
        settings.warmStartFile = *weights;
    }

    say(QStringLiteral("Training on %1 frames of %2 patients")
            .arg(frames.size())
            .arg(patients.size()));
    ml::Trainer trainer(settings, (*inputs)->loader(settings.inputSize));
    if (controls.progress)
        trainer.setProgressCallback(controls.progress);
    trainer.setCancelFlag(controls.cancel);
    trainer.setPauseFlag(controls.pause);
    auto result = trainer.run(frames);
    if (!result)
        return makeError(result.error());
    if (!result->finalModel)
        return makeError(QStringLiteral("training ended without a final model"));

    // Every frame of the project, labelled or not, scored by the final model.
    say(QStringLiteral("Scoring %1 frames").arg(locations->size()));
    std::vector<qint64> allFrames;
    allFrames.reserve(size_t(locations->size()));
    for (const Catalogue::FrameLocation &location : *locations)
        allFrames.push_back(location.frameId);
    auto scores = result->finalModel->score(allFrames, (*inputs)->loader(settings.inputSize));
    if (!scores)
        return makeError(scores.error());

    // Weights first, durable and renamed into place; then the version in one transaction.
    const QString weightsName =
        QStringLiteral("models/model-%1.pt")
            .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")));
    const QString weightsPath = QDir((*project)->folder()).filePath(weightsName);
    if (Status s = result->finalModel->save(weightsPath); !s)
        return makeError(s.error());
    auto weightsHash = sha256OfFile(weightsPath);
    if (!weightsHash)
        return makeError(weightsHash.error());

    ModelVersionRecord version;
    version.parentId = parent;
    version.architecture = ml::modelKindName(settings.modelKind);
    version.settingsJson = settingsJson(settings, warmStart && parent.has_value());
    std::tie(version.labelSnapshot, version.labelHash) =
        labelSnapshot(frames, int(patients.size()));
    version.weightsPath = weightsName;
    version.weightsHash = *weightsHash;
    version.metricsJson = metricsJson(*result);

    Catalogue::Transaction transaction(catalogue);
    if (!transaction.isActive())
        return makeError(transaction.error());
    auto versionId = catalogue.addModelVersion(version);
    if (!versionId)
        return makeError(versionId.error());
    QList<PredictionRecord> predictions;
    predictions.reserve(qsizetype(result->outOfFold.size() + scores->size()));
    for (const ml::OutOfFoldPrediction &prediction : result->outOfFold)
        predictions << PredictionRecord{*versionId, prediction.frameId, prediction.fold,
                                        double(prediction.probability)};
    for (size_t i = 0; i < allFrames.size(); ++i)
        predictions << PredictionRecord{*versionId, allFrames[i], -1, double((*scores)[i])};
    if (Status s = catalogue.addPredictions(predictions); !s)
        return makeError(s.error());
    if (Status s = transaction.commit(); !s)
        return makeError(s.error());

    TrainingOutcome outcome;
    outcome.version = *versionId;
    outcome.parent = parent;
    outcome.frames = int(frames.size());
    outcome.patients = int(patients.size());
    outcome.scored = int(allFrames.size());
    outcome.weightsPath = weightsPath;
    double aucSum = 0.0;
    int aucCount = 0;
    for (const ml::FoldResult &fold : result->folds) {
        if (std::isfinite(fold.testAuc)) {
            aucSum += fold.testAuc;
            ++aucCount;
        }
    }
    outcome.meanFoldAuc = aucCount ? aucSum / aucCount : std::nan("");
    qCInfo(lcApp) << "model version" << *versionId << "written";
    return outcome;
}

} // namespace iouslab
