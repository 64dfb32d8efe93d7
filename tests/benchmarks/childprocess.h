#pragma once

#include <QStringList>

namespace iouslab::bench {

/// A finished child process: wall time, its own CPU time (user and system, all its threads),
/// its own peak resident memory, and exit code.
struct ChildRun
{
    double seconds = 0.0;
    double cpuSeconds = 0.0;
    double peakMiB = 0.0;
    int exitCode = -1;
};

/// Runs program with arguments, output discarded, and measures it alone (wait4's rusage is
/// the child's own, not the sum of every child so far).
ChildRun runChild(const QString &program, const QStringList &arguments);

} // namespace iouslab::bench
