#pragma once

#include "core/expected.h"
#include "ml/trainingframe.h"

#include <vector>

namespace iouslab::ml {

/// How frames are split for cross-validation. Splits are always by patient: neighbouring cine
/// frames are near duplicates, so a patient's frames stay together on one side.
struct FoldSettings
{
    int folds = 4;                   ///< K of patient-grouped K-fold
    bool leaveOnePatientOut = false; ///< one fold per patient instead of K
    double validationShare = 0.25;   ///< share of a fold's training patients kept for validation
    quint64 seed = 1;
};

/// One fold: the patients it is tested on, the patients it trains on and the training
/// patients held back for early stopping and for choosing the operating point. The three
/// lists are disjoint and together hold every patient.
struct Fold
{
    std::vector<qint64> trainPatients;
    std::vector<qint64> validationPatients;
    std::vector<qint64> testPatients;
};

/// Patient-grouped folds balanced for lesion prevalence: patients are ordered by their share
/// of lesion frames (ties broken by the seed) and dealt to folds in a snake order, so each
/// fold gets patients from across the range. Validation patients are taken evenly along the
/// same order from each fold's training patients. The same frames and settings always give
/// the same folds. Fails when there are too few patients for the folds asked for.
Expected<std::vector<Fold>> makeFolds(const std::vector<TrainingFrame> &frames,
                                      const FoldSettings &settings);

/// Validation patients taken from a set of training patients in the way makeFolds does, for
/// training a final model on all patients; returns {train, validation}.
std::pair<std::vector<qint64>, std::vector<qint64>>
splitValidation(const std::vector<TrainingFrame> &frames, const std::vector<qint64> &patients,
                double validationShare, quint64 seed);

} // namespace iouslab::ml
