#include "testsupport.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>

namespace iouslab::test {

QString sharedData(const QString &relativePath)
{
    const QString root = QStringLiteral(IOUSLAB_SHARED_DATA);
    return relativePath.isEmpty() ? root : root + QLatin1Char('/') + relativePath;
}

QString iouslabBinary()
{
    return QStringLiteral(IOUSLAB_BINARY);
}

RunResult runIouslab(const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.start(iouslabBinary(), arguments);
    RunResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.crashed = true;
    }
    result.crashed = result.crashed || process.exitStatus() == QProcess::CrashExit;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QByteArray allBytesUnder(const QString &folder)
{
    QByteArray bytes;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            bytes += file.readAll();
    }
    return bytes;
}

} // namespace iouslab::test
