#include "app/trainingservice.h"
#include "catalogue/project.h"
#include "cli/command.h"

#include <QMap>

namespace iouslab::cli {

namespace {

void printCounts(QTextStream &out, const QString &folder, const CatalogueCounts &counts)
{
    out << "Project   " << folder << "\n"
        << "Patients  " << counts.patients << "\n"
        << "Studies   " << counts.studies << "\n"
        << "Clips     " << counts.clips << "\n"
        << "Frames    " << counts.frames << "\n"
        << "Labels    " << counts.labels << " (normal " << counts.normalLabels << ", lesion "
        << counts.lesionLabels << ", ungradable " << counts.ungradableLabels << ")\n";

    // One line per reader: their role and their labels by value.
    QMap<QString, QMap<LabelValue, qint64>> byReader;
    QMap<QString, ReaderRole> roles;
    for (const ReaderLabelCount &entry : counts.byReader) {
        byReader[entry.reader][entry.value] = entry.count;
        roles[entry.reader] = entry.role;
    }
    for (auto it = byReader.cbegin(); it != byReader.cend(); ++it) {
        out << "  " << it.key() << " (" << readerRoleName(roles.value(it.key())) << "): normal "
            << it->value(LabelValue::Normal) << ", lesion " << it->value(LabelValue::Lesion)
            << ", ungradable " << it->value(LabelValue::Ungradable) << "\n";
    }
    out.flush();
}

// The model versions and when the workstation trains by itself.
Status printTraining(QTextStream &out, Catalogue &catalogue)
{
    auto versions = catalogue.modelVersions();
    if (!versions)
        return makeError(versions.error());
    out << "Models    " << versions->size();
    if (!versions->isEmpty())
        out << " (latest version " << versions->last().id << ", " << versions->last().architecture
            << ")";
    out << "\n";
    auto stored = catalogue.setting(TrainingService::autoRetrainSettingKey());
    if (!stored)
        return makeError(stored.error());
    const QString threshold =
        stored->value_or(QString::number(TrainingService::defaultAutoRetrainThreshold));
    out << "Training  "
        << (threshold == QLatin1String("0")
                ? QStringLiteral("auto-retrain off")
                : QStringLiteral("the workstation retrains after %1 label changes").arg(threshold))
        << "\n";
    out.flush();
    return {};
}

} // namespace

Command infoCommand()
{
    Command command;
    command.name = QStringLiteral("info");
    command.summary =
        QStringLiteral("Counts patients, studies, clips, frames, and labels by value and reader.");
    command.run = [](const CommandContext &context) {
        // The default project is made on first use; a folder named with --project must exist.
        const auto mode = context.parser.isSet(QStringLiteral("project"))
                              ? Project::OpenMode::OpenExisting
                              : Project::OpenMode::CreateIfMissing;
        auto project = Project::open(context.projectFolder, mode);
        if (!project)
            return context.fail(project.error());
        auto counts = (*project)->catalogue().counts();
        if (!counts)
            return context.fail(counts.error());
        printCounts(context.out, (*project)->folder(), *counts);
        if (Status shown = printTraining(context.out, (*project)->catalogue()); !shown)
            return context.fail(shown.error());
        return int(ExitSuccess);
    };
    return command;
}

} // namespace iouslab::cli
