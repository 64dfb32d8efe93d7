#include "catalogue/project.h"
#include "smalldemo.h"
#include "ui/mainwindow.h"

#include <catch2/catch.hpp>

#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace iouslab;

TEST_CASE("The Model menu trains in the background and the status bar follows it",
          "[ui][train][slow]")
{
    QTemporaryDir temp;
    const QString folder = test::makeSmallDemoProject(temp, 5);
    ReaderRecord reader;
    ClipId clip = 0;
    {
        auto project = Project::open(folder, Project::OpenMode::OpenExisting);
        REQUIRE(project.hasValue());
        Catalogue &catalogue = (*project)->catalogue();
        reader = catalogue.readers().value().first();
        clip = catalogue.allClips().value().first().id;
        // The demo's 320 labels would start a training as the window opens (see the next
        // test); this one drives the trainings from the menu.
        REQUIRE(catalogue.setSetting(TrainingService::autoRetrainSettingKey(), "0"));
    }

    MainWindow window(folder, reader);
    QSignalSpy loaded(&window, &MainWindow::catalogueLoaded);
    window.show();
    window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&window));
    REQUIRE((loaded.count() > 0 || loaded.wait(20000)));
    QSignalSpy shown(&window, &MainWindow::frameShown);
    REQUIRE(window.openClip(clip));
    REQUIRE((shown.count() > 0 || shown.wait(10000)));

    TrainingService *service = window.trainingService();
    ml::TrainingSettings settings = test::quickTrainingSettings();
    service->setSettings(settings);
    auto *status = window.findChild<QLabel *>(QStringLiteral("trainingStatus"));
    REQUIRE(status);
    CHECK(status->text() == QStringLiteral("Model: idle; auto-retrain off"));

    // A label written with a key starts a training once the (small) threshold is reached.
    REQUIRE(service->setAutoRetrainThreshold(1));
    QTest::keyClick(&window, Qt::Key_L);
    QTest::keyClick(&window, Qt::Key_Backspace);
    REQUIRE(service->state() == TrainingService::State::Training);
    CHECK(status->text().startsWith(QStringLiteral("Model: training")));
    REQUIRE(service->setAutoRetrainThreshold(0));

    // Pause and cancel from the menu's keys.
    QTest::keyClick(&window, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    CHECK(service->state() == TrainingService::State::Paused);
    CHECK(status->text() == QStringLiteral("Model: paused"));
    QSignalSpy cancelled(service, &TrainingService::cancelled);
    QTest::keyClick(&window, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    REQUIRE((cancelled.count() > 0 || cancelled.wait(60000)));
    CHECK(status->text() == QStringLiteral("Model: idle; auto-retrain off"));

    // Train now runs to a model version, with progress on the status bar meanwhile.
    QSignalSpy progress(service, &TrainingService::progress);
    QSignalSpy finished(service, &TrainingService::finished);
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
    CHECK(service->state() == TrainingService::State::Training);
    REQUIRE(progress.wait(60000));
    CHECK(status->text().contains(QStringLiteral("epoch")));
    REQUIRE(finished.wait(180000));
    CHECK(status->text() == QStringLiteral("Model: idle, version %1; auto-retrain off")
                                .arg(finished.first().at(0).toLongLong()));
}

TEST_CASE("A project with enough labels trains its first model as the window opens",
          "[ui][train][slow]")
{
    QTemporaryDir temp;
    const QString folder = test::makeSmallDemoProject(temp, 6);
    ReaderRecord reader;
    qint64 pending = 0;
    {
        auto project = Project::open(folder, Project::OpenMode::OpenExisting);
        REQUIRE(project.hasValue());
        Catalogue &catalogue = (*project)->catalogue();
        reader = catalogue.readers().value().first();
        REQUIRE(catalogue.modelVersions().value().isEmpty());
        // Every label and adjudication the demo wrote counts toward the first training.
        pending = catalogue.labelChangesSince(0).value();
        // Two readers' labels, none trained on yet: above the default threshold.
        REQUIRE(catalogue.counts().value().labels >= TrainingService::defaultAutoRetrainThreshold);
        // A threshold stored in the project holds when the window opens.
        REQUIRE(catalogue.setSetting(TrainingService::autoRetrainSettingKey(), "100000"));
    }

    {
        MainWindow window(folder, reader);
        QSignalSpy loaded(&window, &MainWindow::catalogueLoaded);
        window.show();
        REQUIRE((loaded.count() > 0 || loaded.wait(20000)));
        TrainingService *service = window.trainingService();
        CHECK(service->autoRetrainThreshold() == 100000);
        CHECK(service->state() == TrainingService::State::Idle);
        auto *status = window.findChild<QLabel *>(QStringLiteral("trainingStatus"));
        REQUIRE(status);
        CHECK(status->text().toStdString() ==
              QStringLiteral("Model: idle; %1 of 100000 label changes toward the next training")
                  .arg(pending)
                  .toStdString());
        // Lowered from the menu's setting, it is stored in the project.
        REQUIRE(service->setAutoRetrainThreshold(TrainingService::defaultAutoRetrainThreshold));
    }

    MainWindow window(folder, reader);
    QSignalSpy loaded(&window, &MainWindow::catalogueLoaded);
    window.show();
    REQUIRE((loaded.count() > 0 || loaded.wait(20000)));
    TrainingService *service = window.trainingService();
    CHECK(service->autoRetrainThreshold() == TrainingService::defaultAutoRetrainThreshold);
    CHECK(service->state() == TrainingService::State::Training);
    auto *status = window.findChild<QLabel *>(QStringLiteral("trainingStatus"));
    REQUIRE(status);
    CHECK(status->text().startsWith(QStringLiteral("Model: training")));
    // Closing the window cancels the training and writes no version.
}
