#include "eval/patientmetrics.h"

#include "eval/roc.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace iouslab {

std::optional<bool> PatientMetrics::lesionFlagged() const
{
    if (matrix.lesions() == 0)
        return std::nullopt;
    return matrix.truePositives > 0;
}

PatientFrames framesByPatient(const std::vector<std::int64_t> &patientOfFrame)
{
    PatientFrames result;
    result.patients = patientOfFrame;
    std::sort(result.patients.begin(), result.patients.end());
    result.patients.erase(std::unique(result.patients.begin(), result.patients.end()),
                          result.patients.end());

    result.frames.resize(result.patients.size());
    for (std::size_t frame = 0; frame < patientOfFrame.size(); ++frame) {
        const auto position =
            std::lower_bound(result.patients.begin(), result.patients.end(), patientOfFrame[frame]);
        result.frames[position - result.patients.begin()].push_back(frame);
    }
    return result;
}

Expected<std::vector<PatientMetrics>> patientMetrics(const Predictions &predictions,
                                                     double threshold)
{
    if (Status status = checkPredictions(predictions); !status)
        return makeError(status.error());
    if (predictions.patients.size() != predictions.size())
        return makeError(QStringLiteral("per-patient figures need a patient id for every frame"));
    if (std::isnan(threshold))
        return makeError(QStringLiteral("the threshold is not a number"));

    const PatientFrames byPatient = framesByPatient(predictions.patients);
    std::vector<PatientMetrics> result;
    result.reserve(byPatient.patients.size());
    for (std::size_t p = 0; p < byPatient.patients.size(); ++p) {
        const Predictions own = predictions.subset(byPatient.frames[p]);
        PatientMetrics metrics;
        metrics.patient = byPatient.patients[p];
        metrics.matrix = *confusionAt(own, threshold);
        if (metrics.matrix.lesions() > 0 && metrics.matrix.normals() > 0)
            metrics.auc = *rocAuc(own);
        result.push_back(metrics);
    }
    return result;
}

} // namespace iouslab
