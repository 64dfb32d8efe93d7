#pragma once

#include "app/evaluation.h"
#include "core/expected.h"

#include <QString>

#include <optional>

namespace iouslab {

/// Writes the PDF report of an evaluation to path: the dataset, the study-style table with
/// its intervals and the published figures, model settings and label snapshot, the ROC
/// curves per fold and pooled, the calibration curve, and the per-patient table. The same
/// report comes from `iouslab evaluate --report` and from the dashboard's export.
///
/// Draws with QPdfWriter, so it needs a QGuiApplication (offscreen will do); fails with a
/// message without one or when the file cannot be written. Safe on a worker thread: it paints
/// only on its own QPdfWriter.
Status writeEvaluationReport(const ModelEvaluation &evaluation, const QString &projectFolder,
                             const QString &path);

/// A bootstrap interval as "lower DASH upper %" in percent with one decimal, or DASH alone
/// when there is none; the report writes an ASCII hyphen, the dashboard an en dash.
QString intervalPercentText(const std::optional<BootstrapInterval> &interval, const QString &dash);

} // namespace iouslab
