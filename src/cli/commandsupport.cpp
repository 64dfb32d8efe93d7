#include "cli/commandsupport.h"

namespace iouslab::cli {

Expected<ModelVersionRecord> chooseModelVersion(Catalogue &catalogue, const QString &given)
{
    auto versions = catalogue.modelVersions();
    if (!versions)
        return makeError(versions.error());
    if (given.isEmpty()) {
        if (auto latest = latestWithWeights(*versions))
            return *latest;
        return makeError(QStringLiteral("the project has no trained model version yet; run "
                                        "iouslab train"));
    }
    bool ok = false;
    const ModelVersionId id = given.toLongLong(&ok);
    for (const ModelVersionRecord &version : *versions) {
        if (ok && version.id == id)
            return version;
    }
    return makeError(QStringLiteral("no model version %1").arg(given));
}

} // namespace iouslab::cli
