#include "app/evaluationcomparison.h"

#include "eval/roc.h"

#include <QHash>

#include <map>

namespace iouslab {

namespace {

double meanSquaredError(const Predictions &predictions)
{
    double sum = 0.0;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const double error = predictions.scores[i] - predictions.labels[i];
        sum += error * error;
    }
    return predictions.size() > 0 ? sum / double(predictions.size()) : 0.0;
}

} // namespace

Expected<ModelComparison> compareEvaluations(const ModelEvaluation &a, const ModelEvaluation &b,
                                             double brierTolerance)
{
    ModelComparison comparison;
    comparison.versionA = a.version.id;
    comparison.versionB = b.version.id;

    QHash<FrameId, const EvaluatedFrame *> ofB;
    for (const EvaluatedFrame &frame : b.frames)
        ofB.insert(frame.frameId, &frame);
    Predictions pairedA;
    Predictions pairedB;
    std::map<PatientId, std::pair<Predictions, Predictions>> byPatient;
    QHash<PatientId, QString> pseudonymOf;
    for (const EvaluatedFrame &frame : a.frames) {
        const EvaluatedFrame *other = ofB.value(frame.frameId);
        if (!other || other->reference != frame.reference)
            continue;
        auto &[patientA, patientB] = byPatient[frame.patientId];
        for (auto [target, probability] :
             {std::pair{&pairedA, frame.probability}, std::pair{&pairedB, other->probability},
              std::pair{&patientA, frame.probability}, std::pair{&patientB, other->probability}}) {
            target->scores.push_back(probability);
            target->labels.push_back(frame.reference);
            target->patients.push_back(frame.patientId);
        }
        pseudonymOf.insert(frame.patientId, frame.pseudonym);
    }
    comparison.pairedFrames = std::int64_t(pairedA.size());
    if (comparison.pairedFrames == 0)
        return makeError(QStringLiteral("model versions %1 and %2 share no frame scored out of "
                                        "fold with the same reference label")
                             .arg(a.version.id)
                             .arg(b.version.id));

    if (auto deLong = deLongPaired(pairedB, pairedA))
        comparison.deLong = *deLong;
    else
        comparison.deLongError = deLong.error();

    for (const auto &[patient, pair] : byPatient) {
        PatientChange change;
        change.patient = patient;
        change.pseudonym = pseudonymOf.value(patient);
        change.frames = std::int64_t(pair.first.size());
        if (auto auc = rocAuc(pair.first))
            change.aucA = *auc;
        if (auto auc = rocAuc(pair.second))
            change.aucB = *auc;
        change.brierA = meanSquaredError(pair.first);
        change.brierB = meanSquaredError(pair.second);
        if (change.brierB < change.brierA - brierTolerance)
            change.verdict = PatientChange::Verdict::Better;
        else if (change.brierB > change.brierA + brierTolerance)
            change.verdict = PatientChange::Verdict::Worse;
        comparison.patients.push_back(change);
    }
    return comparison;
}

} // namespace iouslab
