#pragma once

#include <QString>

class QWidget;

namespace iouslab::tour {

/// How long the screenshot tour waits before grabbing a step: frames arrive from the loader
/// and charts lay themselves out a moment after they are shown.
constexpr int settleMs = 1200;

/// Grabs the widget as it is drawn into folder/name (a PNG); a file that cannot be written is
/// logged and skipped, so the rest of the tour still runs.
void saveScreenshot(QWidget *widget, const QString &folder, const QString &name);

} // namespace iouslab::tour
