#include "core/readerrole.h"

namespace iouslab {

QString readerRoleName(ReaderRole role)
{
    switch (role) {
    case ReaderRole::Radiologist:
        return QStringLiteral("radiologist");
    case ReaderRole::Surgeon:
        return QStringLiteral("surgeon");
    case ReaderRole::ProjectLead:
        return QStringLiteral("project_lead");
    }
    return {};
}

std::optional<ReaderRole> parseReaderRole(const QString &text)
{
    const QString name = text.trimmed().toLower();
    if (name == QLatin1String("project-lead") || name == QLatin1String("lead"))
        return ReaderRole::ProjectLead;
    for (ReaderRole role :
         {ReaderRole::Radiologist, ReaderRole::Surgeon, ReaderRole::ProjectLead}) {
        if (name == readerRoleName(role))
            return role;
    }
    return std::nullopt;
}

} // namespace iouslab
