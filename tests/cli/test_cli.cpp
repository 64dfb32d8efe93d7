#include "catalogue/project.h"
#include "catalogueseed.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <unistd.h>

using namespace iouslab;
using iouslab::test::runIouslab;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

// A refusal is exactly one line on stderr, names the path, and exits 1 without crashing.
void checkRefusal(const test::RunResult &result, const QString &path)
{
    INFO("stderr: " << result.err.toStdString());
    CHECK_FALSE(result.crashed);
    CHECK(result.exitCode == 1);
    CHECK(result.err.count('\n') == 1);
    CHECK(result.err.startsWith("iouslab: "));
    CHECK(QString::fromUtf8(result.err).contains(path));
}

} // namespace

TEST_CASE("init creates a project folder and info counts it", "[cli]")
{
    QTemporaryDir temp;
    const QString folder = temp.filePath(QStringLiteral("project"));

    const auto init = runIouslab({QStringLiteral("init"), QStringLiteral("--project"), folder});
    INFO(init.err.toStdString());
    REQUIRE(init.exitCode == 0);
    CHECK(QFile::exists(folder + QStringLiteral("/catalogue.sqlite")));
    CHECK(QDir(folder + QStringLiteral("/frames")).exists());
    CHECK(QDir(folder + QStringLiteral("/models")).exists());

    {
        auto project = Project::open(folder, Project::OpenMode::OpenExisting);
        REQUIRE(project.hasValue());
        Catalogue &catalogue = (*project)->catalogue();
        const ClipId clipId =
            test::addPatientWithClip(catalogue, QStringLiteral("P-CLI1"), 3, QStringLiteral("h"));
        const ReaderId reader =
            catalogue.addReader(QStringLiteral("dr-a"), ReaderRole::Radiologist).value();
        for (int i = 0; i < 3; ++i) {
            const FrameId frame = catalogue.frameId(clipId, i).value().value();
            const LabelValue value = i == 0 ? LabelValue::Lesion : LabelValue::Normal;
            REQUIRE(catalogue.setLabel(frame, reader, value).hasValue());
        }
    }

    const auto info = runIouslab({QStringLiteral("info"), QStringLiteral("--project"), folder});
    REQUIRE(info.exitCode == 0);
    const QString out = QString::fromUtf8(info.out);
    CHECK(out.contains(QStringLiteral("Patients  1")));
    CHECK(out.contains(QStringLiteral("Clips     1")));
    CHECK(out.contains(QStringLiteral("Frames    3")));
    CHECK(out.contains(QStringLiteral("Labels    3 (normal 2, lesion 1, ungradable 0)")));
    CHECK(out.contains(QStringLiteral("dr-a (radiologist): normal 2, lesion 1, ungradable 0")));
    CHECK(out.contains(QStringLiteral("Models    0")));
    CHECK(
        out.contains(QStringLiteral("Training  the workstation retrains after 200 label changes")));

    // init on an existing project keeps it.
    const auto again = runIouslab({QStringLiteral("init"), QStringLiteral("--project"), folder});
    CHECK(again.exitCode == 0);
    {
        // A threshold stored by the workstation shows.
        auto project = Project::open(folder, Project::OpenMode::OpenExisting);
        REQUIRE(project.hasValue());
        REQUIRE((*project)->catalogue().setSetting(QStringLiteral("training.auto_retrain_labels"),
                                                   QStringLiteral("0")));
    }
    const QString later = QString::fromUtf8(
        runIouslab({QStringLiteral("info"), QStringLiteral("--project"), folder}).out);
    CHECK(later.contains("Frames    3"));
    CHECK(later.contains("Training  auto-retrain off"));
}

TEST_CASE("--help and --version answer without a project", "[cli]")
{
    const auto help = runIouslab({QStringLiteral("--help")});
    CHECK(help.exitCode == 0);
    CHECK(help.out.contains("init"));
    CHECK(help.out.contains("info"));
    CHECK(help.out.contains("--project"));

    const auto version = runIouslab({QStringLiteral("--version")});
    CHECK(version.exitCode == 0);
    CHECK(version.out.startsWith("iouslab 0."));

    const auto infoHelp = runIouslab({QStringLiteral("info"), QStringLiteral("--help")});
    CHECK(infoHelp.exitCode == 0);
    CHECK(infoHelp.out.contains("--project"));
}

