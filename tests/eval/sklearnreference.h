#pragma once

#include "core/expected.h"
#include "eval/predictions.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <vector>

namespace iouslab::test {

/// The thresholds and targets every reference run uses.
struct ReferenceSettings
{
    std::vector<double> thresholds;
    std::vector<double> targetSensitivities;
};

/// Runs tests/eval/sklearn_reference.py with /usr/bin/python3 (Debian's, which has
/// python3-sklearn) on frames written to a temporary CSV, and gives back the JSON object it
/// printed: scikit-learn's figures for first (and AUC and DeLong checks for second, scored on
/// the same frames). Fails with a message that says what to install when scikit-learn is
/// missing, and with python's stderr on any other failure.
Expected<QJsonObject> sklearnReference(const Predictions &first, const Predictions &second,
                                       const ReferenceSettings &settings);

/// The reference for one of the named synthetic data sets of the eval tests ("random",
/// "tied" to k * 0.1, "rounded" to k / 10, "coarse" to 0.25, "small"), made once per test
/// run and kept.
struct ReferenceCase
{
    QString name;
    Predictions first;
    Predictions second;
    ReferenceSettings settings;
    Expected<QJsonObject> reference = makeError(QStringLiteral("not computed"));
};
const ReferenceCase &referenceCase(const QString &name);
/// The names referenceCase knows.
std::vector<QString> referenceCaseNames();

/// A JSON array of numbers as doubles.
std::vector<double> doubles(const QJsonValue &array);

} // namespace iouslab::test
