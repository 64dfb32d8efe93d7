#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QTextStream>

#include <functional>

namespace iouslab::cli {

/// Exit codes of the command line.
enum ExitCode
{
    ExitSuccess = 0,
    ExitFailure = 1, ///< the work could not be done; stderr says why
    ExitUsage = 2,   ///< the command line itself was wrong
};

/// What a running subcommand is handed.
struct CommandContext
{
    const QCommandLineParser &parser;
    QString projectFolder; ///< --project, or the default project
    QTextStream &out;
    QTextStream &err;

    /// Prints "iouslab: message" on stderr and gives ExitFailure.
    int fail(const QString &message) const
    {
        err << "iouslab: " << message << Qt::endl;
        return ExitFailure;
    }
};

/// One subcommand of `iouslab`.
struct Command
{
    QString name;
    QString summary;
    std::function<void(QCommandLineParser &)> addOptions; ///< may be empty
    std::function<int(const CommandContext &)> run;
};

Command initCommand();
Command infoCommand();
Command importCommand();
Command labelsCommand();
Command demoCommand();
Command regionCommand();
Command trainCommand();
Command predictCommand();
Command exportModelCommand();
Command simulateCommand();
Command evaluateCommand();
Command reviewCommand();

} // namespace iouslab::cli
