#include "app/projectlocation.h"

#include <QStandardPaths>

namespace iouslab {

QString defaultProjectFolder()
{
    const QString fromEnvironment = qEnvironmentVariable("IOUSLAB_PROJECT");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/iouslab/default-project");
}

QString resolveProjectFolder(const QString &given)
{
    return given.isEmpty() ? defaultProjectFolder() : given;
}

} // namespace iouslab
