#pragma once

#include <QString>

namespace iouslab {

/// The folder of the default project, under the user's data location, so that the program
/// runs with no set-up. IOUSLAB_PROJECT, when set, takes its place.
QString defaultProjectFolder();

/// The folder a command or the window works on: the one given with --project, else the
/// default.
QString resolveProjectFolder(const QString &given);

} // namespace iouslab
