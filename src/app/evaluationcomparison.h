#pragma once

#include "app/evaluation.h"
#include "core/expected.h"
#include "eval/delong.h"

#include <optional>
#include <vector>

namespace iouslab {

/// How one patient fared from model version A to model version B on the frames both scored.
struct PatientChange
{
    enum class Verdict
    {
        Better,
        Worse,
        Same,
    };

    PatientId patient = 0;
    QString pseudonym;
    std::int64_t frames = 0;    ///< paired frames of the patient
    std::optional<double> aucA; ///< none without both classes
    std::optional<double> aucB;
    double brierA = 0.0; ///< mean squared error of the probabilities
    double brierB = 0.0;
    /// By the Brier score, which every patient has (the AUC needs both classes): Better when
    /// B's is lower by more than the comparison's tolerance, Worse when higher by more.
    Verdict verdict = Verdict::Same;
};

/// Two model versions' evaluations side by side on their paired frames: the frames both
/// scored out of fold with the same reference label.
struct ModelComparison
{
    ModelVersionId versionA = 0;
    ModelVersionId versionB = 0;
    std::int64_t pairedFrames = 0;
    /// DeLong's paired test of AUC(B) - AUC(A) (its `first` is B, `second` A); none when the
    /// paired frames hold fewer than two of a class, with the reason in deLongError.
    std::optional<PairedAucComparison> deLong;
    QString deLongError;
    std::vector<PatientChange> patients; ///< by patient id
};

/// Pairs the frames of a and b by frame id and compares them. The two versions may have
/// split patients into folds differently; each frame keeps its own version's out-of-fold
/// probability. Fails when no frame is paired. brierTolerance sets the Same band of the
/// per-patient verdicts.
Expected<ModelComparison> compareEvaluations(const ModelEvaluation &a, const ModelEvaluation &b,
                                             double brierTolerance = 0.005);

} // namespace iouslab
