#pragma once

#include "catalogue/catalogue.h"
#include "core/expected.h"

#include <QString>

namespace iouslab::cli {

/// The model version named by `given` (its id as text, from --model or an argument), or the
/// latest version when `given` is empty. Fails when the project has no version yet or none
/// with that id.
Expected<ModelVersionRecord> chooseModelVersion(Catalogue &catalogue, const QString &given);

} // namespace iouslab::cli
