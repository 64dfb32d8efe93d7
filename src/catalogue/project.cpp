#include "catalogue/project.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryFile>

namespace iouslab {

namespace {

const QString pseudonymKeySetting = QStringLiteral("pseudonym_key");

// Write permission is checked by writing, since permission bits do not tell the whole story
// (read-only mounts, ACLs).
Status checkWritable(const QString &folder)
{
    QTemporaryFile probe(folder + QStringLiteral("/.iouslab-write-check-XXXXXX"));
    if (!probe.open())
        return makeError(QStringLiteral("project folder %1 is not writable: %2")
                             .arg(folder, probe.errorString()));
    return {};
}

Expected<QByteArray> ensurePseudonymKey(Catalogue &catalogue)
{
    auto stored = catalogue.setting(pseudonymKeySetting);
    if (!stored)
        return makeError(stored.error());
    if (stored->has_value())
        return QByteArray::fromHex(stored->value().toLatin1());

    QByteArray key(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(key.begin(), key.end());
    if (Status s = catalogue.setSetting(pseudonymKeySetting, QString::fromLatin1(key.toHex())); !s)
        return makeError(s.error());
    return key;
}

} // namespace

QString Project::cataloguePath() const
{
    return m_folder + QLatin1Char('/') + catalogueFileName();
}

QString Project::framesFolder() const
{
    return m_folder + QStringLiteral("/frames");
}

QString Project::modelsFolder() const
{
    return m_folder + QStringLiteral("/models");
}

Expected<std::unique_ptr<Project>> Project::open(const QString &folder, OpenMode mode)
{
    const QFileInfo info(folder);
    if (info.exists() && !info.isDir())
        return makeError(QStringLiteral("%1 is a file, not a project folder")
                             .arg(QDir::toNativeSeparators(folder)));
    if (!info.exists()) {
        if (mode == OpenMode::OpenExisting)
            return makeError(QStringLiteral("no iouslab project at %1; create one with "
                                            "`iouslab init --project %1`")
                                 .arg(folder));
        if (!QDir().mkpath(folder))
            return makeError(QStringLiteral("cannot create project folder %1").arg(folder));
    }

    std::unique_ptr<Project> project(new Project);
    project->m_folder = QFileInfo(folder).absoluteFilePath();
    const QString cataloguePath = project->cataloguePath();
    if (mode == OpenMode::OpenExisting && !QFileInfo::exists(cataloguePath))
        return makeError(QStringLiteral("%1 holds no catalogue.sqlite; it is not an iouslab "
                                        "project (create one with `iouslab init`)")
                             .arg(project->m_folder));
    if (Status writable = checkWritable(project->m_folder); !writable)
        return makeError(writable.error());

    const auto catalogueMode = mode == OpenMode::CreateIfMissing
                                   ? Catalogue::OpenMode::CreateIfMissing
                                   : Catalogue::OpenMode::OpenExisting;
    auto catalogue = Catalogue::open(cataloguePath, catalogueMode);
    if (!catalogue)
        return makeError(catalogue.error());
    project->m_catalogue = std::move(catalogue.value());

    for (const QString &sub : {project->framesFolder(), project->modelsFolder()}) {
        if (!QDir().mkpath(sub))
            return makeError(QStringLiteral("cannot create %1").arg(sub));
    }
    auto key = ensurePseudonymKey(*project->m_catalogue);
    if (!key)
        return makeError(key.error());
    project->m_pseudonymKey = *key;
    return project;
}

} // namespace iouslab
