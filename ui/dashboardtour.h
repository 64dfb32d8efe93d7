#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace iouslab {

/// The evaluation dashboard's part of the screenshot tour: opens the dashboard on the newest
/// model version, grabs its overview, patients and (with two versions or more) comparison
/// tabs into dashboard-*.png in folder, closes it and calls done. A project without a model
/// version gives no screenshot. parent owns the dashboard while it is shown.
void grabEvaluationDashboard(const QString &cataloguePath, const QString &folder, QWidget *parent,
                             std::function<void()> done);

} // namespace iouslab
