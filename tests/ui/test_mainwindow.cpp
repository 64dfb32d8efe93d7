#include "catalogue/project.h"
#include "ui/mainwindow.h"

#include <catch2/catch.hpp>

#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace iouslab;

TEST_CASE("The window opens and shows the counts of the project", "[ui]")
{
    QTemporaryDir temp;
    const QString folder = temp.filePath(QStringLiteral("project"));
    {
        auto project = Project::open(folder, Project::OpenMode::CreateIfMissing);
        REQUIRE(project.hasValue());
        Catalogue &catalogue = (*project)->catalogue();
        for (int p = 0; p < 3; ++p) {
            const PatientId patient = catalogue.addPatient(QStringLiteral("P-UI%1").arg(p)).value();
            const StudyId study =
                catalogue.addStudy({0, patient, QStringLiteral("s"), {}, 0}).value();
            ClipRecord clip;
            clip.studyId = study;
            clip.sourcePath = QStringLiteral("clip%1.dcm").arg(p);
            clip.contentHash = QStringLiteral("hash%1").arg(p);
            clip.frameCount = 4;
            const ClipId clipId = catalogue.addClip(clip).value();
            REQUIRE(catalogue.addFrames(clipId, {0, 1, 2, 3}).hasValue());
        }
        const ReaderId reader =
            catalogue.addReader(QStringLiteral("lead"), ReaderRole::ProjectLead).value();
        REQUIRE(catalogue.setLabel(1, reader, LabelValue::Lesion).hasValue());
    }

    MainWindow window(folder);
    QSignalSpy shown(&window, &MainWindow::countsShown);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    REQUIRE((shown.count() > 0 || shown.wait(10000)));

    CHECK(window.findChild<QLabel *>(QStringLiteral("patientsValue"))->text() ==
          QStringLiteral("3"));
    CHECK(window.findChild<QLabel *>(QStringLiteral("clipsValue"))->text() == QStringLiteral("3"));
    CHECK(window.findChild<QLabel *>(QStringLiteral("framesValue"))->text() ==
          QStringLiteral("12"));
    CHECK(window.findChild<QLabel *>(QStringLiteral("labelsValue"))
              ->text()
              .startsWith(QStringLiteral("1 (normal 0, lesion 1")));
    auto *readers = window.findChild<QTableWidget *>(QStringLiteral("readersTable"));
    REQUIRE(readers->rowCount() == 1);
    CHECK(readers->item(0, 0)->text() == QStringLiteral("lead"));
    CHECK(readers->item(0, 3)->text() == QStringLiteral("1"));
}
