#pragma once

#include "core/expected.h"
#include "eval/binarymetrics.h"
#include "eval/predictions.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace iouslab {

/// One patient's figures at a threshold. Figures a patient's frames cannot give (an AUC
/// without both classes, a sensitivity without lesion frames) are std::nullopt.
struct PatientMetrics
{
    std::int64_t patient = 0;
    /// The patient's frames at the threshold; frames() is matrix.total().
    ConfusionMatrix matrix;
    std::optional<double> auc;

    std::int64_t frames() const { return matrix.total(); }
    std::optional<double> sensitivity() const { return matrix.sensitivity(); }
    std::optional<double> specificity() const { return matrix.specificity(); }
    /// Whether at least one of the patient's lesion frames scored >= threshold; std::nullopt
    /// for a patient without lesion frames.
    std::optional<bool> lesionFlagged() const;
};

/// The figures of each patient at threshold, ordered by patient id. Needs a patient id for
/// every frame; fails with a message on invalid predictions or a NaN threshold.
Expected<std::vector<PatientMetrics>> patientMetrics(const Predictions &predictions,
                                                     double threshold);

/// The frames of each patient: patient ids in ascending order and, for each, the indices of
/// its frames in frame order. Shared by per-patient figures and the patient bootstrap.
struct PatientFrames
{
    std::vector<std::int64_t> patients;
    std::vector<std::vector<std::size_t>> frames;
};
PatientFrames framesByPatient(const std::vector<std::int64_t> &patientOfFrame);

} // namespace iouslab
