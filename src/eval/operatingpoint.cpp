#include "eval/operatingpoint.h"

#include <cassert>

namespace iouslab {

Expected<OperatingPoint> operatingPointForSensitivity(const Predictions &validation,
                                                      double targetSensitivity)
{
    if (!(targetSensitivity > 0.0 && targetSensitivity <= 1.0)) {
        return makeError(
            QStringLiteral("target sensitivity %1 is not in (0, 1]").arg(targetSensitivity));
    }
    Expected<ScoreRanking> ranking = ScoreRanking::rank(validation);
    if (!ranking)
        return makeError(ranking.error());
    if (ranking->lesionCount() == 0) {
        return makeError(QStringLiteral("an operating point for a target sensitivity needs "
                                        "lesion frames; the validation frames have none"));
    }
    return operatingPointForSensitivity(*ranking, targetSensitivity);
}

OperatingPoint operatingPointForSensitivity(const ScoreRanking &ranking, double targetSensitivity)
{
    assert(ranking.lesionCount() > 0);

    // Lowering the threshold group by group only adds lesions, so the first group whose
    // cumulative sensitivity reaches the target gives the highest such threshold. The last
    // group always does: there every lesion is called.
    OperatingPoint point;
    point.targetSensitivity = targetSensitivity;
    ConfusionMatrix matrix;
    matrix.falseNegatives = ranking.lesionCount();
    matrix.trueNegatives = ranking.normalCount();
    for (const ScoreRanking::Group &group : ranking.groups()) {
        matrix.truePositives += group.lesions;
        matrix.falseNegatives -= group.lesions;
        matrix.falsePositives += group.normals;
        matrix.trueNegatives -= group.normals;
        if (*matrix.sensitivity() >= targetSensitivity) {
            point.threshold = group.score;
            break;
        }
    }
    point.chosenOn = matrix;
    return point;
}

Expected<OperatingPointEvaluation> evaluateOperatingPoint(const Predictions &validation,
                                                          const Predictions &test,
                                                          double targetSensitivity)
{
    Expected<OperatingPoint> point = operatingPointForSensitivity(validation, targetSensitivity);
    if (!point)
        return makeError(QStringLiteral("validation frames: %1").arg(point.error()));
    Expected<ConfusionMatrix> testMatrix = confusionAt(test, point->threshold);
    if (!testMatrix)
        return makeError(QStringLiteral("test frames: %1").arg(testMatrix.error()));
    return OperatingPointEvaluation{*point, *testMatrix};
}

} // namespace iouslab
