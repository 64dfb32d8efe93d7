#include "app/evaluation.h"

#include "eval/operatingpoint.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
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

    std::map<int, FoldEvaluation> folds;
    for (const PredictionRecord &prediction : *predictions) {
        if (prediction.fold < 0)
            continue;
        const auto reference = referenceOf.constFind(prediction.frameId);
        const auto location = locationOf.constFind(prediction.frameId);
        if (reference == referenceOf.constEnd() || location == locationOf.constEnd()) {
            ++evaluation.leftOutFrames;
            continue;
        }
        EvaluatedFrame frame;
        frame.frameId = prediction.frameId;
        frame.patientId = location->patientId;
        frame.pseudonym = pseudonymOf.value(location->patientId);
        frame.file = fileOf.value(location->clipId);
        frame.frameIndex = location->frameIndex;
        frame.fold = prediction.fold;
        frame.probability = prediction.probability;
        frame.reference = *reference;
        evaluation.frames.push_back(frame);
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
        if (auto auc = rocAuc(fold.predictions))
            fold.auc = *auc;
        if (auto roc = rocCurve(fold.predictions))
            fold.roc = roc->withoutIntermediatePoints();
        if (auto matrix = confusionAt(fold.predictions, fold.threshold))
            fold.matrix = *matrix;
        if (fold.predictions.lesionCount() > 0 && fold.predictions.normalCount() > 0) {
            if (auto point =
                    operatingPointForSensitivity(fold.predictions, evaluation.targetSensitivity))
                fold.specificityAtTarget = point->chosenOn.specificity();
        }
        // Each patient is tested in exactly one fold, so the per-patient figures use that
        // fold's threshold.
        if (auto perPatient = patientMetrics(fold.predictions, fold.threshold)) {
            for (const PatientMetrics &metrics : *perPatient)
                evaluation.patients.push_back(metrics);
        }
        evaluation.folds.push_back(fold);
    }
    std::sort(
        evaluation.patients.begin(), evaluation.patients.end(),
        [](const PatientMetrics &a, const PatientMetrics &b) { return a.patient < b.patient; });
    for (const PatientMetrics &metrics : evaluation.patients)
        evaluation.patientPseudonyms.push_back(pseudonymOf.value(metrics.patient));

    if (auto auc = rocAuc(evaluation.pooled))
        evaluation.pooledAuc = *auc;
    if (auto roc = rocCurve(evaluation.pooled))
        evaluation.pooledRoc = roc->withoutIntermediatePoints();
    if (auto interval = bootstrapAuc(evaluation.pooled, bootstrap))
        evaluation.pooledAucInterval = *interval;
    else
        evaluation.notes
            << QStringLiteral("No bootstrap interval of the pooled AUC: %1").arg(interval.error());

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
    return evaluation;
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
        if (row.foldsLeftOut > 0)
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
