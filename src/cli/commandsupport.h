#pragma once

#include "catalogue/catalogue.h"
#include "core/expected.h"

#include <QString>

namespace iouslab::cli {

/// The model version to run, named by `given` (its id as text, from --model or an argument),
/// or the latest version with a network when `given` is empty. Fails when the project has no
/// such version or none with that id. A named version that holds only predictions (a
/// baseline) is returned: verifiedWeightsPath, which every caller goes through, refuses it.
Expected<ModelVersionRecord> chooseModelVersion(Catalogue &catalogue, const QString &given);

} // namespace iouslab::cli
