#pragma once

#include "catalogue/catalogue.h"
#include "core/expected.h"

#include <QString>

namespace iouslab::cli {

/// The model version to run, named by `given` (its id as text, from --model or an argument),
/// or the latest version with a network when `given` is empty. Fails when the project has no
/// such version, none with that id, or when that one holds only predictions (a baseline).
Expected<ModelVersionRecord> chooseModelVersion(Catalogue &catalogue, const QString &given);

} // namespace iouslab::cli
