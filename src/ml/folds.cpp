#include "ml/folds.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

namespace iouslab::ml {
namespace {

struct PatientShare
{
    qint64 patientId = 0;
    double lesionShare = 0.0;
    quint64 tieBreak = 0;
};

// Patients ordered by lesion share; a seeded random key orders patients of equal share so that
// different seeds give different folds while equal seeds give equal folds.
std::vector<PatientShare> orderedPatients(const std::vector<TrainingFrame> &frames,
                                          const std::vector<qint64> *only, quint64 seed)
{
    std::map<qint64, std::pair<int, int>> counts; // patient -> (frames, lesion frames)
    for (const TrainingFrame &frame : frames) {
        auto &count = counts[frame.patientId];
        ++count.first;
        count.second += frame.label == 1 ? 1 : 0;
    }

    std::set<qint64> wanted;
    if (only)
        wanted.insert(only->begin(), only->end());
    std::mt19937_64 random(seed * 0x9E3779B97F4A7C15ULL + 17);
    std::vector<PatientShare> patients;
    for (const auto &[patientId, count] : counts) {
        if (only && !wanted.count(patientId))
            continue;
        patients.push_back({patientId, double(count.second) / count.first, random()});
    }
    std::sort(patients.begin(), patients.end(), [](const PatientShare &a, const PatientShare &b) {
        if (a.lesionShare != b.lesionShare)
            return a.lesionShare < b.lesionShare;
        return a.tieBreak < b.tieBreak;
    });
    return patients;
}

} // namespace

std::pair<std::vector<qint64>, std::vector<qint64>>
splitValidation(const std::vector<TrainingFrame> &frames, const std::vector<qint64> &patients,
                double validationShare, quint64 seed)
{
    const std::vector<PatientShare> ordered = orderedPatients(frames, &patients, seed + 1);
    const int count = int(ordered.size());
    int validationCount = int(std::lround(validationShare * count));
    // Two validation patients at least, so that both classes can be present for the AUC, as
    // long as two patients or more are left to train on.
    validationCount = std::max(validationCount, std::min(2, count - 2));
    validationCount = std::clamp(validationCount, 0, std::max(0, count - 1));

    std::set<int> chosen;
    for (int i = 0; i < validationCount; ++i) {
        // Evenly spaced along the lesion-share order, ends included, so that the validation
        // patients span the range of prevalence.
        const double position = validationCount == 1
                                    ? (count - 1) / 2.0
                                    : double(i) * (count - 1) / (validationCount - 1);
        int index = int(std::lround(position));
        while (chosen.count(index))
            index = (index + 1) % count;
        chosen.insert(index);
    }

    std::vector<qint64> train;
    std::vector<qint64> validation;
    for (int i = 0; i < count; ++i)
        (chosen.count(i) ? validation : train).push_back(ordered[size_t(i)].patientId);
    return {train, validation};
}

Expected<std::vector<Fold>> makeFolds(const std::vector<TrainingFrame> &frames,
                                      const FoldSettings &settings)
{
    const std::vector<PatientShare> ordered = orderedPatients(frames, nullptr, settings.seed);
    const int patientCount = int(ordered.size());
    const int foldCount = settings.leaveOnePatientOut ? patientCount : settings.folds;
    if (foldCount < 2)
        return makeError(QStringLiteral("Cross-validation needs at least 2 folds (asked for %1).")
                             .arg(foldCount));
    // Each fold needs test patients and at least two training patients.
    if (patientCount < foldCount || patientCount < 3)
        return makeError(QStringLiteral("%1 folds need at least %2 patients with labelled "
                                        "frames; there are %3.")
                             .arg(foldCount)
                             .arg(std::max(foldCount, 3))
                             .arg(patientCount));

    std::vector<Fold> folds(static_cast<size_t>(foldCount));
    for (int i = 0; i < patientCount; ++i) {
        // Snake order (0..K-1, K-1..0, ...) keeps the folds' mean lesion share close.
        const int round = i / foldCount;
        const int position = i % foldCount;
        const int fold = round % 2 == 0 ? position : foldCount - 1 - position;
        folds[size_t(fold)].testPatients.push_back(ordered[size_t(i)].patientId);
    }

    for (size_t f = 0; f < folds.size(); ++f) {
        std::vector<qint64> rest;
        for (size_t g = 0; g < folds.size(); ++g) {
            if (g != f)
                rest.insert(rest.end(), folds[g].testPatients.begin(), folds[g].testPatients.end());
        }
        auto [train, validation] =
            splitValidation(frames, rest, settings.validationShare, settings.seed + f);
        folds[f].trainPatients = std::move(train);
        folds[f].validationPatients = std::move(validation);
    }
    return folds;
}

} // namespace iouslab::ml
