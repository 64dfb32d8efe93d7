#include "app/evaluation.h"

#include "eval/operatingpoint.h"
#include "eval/scoreranking.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <map>

namespace iouslab {

namespace {

// The per-fold thresholds the training recorded, by fold; a fold without one is absent.
std::map<int, double> recordedThresholds(const QString &metricsJson)
{
    std::map<int, double> thresholds;
    const QJsonArray folds = QJsonDocument::fromJson(metricsJson.toUtf8())
                                 .object()
                                 .value(QStringLiteral("folds"))
                                 .toArray();
    for (int i = 0; i < folds.size(); ++i) {
        const QJsonValue value = folds.at(i).toObject().value(QStringLiteral("threshold"));
        if (value.isDouble())
            thresholds[i] = value.toDouble();
    }
    return thresholds;
}

// A table row from per-fold values, leaving out (and counting) folds without the figure.
EvaluationRow makeRow(const QString &name, const std::vector<std::optional<double>> &values,
                      const QString &published)
{
    EvaluationRow row;
    row.name = name;
    row.published = published;
    std::vector<double> defined;
    for (const std::optional<double> &value : values) {
        if (value)
            defined.push_back(*value);
        else
            ++row.foldsLeftOut;
    }
    if (auto summary = summarizeFolds(defined))
        row.summary = *summary;
    return row;
}

QString publishedText(double mean, double sd)
{
    FoldSummary summary;
    summary.folds = 2;
    summary.mean = mean;
    summary.standardDeviation = sd;
    return summary.toPercentText();
}

// The patient bootstrap of the pooled figures. Each patient's confusion matrix at its fold's
// threshold is already known, so a resample only sums the matrices of the patients it draws:
// 2,000 resamples cost 2,000 x patients additions, whatever the number of frames.
void addIntervals(ModelEvaluation &evaluation, const BootstrapOptions &options)
{
    std::vector<std::int64_t> patientOfRow;
    for (const PatientMetrics &metrics : evaluation.patients)
        patientOfRow.push_back(metrics.patient);
    const auto matrixFigure = [&](std::optional<double> (ConfusionMatrix::*figure)() const) {
        const FrameMetric metric = [&, figure](const std::vector<std::size_t> &rows) {
            ConfusionMatrix sum;
            for (std::size_t row : rows)
                sum += evaluation.patients[row].matrix;
            return (sum.*figure)();
        };
        auto interval = bootstrapPatients(patientOfRow, metric, options);
        return interval ? std::optional<BootstrapInterval>(*interval) : std::nullopt;
    };
    const std::map<QString, std::optional<double> (ConfusionMatrix::*)() const> figures{
        {QStringLiteral("Accuracy"), &ConfusionMatrix::accuracy},
        {QStringLiteral("Sensitivity"), &ConfusionMatrix::sensitivity},
        {QStringLiteral("Specificity"), &ConfusionMatrix::specificity},
        {QStringLiteral("F1"), &ConfusionMatrix::f1},
        {QStringLiteral("PPV"), &ConfusionMatrix::ppv},
        {QStringLiteral("NPV"), &ConfusionMatrix::npv},
    };
    for (EvaluationRow &row : evaluation.table) {
        if (row.name == QStringLiteral("AUC"))
            row.interval = evaluation.pooledAucInterval;
        else if (auto it = figures.find(row.name); it != figures.end())
            row.interval = matrixFigure(it->second);
    }
}

} // namespace

Expected<ModelEvaluation> evaluateModelVersion(Catalogue &catalogue, ModelVersionId id,
                                               const BootstrapOptions &bootstrap)
{
    auto versions = catalogue.modelVersions();
    if (!versions)
        return makeError(versions.error());
    if (versions->isEmpty())
        return makeError(QStringLiteral("the project has no model version yet; run iouslab train"));
    ModelEvaluation evaluation;
    bool found = false;
    for (const ModelVersionRecord &version : *versions) {
        if (id == 0 || version.id == id) {
            evaluation.version = version;
            found = true;
        }
    }
    if (!found)
        return makeError(QStringLiteral("no model version %1").arg(id));

    auto predictions = catalogue.predictions(evaluation.version.id);
    if (!predictions)
        return makeError(predictions.error());
    auto references = catalogue.referenceLabels();
    if (!references)
        return makeError(references.error());
    auto locations = catalogue.frameLocations();
    if (!locations)
        return makeError(locations.error());
    auto patients = catalogue.patients();
    if (!patients)
        return makeError(patients.error());
    auto clips = catalogue.allClips();
    if (!clips)
        return makeError(clips.error());

    QHash<FrameId, int> referenceOf;
    for (const ReferenceLabel &label : *references) {
        if (label.value && *label.value != LabelValue::Ungradable)
            referenceOf.insert(label.frameId, *label.value == LabelValue::Lesion ? 1 : 0);
    }
    QHash<FrameId, Catalogue::FrameLocation> locationOf;
    for (const Catalogue::FrameLocation &location : *locations)
        locationOf.insert(location.frameId, location);
    QHash<PatientId, QString> pseudonymOf;
    for (const PatientRecord &patient : *patients)
        pseudonymOf.insert(patient.id, patient.pseudonym);
    QHash<ClipId, QString> fileOf;
    for (const ClipRecord &clip : *clips)
        fileOf.insert(clip.id, clip.sourcePath);

    std::vector<EvaluatedFrame> frames;
    std::int64_t leftOut = 0;
    for (const PredictionRecord &prediction : *predictions) {
        if (prediction.fold < 0)
            continue;
        const auto reference = referenceOf.constFind(prediction.frameId);
        const auto location = locationOf.constFind(prediction.frameId);
        if (reference == referenceOf.constEnd() || location == locationOf.constEnd()) {
            ++leftOut;
            continue;
        }
        EvaluatedFrame frame;
        frame.frameId = prediction.frameId;
        frame.patientId = location->patientId;
        frame.clipId = location->clipId;
        frame.pseudonym = pseudonymOf.value(location->patientId);
        frame.file = fileOf.value(location->clipId);
        frame.frameIndex = location->frameIndex;
        frame.fold = prediction.fold;
        frame.probability = prediction.probability;
        frame.reference = *reference;
        frames.push_back(frame);
    }
    return evaluateFrames(evaluation.version, std::move(frames), bootstrap, leftOut);
}

Expected<ModelEvaluation> evaluateFrames(const ModelVersionRecord &version,
                                         std::vector<EvaluatedFrame> frames,
                                         const BootstrapOptions &bootstrap,
                                         std::int64_t leftOutFrames)
{
    ModelEvaluation evaluation;
    evaluation.version = version;
    evaluation.frames = std::move(frames);
    evaluation.leftOutFrames = leftOutFrames;
    std::map<int, FoldEvaluation> folds;
    QHash<PatientId, QString> pseudonymOf;
    for (const EvaluatedFrame &frame : evaluation.frames) {
        if (!pseudonymOf.contains(frame.patientId))
            pseudonymOf.insert(frame.patientId, frame.pseudonym);
        for (Predictions *target : {&evaluation.pooled, &folds[frame.fold].predictions}) {
            target->scores.push_back(frame.probability);
            target->labels.push_back(frame.reference);
            target->patients.push_back(frame.patientId);
        }
    }
    if (evaluation.frames.empty())
        return makeError(QStringLiteral("model version %1 has no out-of-fold prediction of a "
                                        "frame labelled normal or lesion")
                             .arg(evaluation.version.id));
    if (evaluation.leftOutFrames > 0)
        evaluation.notes << QStringLiteral("%1 frames scored out of fold are left out: their "
                                           "reference label is now ungradable, disputed or gone.")
                                .arg(evaluation.leftOutFrames);

    const std::map<int, double> thresholds = recordedThresholds(evaluation.version.metricsJson);
    QHash<PatientId, int> patientRow;
    for (auto &[number, fold] : folds) {
        fold.fold = number;
        fold.patients = std::int64_t(framesByPatient(fold.predictions.patients).patients.size());
        if (auto it = thresholds.find(number); it != thresholds.end()) {
            fold.threshold = it->second;
            fold.thresholdRecorded = true;
        } else {
            evaluation.notes << QStringLiteral("Fold %1 has no recorded threshold; 0.5 is used.")
                                    .arg(number + 1);
        }
        if (auto matrix = confusionAt(fold.predictions, fold.threshold))
            fold.matrix = *matrix;
        // One ranking gives the AUC, the curve and the operating point: a million frames are
        // sorted once per fold, not three times.
        if (fold.predictions.lesionCount() > 0 && fold.predictions.normalCount() > 0) {
            if (auto ranking = ScoreRanking::rank(fold.predictions)) {
                fold.auc = rocAuc(*ranking);
                fold.roc = rocCurve(*ranking).withoutIntermediatePoints();
                fold.specificityAtTarget =
                    operatingPointForSensitivity(*ranking, evaluation.targetSensitivity)
                        .chosenOn.specificity();
            }
        }
        // Each patient is tested in exactly one fold, so the per-patient figures use that
        // fold's threshold.
        if (auto perPatient = patientMetrics(fold.predictions, fold.threshold)) {
            for (const PatientMetrics &metrics : *perPatient)
                evaluation.patients.push_back(metrics);
        }
        evaluation.folds.push_back(std::move(fold));
    }
    std::sort(
        evaluation.patients.begin(), evaluation.patients.end(),
        [](const PatientMetrics &a, const PatientMetrics &b) { return a.patient < b.patient; });
    for (const PatientMetrics &metrics : evaluation.patients)
        evaluation.patientPseudonyms.push_back(pseudonymOf.value(metrics.patient));

    if (auto ranking = ScoreRanking::rank(evaluation.pooled)) {
        if (ranking->lesionCount() > 0 && ranking->normalCount() > 0) {
            evaluation.pooledAuc = rocAuc(*ranking);
            evaluation.pooledRoc = rocCurve(*ranking).withoutIntermediatePoints();
        }
        evaluation.pooledSweep = ThresholdSweep(*ranking);
    }
    if (auto curve = calibrationCurve(evaluation.pooled, 10))
        evaluation.calibration = *curve;
    if (auto brier = brierScore(evaluation.pooled))
        evaluation.brier = *brier;

    auto column = [&](auto figure) {
        std::vector<std::optional<double>> values;
        for (const FoldEvaluation &fold : evaluation.folds)
            values.push_back(figure(fold));
        return values;
    };
    const QString target = QString::number(evaluation.targetSensitivity * 100.0, 'g', 3);
    evaluation.table = {
        makeRow(QStringLiteral("AUC"), column([](const FoldEvaluation &f) { return f.auc; }),
                publishedText(PublishedFigures::aucMean, PublishedFigures::aucSd)),
        makeRow(QStringLiteral("Accuracy"),
                column([](const FoldEvaluation &f) { return f.matrix.accuracy(); }),
                publishedText(PublishedFigures::accuracyMean, PublishedFigures::accuracySd)),
        makeRow(QStringLiteral("Sensitivity"),
                column([](const FoldEvaluation &f) { return f.matrix.sensitivity(); }), {}),
        makeRow(QStringLiteral("Specificity"),
                column([](const FoldEvaluation &f) { return f.matrix.specificity(); }),
                publishedText(PublishedFigures::specificityMean, PublishedFigures::specificitySd)),
        makeRow(QStringLiteral("F1"), column([](const FoldEvaluation &f) { return f.matrix.f1(); }),
                {}),
        makeRow(QStringLiteral("PPV"),
                column([](const FoldEvaluation &f) { return f.matrix.ppv(); }), {}),
        makeRow(QStringLiteral("NPV"),
                column([](const FoldEvaluation &f) { return f.matrix.npv(); }), {}),
        makeRow(QStringLiteral("Specificity at %1 % sensitivity (test)").arg(target),
                column([](const FoldEvaluation &f) { return f.specificityAtTarget; }), {}),
    };
    if (bootstrap.resamples > 0)
        addBootstrapIntervals(evaluation, bootstrap);
    return evaluation;
}

void addBootstrapIntervals(ModelEvaluation &evaluation, const BootstrapOptions &options)
{
    if (auto interval = bootstrapAuc(evaluation.pooled, options))
        evaluation.pooledAucInterval = *interval;
    else
        evaluation.notes
            << QStringLiteral("No bootstrap interval of the pooled AUC: %1").arg(interval.error());
    addIntervals(evaluation, options);
}

std::vector<EvaluatedFrame> framesByError(const ModelEvaluation &evaluation, PatientId patient)
{
    std::vector<EvaluatedFrame> frames;
    for (const EvaluatedFrame &frame : evaluation.frames) {
        if (frame.patientId == patient)
            frames.push_back(frame);
    }
    std::stable_sort(
        frames.begin(), frames.end(), [](const EvaluatedFrame &a, const EvaluatedFrame &b) {
            return std::abs(a.probability - a.reference) > std::abs(b.probability - b.reference);
        });
    return frames;
}

QString evaluationTableText(const ModelEvaluation &evaluation)
{
    QString text;
    text += QStringLiteral("Model version %1: %2 frames, %3 patients, %4 folds\n")
                .arg(evaluation.version.id)
                .arg(evaluation.frames.size())
                .arg(evaluation.patients.size())
                .arg(evaluation.folds.size());
    text += QStringLiteral("Figures at each fold's threshold (chosen on validation patients for "
                           "%1 % sensitivity), mean ± SD over folds\n\n")
                .arg(evaluation.targetSensitivity * 100.0, 0, 'g', 3);
    text += QStringLiteral("%1  %2  %3\n")
                .arg(QStringLiteral("Figure"), -40)
                .arg(QStringLiteral("This model"), -16)
                .arg(QStringLiteral("Published study"));
    for (const EvaluationRow &row : evaluation.table) {
        QString value = row.summary ? row.summary->toPercentText() : QStringLiteral("undefined");
        if (row.foldsLeftOut == 1)
            value += QStringLiteral(" (1 fold undefined)");
        else if (row.foldsLeftOut > 1)
            value += QStringLiteral(" (%1 folds undefined)").arg(row.foldsLeftOut);
        text +=
            QStringLiteral("%1  %2  %3\n").arg(row.name, -40).arg(value, -16).arg(row.published);
    }
    if (evaluation.pooledAuc) {
        text += QStringLiteral("\nPooled AUC: %1 %").arg(*evaluation.pooledAuc * 100.0, 0, 'f', 1);
        if (const auto &ci = evaluation.pooledAucInterval)
            text += QStringLiteral(" (95 % patient bootstrap interval %1 - %2 %, %3 resamples)")
                        .arg(ci->lower * 100.0, 0, 'f', 1)
                        .arg(ci->upper * 100.0, 0, 'f', 1)
                        .arg(ci->resamples);
        text += QLatin1Char('\n');
    }
    for (const QString &note : evaluation.notes)
        text += QStringLiteral("Note: %1\n").arg(note);
    return text;
}

} // namespace iouslab
