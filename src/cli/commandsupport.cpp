#include "cli/commandsupport.h"

namespace iouslab::cli {

Expected<ModelVersionRecord> chooseModelVersion(Catalogue &catalogue, const QString &given)
{
    auto versions = catalogue.modelVersions();
    if (!versions)
        return makeError(versions.error());
    if (given.isEmpty()) {
        for (auto it = versions->crbegin(); it != versions->crend(); ++it) {
            if (it->hasWeights())
                return *it;
        }
        return makeError(QStringLiteral("the project has no trained model version yet; run "
                                        "iouslab train"));
    }
    bool ok = false;
    const ModelVersionId id = given.toLongLong(&ok);
    for (const ModelVersionRecord &version : *versions) {
        if (!ok || version.id != id)
            continue;
        if (!version.hasWeights())
            return makeError(QStringLiteral("model version %1 (%2) holds only its predictions: "
                                            "it has no network to run")
                                 .arg(version.id)
                                 .arg(version.architecture));
        return version;
    }
    return makeError(QStringLiteral("no model version %1").arg(given));
}

} // namespace iouslab::cli
