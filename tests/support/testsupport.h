#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace iouslab::test {

/// The shared test data folder (../shared/data beside the checkout).
QString sharedData(const QString &relativePath = {});

/// The built iouslab program.
QString iouslabBinary();

/// Output of a finished program run.
struct RunResult
{
    int exitCode = -1;
    bool crashed = false;
    QByteArray out;
    QByteArray err;
};

/// Runs the iouslab program with arguments and waits (up to timeoutMs).
RunResult runIouslab(const QStringList &arguments, int timeoutMs = 120000);

/// Every byte of every file under folder, for searches of leaked identifiers.
QByteArray allBytesUnder(const QString &folder);

} // namespace iouslab::test
