#include "app/trainingservice.h"
#include "catalogue/project.h"
#include "smalldemo.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace iouslab;

namespace {

// Flips count of the first reader's labels, one small transaction each, as a labeller would.
int flipLabels(Catalogue &catalogue, int count, int offset = 0)
{
    const ReaderRecord reader = catalogue.readers().value().first();
    const QList<LabelRecord> labels = catalogue.labelsOfReader(reader.id).value();
    int written = 0;
    for (int i = offset; i < labels.size() && written < count; ++i) {
        const LabelRecord &label = labels[i];
        const LabelValue flipped =
            label.value == LabelValue::Lesion ? LabelValue::Normal : LabelValue::Lesion;
        REQUIRE(catalogue.setLabel(label.frameId, reader.id, flipped));
        ++written;
    }
    return written;
}

} // namespace

TEST_CASE("The training service trains in the background, pauses, cancels and retrains itself",
          "[app][train][slow]")
{
    QTemporaryDir temp;
    const QString folder = test::makeSmallDemoProject(temp, 11);
    auto project = Project::open(folder, Project::OpenMode::OpenExisting);
    REQUIRE(project.hasValue());
    Catalogue &catalogue = (*project)->catalogue();

    TrainingService service(folder);
    service.setSettings(test::quickTrainingSettings());
    service.setAutoRetrainThreshold(0);
    QSignalSpy states(&service, &TrainingService::stateChanged);
    QSignalSpy progress(&service, &TrainingService::progress);
    QSignalSpy finished(&service, &TrainingService::finished);
    QSignalSpy failed(&service, &TrainingService::failed);
    QSignalSpy cancelled(&service, &TrainingService::cancelled);

    // A training runs on a worker: start() returns at once and a second start is refused.
    QElapsedTimer clock;
    clock.start();
    REQUIRE(service.start());
    CHECK(clock.elapsed() < 1000);
    CHECK(service.state() == TrainingService::State::Training);
    CHECK_FALSE(service.start());

    // The test thread labels while the worker trains.
    const int duringTraining = flipLabels(catalogue, 7);
    CHECK(duringTraining == 7);
    REQUIRE(progress.wait(60000));
    const QList<QVariant> first = progress.first();
    CHECK(first.at(1).toInt() == 2); // two folds
    CHECK(first.at(3).toInt() >= 1);

    // Paused, no epoch ends; resumed, the training goes on to a model version.
    service.pause();
    CHECK(service.state() == TrainingService::State::Paused);
    QTest::qWait(1500); // an epoch under way may end at its next batch
    const int heldAt = progress.count();
    QTest::qWait(2000);
    CHECK(progress.count() == heldAt);
    CHECK(finished.isEmpty());
    service.resume();
    CHECK(service.state() == TrainingService::State::Training);
    REQUIRE(finished.wait(180000));
    CHECK(progress.count() > heldAt);
    CHECK(failed.isEmpty());
    CHECK(service.state() == TrainingService::State::Idle);
    const qint64 version = finished.first().at(0).toLongLong();
    CHECK(service.lastVersion() == version);
    CHECK(catalogue.modelVersion(version).value().has_value());
    CHECK(catalogue.modelVersions().value().size() == 1);
    CHECK(states.count() >= 4); // training, paused, training, idle

    // Labels written during that training count toward the next round.
    CHECK(service.pendingLabelChanges() == duringTraining);

    // Auto-retrain: below the threshold nothing starts; at the threshold a training does.
    service.setAutoRetrainThreshold(10);
    flipLabels(catalogue, 2, 7);
    service.labelsChanged();
    CHECK(service.state() == TrainingService::State::Idle);
    flipLabels(catalogue, 1, 9);
    service.labelsChanged();
    CHECK(service.state() == TrainingService::State::Training);

    // Cancelling that training leaves no new model version, and its labels still count.
    REQUIRE(progress.wait(60000));
    service.cancel();
    CHECK(service.state() == TrainingService::State::Cancelling);
    REQUIRE(cancelled.wait(60000));
    CHECK(service.state() == TrainingService::State::Idle);
    CHECK(finished.count() == 1);
    CHECK(catalogue.modelVersions().value().size() == 1);
    CHECK(service.pendingLabelChanges() == 10);
}
