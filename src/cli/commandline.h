#pragma once

#include <QStringList>
#include <QTextStream>

namespace iouslab::cli {

/// Whether these arguments (without the program name) ask for the headless command line: a
/// subcommand, --help or --version. Anything else opens the workstation window.
bool wantsCommandLine(const QStringList &arguments);

/// Runs `iouslab` headless on arguments (without the program name) and gives the exit code.
/// Results go to out; errors, one clear line each, to err.
int runCommandLine(const QStringList &arguments, QTextStream &out, QTextStream &err);

/// The subcommand named in arguments (the first argument that is neither an option nor the
/// value of --project), or an empty string.
QString subcommandName(const QStringList &arguments);

/// The --project value among arguments, or an empty string.
QString projectArgument(const QStringList &arguments);

} // namespace iouslab::cli
