// The `iouslab` program a user starts. It runs `iouslab import` itself and starts the whole
// program (iouslab-full, next to it) for everything else.
//
// Why two binaries: the whole program links the ml layer, and the dynamic loader maps LibTorch
// and runs its static initialisers (thousands of operator registrations) before main: about
// 0.4 s of CPU and 170 MiB resident at every start, whatever the command. Import needs none of
// it, and its speed is measured against tools that start in milliseconds (docs/benchmarks.md).
// This binary links only the layers import needs (core, catalogue, io and the importer), so it
// starts without LibTorch, Qt Gui or Qt Widgets.
//
// Shortcomings: every other command pays one extra exec (a few milliseconds); and the import
// command's parsing here repeats what cli::runCommandLine does for every command, because
// linking commandline.cpp would link every command and so LibTorch. A change to the common
// options (--project, --help) has to be made in both places.
#include "app/projectlocation.h"
#include "cli/command.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace {

// The subcommand among argv: the first argument that is neither an option nor the value of
// --project (the rule of cli::subcommandName).
std::string subcommandName(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--project") == 0) {
            ++i;
            continue;
        }
        if (argv[i][0] != '-')
            return argv[i];
    }
    return {};
}

// Replaces this process with iouslab-full from this binary's folder, with the same arguments.
int startWholeProgram(char **argv)
{
    char self[PATH_MAX];
    const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) {
        std::fprintf(stderr, "iouslab: cannot find its own binary: %s\n", std::strerror(errno));
        return 1;
    }
    self[length] = '\0';
    std::string whole(self);
    whole = whole.substr(0, whole.rfind('/') + 1) + "iouslab-full";

    // LibTorch's OpenMP threads spin while they wait by default, which on two cores shared
    // with the window makes training several times slower. The policy is read when the library
    // loads, so it is set here, before the whole program starts (see main.cpp); it changes
    // nothing for commands that do not run the network.
    ::setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    ::execv(whole.c_str(), argv);
    std::fprintf(stderr, "iouslab: cannot start %s: %s\n", whole.c_str(), std::strerror(errno));
    return 1;
}

// `iouslab import ...`, parsed as cli::runCommandLine parses every command.
int runImport(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const iouslab::cli::Command command = iouslab::cli::importCommand();

    QCommandLineParser parser;
    parser.setApplicationDescription(command.summary);
    const QCommandLineOption projectOption(
        QStringList{QStringLiteral("project")},
        QStringLiteral("The project folder (default: the user's default project)."),
        QStringLiteral("DIR"));
    parser.addOption(projectOption);
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Shows this help."));
    parser.addOption(helpOption);
    parser.addPositionalArgument(command.name, command.summary);
    command.addOptions(parser);
    if (!parser.parse(arguments)) {
        err << "iouslab " << command.name << ": " << parser.errorText() << Qt::endl;
        return iouslab::cli::ExitUsage;
    }
    if (parser.isSet(helpOption)) {
        out << parser.helpText().replace(QStringLiteral("Usage: iouslab"),
                                         QStringLiteral("Usage: iouslab %1").arg(command.name));
        out.flush();
        return iouslab::cli::ExitSuccess;
    }
    const iouslab::cli::CommandContext context{
        parser, iouslab::resolveProjectFolder(parser.value(projectOption)), out, err};
    return command.run(context);
}

} // namespace

int main(int argc, char **argv)
{
    if (subcommandName(argc, argv) != "import")
        return startWholeProgram(argv);

    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("iouslab"));
    QCoreApplication::setApplicationName(QStringLiteral("iouslab"));
    QStringList arguments{QStringLiteral("iouslab")};
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    return runImport(arguments);
}