TEST_CASE("Unknown commands and options are usage errors", "[cli]")
{
    const auto unknown = runIouslab({QStringLiteral("frobnicate")});
    CHECK(unknown.exitCode == 2);
    CHECK(unknown.err.contains("unknown command"));
    const auto option = runIouslab({QStringLiteral("info"), QStringLiteral("--no-such-option")});
    CHECK(option.exitCode == 2);
}

TEST_CASE("--project pointing at a file is refused and the file left alone", "[cli][badinput]")
{
    QTemporaryDir temp;
    const QString path = temp.filePath(QStringLiteral("notes.txt"));
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write("not a project\n");
    file.close();
    const QByteArray before = fileHash(path);

    for (const QString &command : {QStringLiteral("info"), QStringLiteral("init")}) {
        checkRefusal(runIouslab({command, QStringLiteral("--project"), path}), path);
        CHECK(fileHash(path) == before);
    }
}

TEST_CASE("A catalogue file that is not a database is refused, not overwritten", "[cli][badinput]")
{
    QTemporaryDir temp;
    const QString catalogue = temp.filePath(QStringLiteral("catalogue.sqlite"));
    QFile file(catalogue);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
    file.close();
    const QByteArray before = fileHash(catalogue);

    for (const QString &command : {QStringLiteral("info"), QStringLiteral("init")}) {
        checkRefusal(runIouslab({command, QStringLiteral("--project"), temp.path()}), catalogue);
        CHECK(fileHash(catalogue) == before);
    }
}

TEST_CASE("A corrupt catalogue is refused with a clear line and left as it was", "[cli][badinput]")
{
    QTemporaryDir temp;
    const QString folder = temp.filePath(QStringLiteral("project"));
    {
        auto project = Project::open(folder, Project::OpenMode::CreateIfMissing);
        REQUIRE(project.hasValue());
        Catalogue &catalogue = (*project)->catalogue();
        test::addPatientWithClip(catalogue, QStringLiteral("P-CORRUPT"), 2000, QStringLiteral("h"));
    }
    // Overwrite the middle of the file, where the frame table's pages are, with junk.
    const QString path = folder + QStringLiteral("/catalogue.sqlite");
    {
        QFile file(path);
        REQUIRE(file.open(QIODevice::ReadWrite));
        REQUIRE(file.size() > 5 * 4096);
        file.seek(2 * 4096);
        file.write(QByteArray(3 * 4096, '\xA5'));
    }
    const QByteArray before = fileHash(path);

    const auto result = runIouslab({QStringLiteral("info"), QStringLiteral("--project"), folder});
    checkRefusal(result, path);
    CHECK(result.err.contains("damaged"));
    CHECK(fileHash(path) == before);
}

TEST_CASE("A project folder without write permission is refused", "[cli][badinput]")
{
    QTemporaryDir temp;
    QFile::setPermissions(temp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                           QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup |
                                           QFile::ExeGroup);
    const QString folder = temp.filePath(QStringLiteral("readonly"));
    REQUIRE(QDir().mkpath(folder));
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadOther |
                                      QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup);

    // Root may write anywhere, so as root the program runs as the unprivileged user nobody.
    QStringList command{test::iouslabBinary(), QStringLiteral("init"), QStringLiteral("--project"),
                        folder};
    if (::geteuid() == 0)
        command = QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                              QStringLiteral("--clear-groups")} +
                  command;
    QProcess process;
    process.setProgram(::geteuid() == 0 ? QStringLiteral("setpriv") : command.takeFirst());
    process.setArguments(command);
    process.start();
    REQUIRE(process.waitForFinished(30000));
    test::RunResult result;
    result.exitCode = process.exitCode();
    result.crashed = process.exitStatus() == QProcess::CrashExit;
    result.err = process.readAllStandardError();
    checkRefusal(result, folder);
    CHECK(result.err.contains("not writable"));
    CHECK(QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
}
