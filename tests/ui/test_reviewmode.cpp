#include "casereviewfixture.h"
#include "ui/frameview.h"
#include "ui/reviewmode.h"
#include "ui/reviewqueuemodel.h"
#include "ui/theme.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTest>

using namespace iouslab;

namespace {

struct Fixture
{
    QTemporaryDir temp;
    test::ReviewProject made;
    StudyId study = 0;
    ReaderRecord surgeon;
    ReaderRecord radiologist;

    Fixture()
    {
        // A recorded threshold of 0: every frame is flagged, so each clip is one event.
        made = test::makeReviewProject(temp, 2, 40, 0.0);
        auto project = Project::open(made.folder, Project::OpenMode::OpenExisting);
        REQUIRE(project.hasValue());
        Catalogue &catalogue = (*project)->catalogue();
        const PatientRecord patient = catalogue.patients().value().first();
        study = findCase(catalogue, patient.pseudonym).value().study.id;
        surgeon = {catalogue.addReader(QStringLiteral("surgeon-r"), ReaderRole::Surgeon).value(),
                   QStringLiteral("surgeon-r"), ReaderRole::Surgeon, 0};
        radiologist = {
            catalogue.addReader(QStringLiteral("radiologist-r"), ReaderRole::Radiologist).value(),
            QStringLiteral("radiologist-r"), ReaderRole::Radiologist, 0};
    }

    // The reader's labels on an event's frames, all of them.
    QList<LabelValue> labelsOn(const ReviewEvent &event, ReaderId reader) const
    {
        auto project = Project::open(made.folder, Project::OpenMode::OpenExisting);
        REQUIRE(project.hasValue());
        QList<LabelValue> values;
        for (FrameId frame : event.frames) {
            auto label = (*project)->catalogue().label(frame, reader).value();
            if (label)
                values << label->value;
        }
        return values;
    }
};

void score(ReviewMode &mode, const Fixture &fixture)
{
    REQUIRE(mode.setCase(fixture.study));
    REQUIRE(mode.setVersion(fixture.made.version));
    QSignalSpy finished(&mode, &ReviewMode::scoringFinished);
    mode.startScoring();
    REQUIRE(finished.wait(120000));
    INFO(finished.first().first().toString().toStdString());
    REQUIRE(finished.first().first().toString().isEmpty());
}

bool allAre(const QList<LabelValue> &values, LabelValue value, int count)
{
    return values.size() == count &&
           std::all_of(values.begin(), values.end(), [&](LabelValue v) { return v == value; });
}

} // namespace

TEST_CASE("Accepting and rejecting write the surgeon's labels and the queue follows",
          "[ui][review]")
{
    Fixture fixture;
    ReviewMode mode(fixture.made.folder, fixture.surgeon);
    mode.show();
    REQUIRE(QTest::qWaitForWindowExposed(&mode));
    score(mode, fixture);

    ReviewQueueModel *queue = mode.queue();
    REQUIRE(queue->rowCount() >= 3);
    CHECK(mode.currentRow() == 0);
    CHECK(queue->undecidedCount() == queue->rowCount());
    const ReviewEvent first = queue->event(0);
    const ReviewEvent second = queue->event(1);

    // Accept with the button's slot: lesion labels on every frame of the event.
    QSignalSpy decided(&mode, &ReviewMode::decided);
    mode.decide(SurgeonDecision::Accept);
    CHECK(decided.size() == 1);
    CHECK(allAre(fixture.labelsOn(first, fixture.surgeon.id), LabelValue::Lesion,
                 int(first.frames.size())));
    CHECK(mode.currentRow() == 1);
    CHECK(queue->data(queue->index(0, ReviewQueueModel::DecisionColumn)).toString() ==
          QStringLiteral("accepted"));

    // Reject with the key: normal labels, and on to the next event.
    mode.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&mode));
    QTest::keyClick(&mode, Qt::Key_R);
    CHECK(decided.size() == 2);
    CHECK(allAre(fixture.labelsOn(second, fixture.surgeon.id), LabelValue::Normal,
                 int(second.frames.size())));
    CHECK(mode.currentRow() == 2);

    // Going back to an event decided already, and the queue skips decided events: after
    // deciding event 1 again, the next undecided one (the third) is selected.
    mode.selectRow(0);
    QTest::keyClick(&mode, Qt::Key_U);
    CHECK(allAre(fixture.labelsOn(first, fixture.surgeon.id), LabelValue::Ungradable,
                 int(first.frames.size())));
    CHECK(mode.currentRow() == 2);

    // Deciding every remaining event leaves none to review.
    while (queue->undecidedCount() > 0)
        mode.decide(SurgeonDecision::Reject);
    CHECK(queue->nextUndecided(0) == -1);

    // A review opened again shows the decisions made.
    ReviewMode again(fixture.made.folder, fixture.surgeon);
    score(again, fixture);
    CHECK(again.queue()->undecidedCount() == 0);
    CHECK(again.queue()->event(0).decision == SurgeonDecision::Unsure);
    CHECK(again.queue()->event(1).decision == SurgeonDecision::Reject);
}

TEST_CASE("Only a surgeon's decisions are written", "[ui][review]")
{
    Fixture fixture;
    ReviewMode mode(fixture.made.folder, fixture.radiologist);
    score(mode, fixture);
    REQUIRE(mode.queue()->rowCount() > 0);
    QSignalSpy decided(&mode, &ReviewMode::decided);
    mode.decide(SurgeonDecision::Accept);
    CHECK(decided.isEmpty());
    CHECK(fixture.labelsOn(mode.queue()->event(0), fixture.radiologist.id).isEmpty());
    CHECK(mode.currentRow() == 0);
}

