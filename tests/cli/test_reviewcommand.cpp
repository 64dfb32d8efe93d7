#include "casereviewfixture.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QFile>

using namespace iouslab;
using iouslab::test::runIouslab;

namespace {

QString firstPseudonym(const QString &folder)
{
    auto project = Project::open(folder, Project::OpenMode::OpenExisting);
    REQUIRE(project.hasValue());
    return (*project)->catalogue().patients().value().first().pseudonym;
}

// The event lines of review's CSV output (after the header).
QStringList eventLines(const QByteArray &out)
{
    const QStringList lines = QString::fromUtf8(out).split(QLatin1Char('\n'));
    const int header = int(lines.indexOf(
        QStringLiteral("event,clip,first,last,frames,peak_frame,peak_probability,decision")));
    REQUIRE(header >= 0);
    QStringList events;
    for (int i = header + 1; i < lines.size() && lines.at(i).count(QLatin1Char(',')) == 7; ++i)
        events << lines.at(i);
    return events;
}

} // namespace

TEST_CASE("review scores a case, records decisions and writes the case summary", "[cli][review]")
{
    QTemporaryDir temp;
    // A recorded threshold of 0: every frame is flagged, so each clip is one event.
    const test::ReviewProject made = test::makeReviewProject(temp, 2, 40, 0.0);
    const QString pseudonym = firstPseudonym(made.folder);
    const QString pdf = temp.filePath(QStringLiteral("case.pdf"));

    const auto first = runIouslab(
        {QStringLiteral("review"), QStringLiteral("--project"), made.folder,
         QStringLiteral("--case"), pseudonym, QStringLiteral("--surgeon"),
         QStringLiteral("surgeon-a"), QStringLiteral("--decide"), QStringLiteral("1=accept"),
         QStringLiteral("--decide"), QStringLiteral("2=reject"), QStringLiteral("--report"), pdf});
    INFO(first.err.toStdString());
    REQUIRE(first.exitCode == 0);
    const QString out = QString::fromUtf8(first.out);
    CHECK(out.contains(QStringLiteral("no operating point locked")));
    const QStringList events = eventLines(first.out);
    REQUIRE(events.size() >= 2);
    CHECK(events.at(0).endsWith(QStringLiteral(",accept")));
    CHECK(events.at(1).endsWith(QStringLiteral(",reject")));
    CHECK(QFile::exists(pdf));

    // The decisions are the surgeon's labels: labels export lists them with the role.
    const auto exported =
        runIouslab({QStringLiteral("labels"), QStringLiteral("export"), QStringLiteral("--project"),
                    made.folder, QStringLiteral("--reader"), QStringLiteral("surgeon-a")});
    REQUIRE(exported.exitCode == 0);
    const QString labels = QString::fromUtf8(exported.out);
    CHECK(labels.contains(QStringLiteral(",surgeon-a,surgeon,lesion,")));
    CHECK(labels.contains(QStringLiteral(",surgeon-a,surgeon,normal,")));

    // Run again: nothing is scored twice, and earlier decisions show.
    const auto again = runIouslab({QStringLiteral("review"), QStringLiteral("--project"),
                                   made.folder, QStringLiteral("--case"), pseudonym,
                                   QStringLiteral("--surgeon"), QStringLiteral("surgeon-a")});
    REQUIRE(again.exitCode == 0);
    CHECK(again.out.contains(" 0 now)"));
    CHECK(eventLines(again.out).at(0).endsWith(QStringLiteral(",accept")));

    // The PDF renders to a page that is not blank.
    test::checkFirstPageNotBlank(pdf);
}

TEST_CASE("review refuses what it cannot do with one clear line", "[cli][review][badinput]")
{
    QTemporaryDir temp;
    const test::ReviewProject made = test::makeReviewProject(temp, 2, 20, 0.0);
    const QString pseudonym = firstPseudonym(made.folder);
    const QString project = made.folder;

    const auto noCase =
        runIouslab({QStringLiteral("review"), QStringLiteral("--project"), project});
    CHECK(noCase.exitCode == 2);
    const auto unknown = runIouslab({QStringLiteral("review"), QStringLiteral("--project"), project,
                                     QStringLiteral("--case"), QStringLiteral("P-NOBODY")});
    CHECK(unknown.exitCode == 1);
    CHECK(unknown.err.contains("no patient P-NOBODY"));
    const auto badModel = runIouslab({QStringLiteral("review"), QStringLiteral("--project"),
                                      project, QStringLiteral("--case"), pseudonym,
                                      QStringLiteral("--model"), QStringLiteral("99")});
    CHECK(badModel.exitCode == 1);
    CHECK(badModel.err.contains("no model version 99"));
    const auto badDecision =
        runIouslab({QStringLiteral("review"), QStringLiteral("--project"), project,
                    QStringLiteral("--case"), pseudonym, QStringLiteral("--surgeon"),
                    QStringLiteral("s"), QStringLiteral("--decide"), QStringLiteral("1=maybe")});
    CHECK(badDecision.exitCode == 2);
    // A reader who is not a surgeon cannot decide (the demo's radiologist).
    const auto refused = runIouslab(
        {QStringLiteral("review"), QStringLiteral("--project"), project, QStringLiteral("--case"),
         pseudonym, QStringLiteral("--surgeon"), QStringLiteral("Simulated radiologist"),
         QStringLiteral("--decide"), QStringLiteral("1=accept")});
    CHECK(refused.exitCode == 1);
    CHECK(refused.err.contains("review decisions are a surgeon's"));
}
