#include "eval/predictions.h"

#include <algorithm>
#include <cmath>

namespace iouslab {

std::int64_t Predictions::lesionCount() const
{
    return std::count(labels.begin(), labels.end(), 1);
}

std::int64_t Predictions::normalCount() const
{
    return std::count(labels.begin(), labels.end(), 0);
}

Predictions Predictions::subset(const std::vector<std::size_t> &frames) const
{
    Predictions result;
    result.scores.reserve(frames.size());
    result.labels.reserve(frames.size());
    if (!patients.empty())
        result.patients.reserve(frames.size());
    for (std::size_t frame : frames) {
        result.scores.push_back(scores[frame]);
        result.labels.push_back(labels[frame]);
        if (!patients.empty())
            result.patients.push_back(patients[frame]);
    }
    return result;
}

Status checkPredictions(const Predictions &predictions)
{
    const std::size_t count = predictions.scores.size();
    if (predictions.labels.size() != count) {
        return makeError(QStringLiteral("%1 scores but %2 reference labels")
                             .arg(count)
                             .arg(predictions.labels.size()));
    }
    if (!predictions.patients.empty() && predictions.patients.size() != count) {
        return makeError(QStringLiteral("%1 scores but %2 patient ids")
                             .arg(count)
                             .arg(predictions.patients.size()));
    }
    if (count == 0)
        return makeError(QStringLiteral("no frames to evaluate"));

    for (std::size_t i = 0; i < count; ++i) {
        if (!std::isfinite(predictions.scores[i])) {
            return makeError(QStringLiteral("frame %1 has no finite score (%2)")
                                 .arg(i)
                                 .arg(predictions.scores[i]));
        }
        const int label = predictions.labels[i];
        if (label != 0 && label != 1) {
            return makeError(QStringLiteral("frame %1 has reference label %2; expected 0 "
                                            "(normal) or 1 (lesion)")
                                 .arg(i)
                                 .arg(label));
        }
    }
    return {};
}

Status checkBothClasses(const Predictions &predictions, const char *what)
{
    if (Status status = checkPredictions(predictions); !status)
        return status;

    const std::int64_t lesions = predictions.lesionCount();
    const std::int64_t normals = static_cast<std::int64_t>(predictions.size()) - lesions;
    if (lesions == 0 || normals == 0) {
        return makeError(QStringLiteral("%1 needs lesion and normal frames; got %2 lesion and "
                                        "%3 normal frames")
                             .arg(QLatin1String(what))
                             .arg(lesions)
                             .arg(normals));
    }
    return {};
}

} // namespace iouslab
