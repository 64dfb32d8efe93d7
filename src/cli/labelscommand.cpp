#include "app/labeltransfer.h"
#include "catalogue/project.h"
#include "cli/command.h"

#include <QFile>

namespace iouslab::cli {

namespace {

int importLabelFile(const CommandContext &context, Project &project, const QString &file)
{
    const QString reader = context.parser.value(QStringLiteral("reader"));
    const auto role = parseReaderRole(context.parser.value(QStringLiteral("role")));
    if (reader.isEmpty() || !role) {
        context.err << "iouslab labels import: give --reader NAME and --role "
                       "radiologist|surgeon|project_lead"
                    << Qt::endl;
        return ExitUsage;
    }
    auto summary = importLabels(project.catalogue(), file, reader, *role);
    if (!summary)
        return context.fail(summary.error());
    for (const QString &message : summary->messages)
        context.err << message << Qt::endl;
    context.out << "Labels of " << reader << ": " << summary->applied << " applied, "
                << summary->unchanged << " unchanged, " << summary->skipped << " skipped"
                << Qt::endl;
    return ExitSuccess;
}

int exportLabelFile(const CommandContext &context, Project &project)
{
    const QString reader = context.parser.value(QStringLiteral("reader"));
    const QString outPath = context.parser.value(QStringLiteral("out"));
    if (outPath.isEmpty()) {
        if (Status s = exportLabels(project.catalogue(), context.out, reader); !s)
            return context.fail(s.error());
        return ExitSuccess;
    }
    QFile file(outPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return context.fail(
            QStringLiteral("%1: cannot write: %2").arg(outPath, file.errorString()));
    QTextStream out(&file);
    if (Status s = exportLabels(project.catalogue(), out, reader); !s)
        return context.fail(s.error());
    return ExitSuccess;
}

} // namespace

Command labelsCommand()
{
    Command command;
    command.name = QStringLiteral("labels");
    command.summary = QStringLiteral("Imports a reader's labels from CSV (file,frame,label) or "
                                     "exports labels as CSV.");
    command.addOptions = [](QCommandLineParser &parser) {
        parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("import or export"));
        parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The CSV to import."),
                                     QStringLiteral("[FILE]"));
        parser.addOption(QCommandLineOption(QStringLiteral("reader"),
                                            QStringLiteral("The reader's name."),
                                            QStringLiteral("NAME")));
        parser.addOption(QCommandLineOption(
            QStringLiteral("role"),
            QStringLiteral("radiologist, surgeon or project_lead (for a new reader)."),
            QStringLiteral("ROLE")));
        parser.addOption(QCommandLineOption(QStringLiteral("out"),
                                            QStringLiteral("Export to this file, not stdout."),
                                            QStringLiteral("FILE")));
    };
    command.run = [](const CommandContext &context) {
        const QStringList arguments = context.parser.positionalArguments().mid(1);
        const QString action = arguments.value(0);
        if (action != QLatin1String("import") && action != QLatin1String("export")) {
            context.err << "iouslab labels: say import FILE or export" << Qt::endl;
            return int(ExitUsage);
        }
        if (action == QLatin1String("import") && arguments.size() < 2) {
            context.err << "iouslab labels import: give the CSV file" << Qt::endl;
            return int(ExitUsage);
        }
        auto project = Project::open(context.projectFolder, Project::OpenMode::OpenExisting);
        if (!project)
            return context.fail(project.error());
        if (action == QLatin1String("import"))
            return importLabelFile(context, **project, arguments.at(1));
        return exportLabelFile(context, **project);
    };
    return command;
}

} // namespace iouslab::cli
