#include "catalogue/project.h"
#include "cli/command.h"

namespace iouslab::cli {

Command initCommand()
{
    Command command;
    command.name = QStringLiteral("init");
    command.summary = QStringLiteral("Creates a project folder (catalogue, frame store, models), "
                                     "or checks an existing one.");
    command.run = [](const CommandContext &context) {
        auto project = Project::open(context.projectFolder, Project::OpenMode::CreateIfMissing);
        if (!project)
            return context.fail(project.error());
        context.out << "Project ready at " << (*project)->folder() << " (catalogue schema version "
                    << (*project)->catalogue().schemaVersion() << ")" << Qt::endl;
        return int(ExitSuccess);
    };
    return command;
}

} // namespace iouslab::cli
