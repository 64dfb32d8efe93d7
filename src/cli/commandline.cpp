#include "cli/commandline.h"

#include "app/projectlocation.h"
#include "cli/command.h"
#include "core/version.h"

#include <QCommandLineParser>

namespace iouslab::cli {

namespace {

QList<Command> commands()
{
    return {initCommand(),        infoCommand(),     importCommand(),   labelsCommand(),
            demoCommand(),        regionCommand(),   trainCommand(),    predictCommand(),
            exportModelCommand(), simulateCommand(), evaluateCommand(), reviewCommand()};
}

const QCommandLineOption projectOption(QStringList{QStringLiteral("project")},
                                       QStringLiteral("The project folder (default: %1).")
                                           .arg(QStringLiteral("the user's default project")),
                                       QStringLiteral("DIR"));

QString usage()
{
    QString text = QStringLiteral("Usage: iouslab [--project DIR] [COMMAND [OPTIONS]]\n\n"
                                  "With no command, opens the workstation window.\n\n"
                                  "Commands:\n");
    for (const Command &command : commands())
        text += QStringLiteral("  %1  %2\n").arg(command.name, -10).arg(command.summary);
    text += QStringLiteral("\nOptions:\n"
                           "  --project DIR  the project folder (default: the user's default "
                           "project, or $IOUSLAB_PROJECT)\n"
                           "  --help         this text; `iouslab COMMAND --help` for a command\n"
                           "  --version      the program's version\n");
    return text;
}

} // namespace

QString subcommandName(const QStringList &arguments)
{
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--project")) {
            ++i;
            continue;
        }
        if (!argument.startsWith(QLatin1Char('-')))
            return argument;
    }
    return {};
}

QString projectArgument(const QStringList &arguments)
{
    for (int i = 0; i + 1 < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1String("--project"))
            return arguments.at(i + 1);
    }
    for (const QString &argument : arguments) {
        if (argument.startsWith(QLatin1String("--project=")))
            return argument.mid(10);
    }
    return {};
}

bool wantsCommandLine(const QStringList &arguments)
{
    for (const QString &argument : arguments) {
        if (argument == QLatin1String("--help") || argument == QLatin1String("-h") ||
            argument == QLatin1String("--version") || argument == QLatin1String("-v"))
            return true;
    }
    return !subcommandName(arguments).isEmpty();
}

int runCommandLine(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const QString name = subcommandName(arguments);
    if (name.isEmpty()) {
        if (arguments.contains(QLatin1String("--version")) ||
            arguments.contains(QLatin1String("-v"))) {
            out << "iouslab " << versionString << Qt::endl;
            return ExitSuccess;
        }
        out << usage();
        out.flush();
        return ExitSuccess;
    }

    const QList<Command> all = commands();
    const auto found = std::find_if(all.begin(), all.end(),
                                    [&](const Command &command) { return command.name == name; });
    if (found == all.end()) {
        err << "iouslab: unknown command \"" << name << "\"; see `iouslab --help`" << Qt::endl;
        return ExitUsage;
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(found->summary);
    parser.addOption(projectOption);
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Shows this help."));
    parser.addOption(helpOption);
    parser.addPositionalArgument(name, found->summary);
    if (found->addOptions)
        found->addOptions(parser);
    if (!parser.parse(QStringList{QStringLiteral("iouslab")} + arguments)) {
        err << "iouslab " << name << ": " << parser.errorText() << Qt::endl;
        return ExitUsage;
    }
    if (parser.isSet(helpOption)) {
        out << parser.helpText().replace(QStringLiteral("Usage: iouslab"),
                                         QStringLiteral("Usage: iouslab %1").arg(name));
        out.flush();
        return ExitSuccess;
    }

    const CommandContext context{parser, resolveProjectFolder(parser.value(projectOption)), out,
                                 err};
    return found->run(context);
}

} // namespace iouslab::cli
