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
        return int(ExitSuccess);
    };
    return command;
}

} // namespace iouslab::cli