TEST_CASE("The peak frame shows with its heat map, toggled and blended", "[ui][review]")
{
    Fixture fixture;
    ReviewMode mode(fixture.made.folder, fixture.surgeon);
    mode.show();
    QSignalSpy heat(&mode, &ReviewMode::heatMapReady);
    score(mode, fixture);
    if (heat.isEmpty())
        REQUIRE(heat.wait(60000));
    // The frame itself arrives from the loader.
    for (int i = 0; i < 100 && mode.frameView()->image().isNull(); ++i)
        QTest::qWait(50);
    REQUIRE_FALSE(mode.frameView()->image().isNull());
    CHECK(mode.position() == mode.queue()->event(0).run.peak);
    CHECK(mode.heatMapShown());
    const QImage withMap = mode.frameView()->image();

    mode.setHeatMapShown(false);
    CHECK_FALSE(mode.heatMapShown());
    const QImage plain = mode.frameView()->image();
    CHECK(plain != withMap);
    mode.setHeatMapShown(true);
    mode.setHeatMapOpacity(0);
    CHECK(mode.frameView()->image().convertToFormat(QImage::Format_RGB32) ==
          plain.convertToFormat(QImage::Format_RGB32));

    // Cine plays around the event and stops again.
    mode.togglePlay();
    CHECK(mode.isPlaying());
    mode.togglePlay();
    CHECK_FALSE(mode.isPlaying());
}

TEST_CASE("The review exports the case summary PDF", "[ui][review]")
{
    Fixture fixture;
    ReviewMode mode(fixture.made.folder, fixture.surgeon);
    score(mode, fixture);
    mode.decide(SurgeonDecision::Accept);
    const QString pdf = fixture.temp.filePath(QStringLiteral("summary.pdf"));
    QSignalSpy written(&mode, &ReviewMode::reportWritten);
    mode.exportReport(pdf);
    REQUIRE(written.wait(60000));
    CHECK(written.first().at(1).toString().isEmpty());

    test::checkFirstPageNotBlank(pdf);
}

// Not a test: the review mode's screenshots for docs/screenshots, taken by
// packaging/review-screenshots.sh under xvfb-run on a trained demo project
// (IOUSLAB_REVIEW_PROJECT, IOUSLAB_REVIEW_CASE a pseudonym, IOUSLAB_SCREENSHOTS the folder).
TEST_CASE("Screenshots of the review mode", "[.screenshots]")
{
    const QString folder = qEnvironmentVariable("IOUSLAB_REVIEW_PROJECT");
    const QString shots = qEnvironmentVariable("IOUSLAB_SCREENSHOTS");
    if (folder.isEmpty() || shots.isEmpty())
        return;
    theme::applyDark(*qobject_cast<QApplication *>(QCoreApplication::instance()));
    StudyId study = 0;
    ModelVersionId version = 0;
    std::optional<ReaderRecord> surgeon;
    {
        auto project = Project::open(folder, Project::OpenMode::OpenExisting);
        REQUIRE(project.hasValue());
        Catalogue &catalogue = (*project)->catalogue();
        version = catalogue.modelVersions().value().last().id;
        const QString named = qEnvironmentVariable("IOUSLAB_REVIEW_CASE");
        if (!named.isEmpty())
            study = findCase(catalogue, named).value().study.id;
        // Without a name: the case with the most events, so that the queue has rows to show.
        size_t most = 0;
        for (const PatientRecord &patient :
             named.isEmpty() ? catalogue.patients().value() : QList<PatientRecord>{}) {
            const StudyId candidate = findCase(catalogue, patient.pseudonym).value().study.id;
            auto review = CaseReview::open(folder, candidate, version);
            REQUIRE(review.hasValue());
            REQUIRE((*review)->score().hasValue());
            if ((*review)->events().size() > most) {
                most = (*review)->events().size();
                study = candidate;
            }
        }
        // A surgeon of their own: the demo's simulated surgeon has labelled the frames already.
        const QString name = QStringLiteral("Dr Review");
        surgeon = catalogue.findReader(name).value();
        if (!surgeon)
            surgeon = ReaderRecord{catalogue.addReader(name, ReaderRole::Surgeon).value(), name,
                                   ReaderRole::Surgeon, 0};
    }
    ReviewMode mode(folder, surgeon);
    mode.resize(1500, 920);
    mode.show();
    REQUIRE(QTest::qWaitForWindowExposed(&mode));
    QSignalSpy heat(&mode, &ReviewMode::heatMapReady);
    REQUIRE(mode.setCase(study));
    REQUIRE(mode.setVersion(version));
    QSignalSpy finished(&mode, &ReviewMode::scoringFinished);
    mode.startScoring();
    REQUIRE(finished.wait(600000));
    REQUIRE(mode.queue()->rowCount() > 2);
    if (heat.isEmpty())
        REQUIRE(heat.wait(60000));
    QTest::qWait(800);
    mode.grab().save(QDir(shots).filePath(QStringLiteral("review-mode.png")));

    // Two decisions, so the queue shows both and moves on; the next event without heat map.
    mode.decide(SurgeonDecision::Accept);
    mode.decide(SurgeonDecision::Reject);
    heat.clear();
    if (heat.isEmpty())
        heat.wait(60000);
    mode.setHeatMapOpacity(80);
    QTest::qWait(800);
    mode.grab().save(QDir(shots).filePath(QStringLiteral("review-decisions.png")));
    mode.setHeatMapShown(false);
    QTest::qWait(400);
    mode.grab().save(QDir(shots).filePath(QStringLiteral("review-without-heat-map.png")));

    // The case summary as PDF; the script turns it into a PNG.
    QSignalSpy written(&mode, &ReviewMode::reportWritten);
    mode.exportReport(QDir(shots).filePath(QStringLiteral("review-case-summary.pdf")));
    REQUIRE(written.wait(120000));
}
