#include "cataloguefixture.h"

#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QThread>

#include <csignal>

using namespace iouslab;

namespace {

// The last value the child reported as committed for each frame, from its output lines.
QMap<FrameId, LabelValue> committedLabels(const QByteArray &output)
{
    QMap<FrameId, LabelValue> committed;
    for (const QByteArray &line : output.split('\n')) {
        const QList<QByteArray> parts = line.split(' ');
        if (parts.size() != 3 || parts.at(0) != "committed")
            continue; // the line being written when the child died
        if (auto value = parseLabelValue(QString::fromLatin1(parts.at(2))))
            committed[parts.at(1).toLongLong()] = *value;
    }
    return committed;
}

} // namespace

TEST_CASE("A writer killed at random moments loses no committed label", "[catalogue][crash][slow]")
{
    test::CatalogueFixture fixture(50);
    const QString path = fixture.path();
    const ReaderId reader = fixture.alice;
    fixture.catalogue.reset();

    QRandomGenerator random(20261203);
    qint64 totalCommits = 0;
    for (int round = 0; round < 20; ++round) {
        QProcess child;
        child.start(QStringLiteral(LABEL_WRITER_CHILD), {path, QString::number(reader)});
        REQUIRE(child.waitForStarted());
        // Let it get going, then kill it without warning at a random moment.
        REQUIRE(child.waitForReadyRead(10000));
        QThread::msleep(random.bounded(5, 120));
        ::kill(pid_t(child.processId()), SIGKILL);
        REQUIRE(child.waitForFinished(10000));
        CHECK(child.exitStatus() == QProcess::CrashExit);

        const QMap<FrameId, LabelValue> committed = committedLabels(child.readAllStandardOutput());
        REQUIRE_FALSE(committed.isEmpty());
        totalCommits += committed.size();

        auto catalogue = Catalogue::open(path, Catalogue::OpenMode::OpenExisting);
        REQUIRE(catalogue.hasValue());
        CHECK((*catalogue)->integrityCheck().value() == QStringLiteral("ok"));
        // The child was killed after its last report, so each frame's reported value is the
        // stored one unless a later commit it did not live to report changed it again; that
        // later commit can only be the very next one in its loop. So a reported frame must
        // have a label, and most must hold exactly the reported value.
        int same = 0;
        for (auto it = committed.cbegin(); it != committed.cend(); ++it) {
            const auto stored = (*catalogue)->label(it.key(), reader).value();
            REQUIRE(stored.has_value());
            same += stored->value == it.value() ? 1 : 0;
        }
        CHECK(same >= committed.size() - 1);
    }
    CHECK(totalCommits > 20);
}
