#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QTemporaryDir>

using namespace iouslab::test;

namespace {

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

TEST_CASE("iouslab simulate writes a set and prints a line per patient and the totals", "[sim]")
{
    QTemporaryDir out;
    const RunResult run =
        runIouslab({QStringLiteral("simulate"), QStringLiteral("--out"), out.path(),
                    QStringLiteral("--patients"), QStringLiteral("2"), QStringLiteral("--frames"),
                    QStringLiteral("10"), QStringLiteral("--seed"), QStringLiteral("5")});
    INFO(run.err.toStdString());
    REQUIRE(run.exitCode == 0);
    CHECK(run.out.contains("patient-01: "));
    CHECK(run.out.contains("patient-02: "));
    CHECK(run.out.contains("Wrote 2 patients, 26 frames"));
    for (const char *file :
         {"ground_truth.csv", "labels_radiologist.csv", "labels_surgeon.csv",
          "patient-01/sweep1.dcm", "patient-02/sweep2.mp4", "patient-02/still3.dcm"})
        CHECK(QFile::exists(out.path() + QLatin1Char('/') + QLatin1String(file)));

    // A second run with the same seed writes the same DICOM bytes.
    QTemporaryDir again;
    const RunResult second =
        runIouslab({QStringLiteral("simulate"), QStringLiteral("--out"), again.path(),
                    QStringLiteral("--patients"), QStringLiteral("1"), QStringLiteral("--frames"),
                    QStringLiteral("10"), QStringLiteral("--seed"), QStringLiteral("5"),
                    QStringLiteral("--threads"), QStringLiteral("1")});
    REQUIRE(second.exitCode == 0);
    const QByteArray first = contents(out.path() + QStringLiteral("/patient-01/sweep1.dcm"));
    CHECK(!first.isEmpty());
    CHECK(first == contents(again.path() + QStringLiteral("/patient-01/sweep1.dcm")));
}

TEST_CASE("iouslab simulate rejects bad arguments with one line and exit code 2", "[sim]")
{
    QTemporaryDir out;
    const QList<QStringList> bad{
        {QStringLiteral("simulate")},
        {QStringLiteral("simulate"), QStringLiteral("--out"), out.path(),
         QStringLiteral("--patients"), QStringLiteral("zero")},
        {QStringLiteral("simulate"), QStringLiteral("--out"), out.path(), QStringLiteral("--probe"),
         QStringLiteral("phased")},
        {QStringLiteral("simulate"), QStringLiteral("--out"), out.path(),
         QStringLiteral("--contrast-db"), QStringLiteral("-4")},
    };
    for (const QStringList &arguments : bad) {
        const RunResult run = runIouslab(arguments);
        INFO(arguments.join(QLatin1Char(' ')).toStdString() << " -> " << run.err.toStdString());
        CHECK(run.exitCode == 2);
        CHECK(run.err.trimmed().count('\n') == 0);
        CHECK(run.err.startsWith("iouslab simulate: "));
    }
}
