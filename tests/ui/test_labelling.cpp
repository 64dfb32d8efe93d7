// The labelling workstation driven from the keyboard, on a project made by the real Importer
// from shared test files, so that the frames on screen come from the real frame store.
#include "app/importer.h"
#include "app/labelsession.h"
#include "catalogue/project.h"
#include "io/framestore.h"
#include "testsupport.h"
#include "ui/adjudicationdialog.h"
#include "ui/agreementdialog.h"
#include "ui/cataloguetreemodel.h"
#include "ui/frameloader.h"
#include "ui/frameview.h"
#include "ui/helpoverlay.h"
#include "ui/importdialog.h"
#include "ui/mainwindow.h"
#include "ui/readerdialog.h"

#include <catch2/catch.hpp>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace iouslab;

namespace {

const QString videoFile = QStringLiteral("video/sonosite_30f_h264.mp4");
const QString dicomFile = QStringLiteral("dicom/pydicom-data/OBXXXX1A_2frame.dcm");

// A project with a 30-frame video clip and a 2-frame DICOM clip, imported for real, and three
// readers: a radiologist, a surgeon and a project lead.
struct Fixture
{
    QTemporaryDir temp;
    QString folder;
    std::unique_ptr<Project> project;
    ClipId video = 0;
    ClipId dicom = 0;
    ReaderRecord radiologist;
    ReaderRecord surgeon;
    ReaderRecord lead;

    Fixture()
    {
        folder = temp.filePath(QStringLiteral("project"));
        auto opened = Project::open(folder, Project::OpenMode::CreateIfMissing);
        REQUIRE(opened.hasValue());
        project = std::move(*opened);
        Importer importer(*project);
        const auto videoResult = importer.importFile(test::sharedData(videoFile));
        INFO(videoResult.message.toStdString());
        REQUIRE(videoResult.outcome == Importer::Outcome::Imported);
        const auto dicomResult = importer.importFile(test::sharedData(dicomFile));
        INFO(dicomResult.message.toStdString());
        REQUIRE(dicomResult.outcome == Importer::Outcome::Imported);
        video = videoResult.clip;
        dicom = dicomResult.clip;
        radiologist = addReader(QStringLiteral("rad"), ReaderRole::Radiologist);
        surgeon = addReader(QStringLiteral("surg"), ReaderRole::Surgeon);
        lead = addReader(QStringLiteral("lead"), ReaderRole::ProjectLead);
    }

    ReaderRecord addReader(const QString &name, ReaderRole role)
    {
        const ReaderId id = catalogue().addReader(name, role).value();
        return ReaderRecord{id, name, role, 0};
    }

    Catalogue &catalogue() { return project->catalogue(); }

    FrameId frame(ClipId clip, int index)
    {
        const auto id = catalogue().frameId(clip, index).value();
        REQUIRE(id.has_value());
        return *id;
    }

    // The label of a frame as the catalogue holds it, read through the test's own connection.
    std::optional<LabelValue> labelOf(ClipId clip, int index, const ReaderRecord &reader)
    {
        const auto record = catalogue().label(frame(clip, index), reader.id).value();
        return record ? std::optional<LabelValue>(record->value) : std::nullopt;
    }
};

// Opens the window for reader on the fixture's video clip and waits for its first frame.
std::unique_ptr<MainWindow> openWindow(Fixture &fixture, const ReaderRecord &reader)
{
    auto window = std::make_unique<MainWindow>(fixture.folder, reader);
    QSignalSpy loaded(window.get(), &MainWindow::catalogueLoaded);
    window->show();
    window->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(window.get()));
    REQUIRE((loaded.count() > 0 || loaded.wait(20000)));
    QSignalSpy shown(window.get(), &MainWindow::frameShown);
    REQUIRE(window->openClip(fixture.video));
    REQUIRE((shown.count() > 0 || shown.wait(10000)));
    return window;
}

void press(MainWindow &window, int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QTest::keyClick(&window, Qt::Key(key), modifiers);
}

} // namespace

TEST_CASE("The viewer shows the clip's own frames from the frame store", "[ui]")
{
    Fixture fixture;
    auto window = openWindow(fixture, fixture.radiologist);

    const auto clip = fixture.catalogue().clip(fixture.video).value();
    REQUIRE(clip.has_value());
    auto store = FrameStoreReader::open(fixture.project->framesFolder(), clip->contentHash);
    REQUIRE(store.hasValue());

    QSignalSpy shown(window.get(), &MainWindow::frameShown);
    press(*window, Qt::Key_Right, Qt::ShiftModifier);
    CHECK(window->currentFrame() == 10);
    if (window->frameView()->image().isNull() || shown.isEmpty())
        REQUIRE(shown.wait(10000));
    const QImage image = window->frameView()->image();
    const cv::Mat stored = (*store)->displayFrame(10);
    REQUIRE(image.width() == stored.cols);
    REQUIRE(image.height() == stored.rows);
    // Same bytes, row by row: the viewer draws what the importer stored, nothing else.
    const int rowBytes = stored.cols * stored.channels();
    bool same = true;
    for (int y = 0; y < stored.rows && same; ++y)
        same = std::equal(stored.ptr<uchar>(y), stored.ptr<uchar>(y) + rowBytes,
                          image.constScanLine(y));
    CHECK(same);

    // The loader prefetched ahead of the position.
    QTRY_VERIFY_WITH_TIMEOUT(window->loader()->hasFrame(14), 5000);
}

TEST_CASE("N, L, U and Backspace write labels to the catalogue the moment they are given", "[ui]")
{
    Fixture fixture;
    auto window = openWindow(fixture, fixture.radiologist);
    const ReaderRecord &rad = fixture.radiologist;

    press(*window, Qt::Key_N);
    CHECK(fixture.labelOf(fixture.video, 0, rad) == LabelValue::Normal);
    press(*window, Qt::Key_Right);
    press(*window, Qt::Key_L);
    CHECK(fixture.labelOf(fixture.video, 1, rad) == LabelValue::Lesion);
    press(*window, Qt::Key_Right);
    press(*window, Qt::Key_U);
    CHECK(fixture.labelOf(fixture.video, 2, rad) == LabelValue::Ungradable);
    CHECK(window->findChild<QLabel *>(QStringLiteral("currentLabel"))->text() ==
          QStringLiteral("UNGRADABLE"));
    press(*window, Qt::Key_Backspace);
    CHECK_FALSE(fixture.labelOf(fixture.video, 2, rad).has_value());
    // Relabelling a frame replaces the reader's label.
    press(*window, Qt::Key_Left);
    press(*window, Qt::Key_N);
    CHECK(fixture.labelOf(fixture.video, 1, rad) == LabelValue::Normal);

    // Each change is in the audit trail, in order: frame 1 went lesion then normal.
    const auto trail = fixture.catalogue().auditTrail(fixture.frame(fixture.video, 1)).value();
    REQUIRE(trail.size() == 2);
    CHECK(trail.at(0).newValue == LabelValue::Lesion);
    CHECK(trail.at(1).oldValue == LabelValue::Lesion);
    CHECK(trail.at(1).newValue == LabelValue::Normal);

    // Shift steps ten frames, End goes to the last; J finds the next unlabelled frame.
    press(*window, Qt::Key_Right, Qt::ShiftModifier);
    CHECK(window->currentFrame() == 11);
    press(*window, Qt::Key_End);
    CHECK(window->currentFrame() == 29);
    press(*window, Qt::Key_J);
    CHECK(window->currentFrame() == 2); // wraps round: 0 and 1 are labelled
}

TEST_CASE("[ and ] mark a range that one key labels whole", "[ui]")
{
    Fixture fixture;
    auto window = openWindow(fixture, fixture.radiologist);
    const ReaderRecord &rad = fixture.radiologist;

    window->setCurrentFrame(5);
    press(*window, Qt::Key_BracketLeft);
    for (int i = 0; i < 4; ++i)
        press(*window, Qt::Key_Right);
    press(*window, Qt::Key_BracketRight);
    press(*window, Qt::Key_L);
    for (int index = 5; index <= 9; ++index)
        CHECK(fixture.labelOf(fixture.video, index, rad) == LabelValue::Lesion);
    CHECK_FALSE(fixture.labelOf(fixture.video, 4, rad).has_value());
    CHECK_FALSE(fixture.labelOf(fixture.video, 10, rad).has_value());

    // A range marked backwards, from its end only: [ at 20, then back to 17, N.
    window->setCurrentFrame(20);
    press(*window, Qt::Key_BracketLeft);
    window->setCurrentFrame(17);
    press(*window, Qt::Key_N);
    for (int index = 17; index <= 20; ++index)
        CHECK(fixture.labelOf(fixture.video, index, rad) == LabelValue::Normal);
    // The range is used up: the next key labels one frame.
    press(*window, Qt::Key_U);
    CHECK(fixture.labelOf(fixture.video, 17, rad) == LabelValue::Ungradable);
    CHECK(fixture.labelOf(fixture.video, 18, rad) == LabelValue::Normal);
}

TEST_CASE("Ctrl+Z undoes and Ctrl+Shift+Z redoes label steps, ranges as one step", "[ui]")
{
    Fixture fixture;
    auto window = openWindow(fixture, fixture.radiologist);
    const ReaderRecord &rad = fixture.radiologist;

    press(*window, Qt::Key_N); // frame 0 normal
    window->setCurrentFrame(3);
    press(*window, Qt::Key_BracketLeft);
    window->setCurrentFrame(6);
    press(*window, Qt::Key_BracketRight);
    press(*window, Qt::Key_L); // frames 3-6 lesion
    window->setCurrentFrame(0);
    press(*window, Qt::Key_U); // frame 0 normal -> ungradable

    press(*window, Qt::Key_Z, Qt::ControlModifier);
    CHECK(fixture.labelOf(fixture.video, 0, rad) == LabelValue::Normal);
    press(*window, Qt::Key_Z, Qt::ControlModifier);
    for (int index = 3; index <= 6; ++index)
        CHECK_FALSE(fixture.labelOf(fixture.video, index, rad).has_value());
    CHECK(fixture.labelOf(fixture.video, 0, rad) == LabelValue::Normal);

    press(*window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    for (int index = 3; index <= 6; ++index)
        CHECK(fixture.labelOf(fixture.video, index, rad) == LabelValue::Lesion);
    press(*window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    CHECK(fixture.labelOf(fixture.video, 0, rad) == LabelValue::Ungradable);
    CHECK_FALSE(window->session()->canRedo());

    // A new label after an undo drops the redo step.
    press(*window, Qt::Key_Z, Qt::ControlModifier);
    press(*window, Qt::Key_L);
    CHECK_FALSE(window->session()->canRedo());
    CHECK(fixture.labelOf(fixture.video, 0, rad) == LabelValue::Lesion);
}

TEST_CASE("Blinded readers see only their own labels; a project lead sees all", "[ui]")
{
    Fixture fixture;
    Catalogue &catalogue = fixture.catalogue();
    REQUIRE(
        catalogue
            .setLabel(fixture.frame(fixture.video, 0), fixture.radiologist.id, LabelValue::Lesion)
            .hasValue());

    {
        auto window = openWindow(fixture, fixture.surgeon);
        LabelSession *session = window->session();
        CHECK_FALSE(session->seesAllLabels());
        CHECK(session->visibleLabels(0).isEmpty());
        CHECK_FALSE(session->ownLabel(0).has_value());
        CHECK(session->reference(0) == ReferenceState::Unlabelled);
        CHECK(window->findChild<QLabel *>(QStringLiteral("currentLabel"))->text() ==
              QStringLiteral("UNLABELLED"));
        CHECK_FALSE(window->findChild<QLabel *>(QStringLiteral("readsLabel"))
                        ->text()
                        .contains(QStringLiteral("lesion")));
        // Nor do the summary counts give the radiologist's label away.
        CHECK(window->findChild<QLabel *>(QStringLiteral("labelsValue"))
                  ->text()
                  .startsWith(QStringLiteral("0 (")));
        // The tree counts only the surgeon's own labels.
        const QModelIndex clip = window->treeModel()->indexOfClip(fixture.video);
        CHECK(clip.data(CatalogueTreeModel::LabelledRole).toLongLong() == 0);

        press(*window, Qt::Key_N);
        CHECK(session->visibleLabels(0).size() == 1);
        CHECK(session->visibleLabels(0).first().readerId == fixture.surgeon.id);
    }

    auto window = openWindow(fixture, fixture.lead);
    LabelSession *session = window->session();
    CHECK(session->seesAllLabels());
    REQUIRE(session->visibleLabels(0).size() == 2);
    CHECK(session->reference(0) == ReferenceState::Unresolved);
    const QString reads = window->findChild<QLabel *>(QStringLiteral("readsLabel"))->text();
    CHECK(reads.contains(QStringLiteral("rad")));
    CHECK(reads.contains(QStringLiteral("surg")));
    const QModelIndex clip = window->treeModel()->indexOfClip(fixture.video);
    CHECK(clip.data(CatalogueTreeModel::DisagreementsRole).toLongLong() == 1);
}

TEST_CASE("A project lead's adjudication becomes the reference label and keeps both reads", "[ui]")
{
    Fixture fixture;
    Catalogue &catalogue = fixture.catalogue();
    const FrameId frame = fixture.frame(fixture.video, 3);
    REQUIRE(catalogue.setLabel(frame, fixture.radiologist.id, LabelValue::Lesion).hasValue());
    REQUIRE(catalogue.setLabel(frame, fixture.surgeon.id, LabelValue::Normal).hasValue());
    // An agreed frame stays out of the queue.
    REQUIRE(
        catalogue
            .setLabel(fixture.frame(fixture.video, 4), fixture.radiologist.id, LabelValue::Normal)
            .hasValue());
    REQUIRE(
        catalogue.setLabel(fixture.frame(fixture.video, 4), fixture.surgeon.id, LabelValue::Normal)
            .hasValue());

    auto window = openWindow(fixture, fixture.lead);
    AdjudicationDialog dialog(window->cataloguePath(), *window->session(), window.get());
    QSignalSpy shown(&dialog, &AdjudicationDialog::queueShown);
    dialog.show();
    REQUIRE(QTest::qWaitForWindowExposed(&dialog));
    REQUIRE((shown.count() > 0 || shown.wait(10000)));
    REQUIRE(dialog.model()->rowCount() == 1);
    CHECK(dialog.model()->index(0, 0).data(AdjudicationQueueModel::FrameIdRole).toLongLong() ==
          frame);

    QSignalSpy changed(dialog.model(), &QAbstractItemModel::dataChanged);
    dialog.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&dialog));
    QTest::keyClick(dialog.view(), Qt::Key_L);
    CHECK(changed.count() == 1);

    const auto decision = catalogue.adjudication(frame).value();
    REQUIRE(decision.has_value());
    CHECK(decision->value == LabelValue::Lesion);
    CHECK(decision->readerId == fixture.lead.id);
    // Both reads are still there.
    CHECK(catalogue.labels(frame).value().size() == 2);
    // And the frame's reference label is now the lead's choice.
    const auto snapshot = loadReviewSnapshot(catalogue).value();
    CHECK(disagreements(snapshot).first().adjudication.has_value());
    CHECK(window->session()->reference(3) == ReferenceState::Lesion);
    qint64 lesionFrames = 0;
    for (const DatasetBalance::Patient &patient : datasetBalance(snapshot).patients)
        lesionFrames += patient.lesion;
    CHECK(lesionFrames == 1);
    // A blinded reader cannot adjudicate.
    LabelSession blinded(catalogue, fixture.surgeon);
    CHECK_FALSE(blinded.adjudicate(frame, LabelValue::Normal).hasValue());
}

TEST_CASE("The tree's counts follow new labels", "[ui]")
{
    Fixture fixture;
    auto window = openWindow(fixture, fixture.radiologist);
    CatalogueTreeModel *model = window->treeModel();
    const QModelIndex clip = model->indexOfClip(fixture.video);
    const QModelIndex study = clip.parent();
    const QModelIndex patient = study.parent();
    REQUIRE(clip.isValid());
    REQUIRE(patient.isValid());
    CHECK(clip.data(CatalogueTreeModel::FramesRole).toLongLong() == 30);
    CHECK(clip.data(CatalogueTreeModel::LabelledRole).toLongLong() == 0);

    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    press(*window, Qt::Key_L);
    // The clip, its study and its patient each say they changed.
    REQUIRE(changed.count() == 3);
    CHECK(changed.at(0).at(0).value<QModelIndex>() == clip);
    CHECK(changed.at(2).at(0).value<QModelIndex>() == patient);
    CHECK(clip.data(CatalogueTreeModel::LabelledRole).toLongLong() == 1);
    CHECK(clip.data(CatalogueTreeModel::LesionRole).toLongLong() == 1);
    CHECK(patient.data(CatalogueTreeModel::LabelledRole).toLongLong() >= 1);
    CHECK(clip.sibling(clip.row(), CatalogueTreeModel::LabelledColumn).data().toString() ==
          QStringLiteral("3 %"));

    // Filters follow too: with lesion frames, the video clip shows; the DICOM clip does not.
    CatalogueFilterModel *filter = window->filterModel();
    filter->setFilter(CatalogueFilterModel::Filter::Lesion);
    CHECK(filter->mapFromSource(clip).isValid());
    CHECK_FALSE(filter->mapFromSource(model->indexOfClip(fixture.dicom)).isValid());

    changed.clear();
    press(*window, Qt::Key_Z, Qt::ControlModifier);
    CHECK(changed.count() == 3);
    CHECK(clip.data(CatalogueTreeModel::LabelledRole).toLongLong() == 0);
    CHECK_FALSE(filter->mapFromSource(clip).isValid());
}

TEST_CASE("Space plays the clip and stops it; ? shows the keys", "[ui]")
{
    Fixture fixture;
    auto window = openWindow(fixture, fixture.radiologist);
    press(*window, Qt::Key_Space);
    CHECK(window->isPlaying());
    QTRY_VERIFY_WITH_TIMEOUT(window->currentFrame() >= 5, 5000);
    press(*window, Qt::Key_Space);
    CHECK_FALSE(window->isPlaying());

    press(*window, Qt::Key_Period);
    CHECK(window->playbackSpeed() == 2.0);

    CHECK_FALSE(window->helpOverlay()->isVisible());
    press(*window, Qt::Key_F1);
    CHECK(window->helpOverlay()->isVisible());
    QTest::keyClick(window->helpOverlay(), Qt::Key_Escape);
    CHECK_FALSE(window->helpOverlay()->isVisible());
}

TEST_CASE("The import dialog imports with progress, and a cancel leaves no half clip", "[ui]")
{
    QTemporaryDir temp;
    const QString folder = temp.filePath(QStringLiteral("project"));
    REQUIRE(Project::open(folder, Project::OpenMode::CreateIfMissing).hasValue());

    {
        // Cancelled at the first progress report: the unfinished clip leaves no trace.
        ImportDialog dialog(folder);
        dialog.addPaths({test::sharedData(videoFile)});
        QSignalSpy finished(&dialog, &ImportDialog::importFinished);
        QObject::connect(&dialog, &ImportDialog::progressed, &dialog, &ImportDialog::cancelImport);
        dialog.startImport();
        REQUIRE(finished.wait(30000));
        CHECK(dialog.summary().cancelled);
        CHECK(dialog.summary().clipsImported == 0);
        auto project = Project::open(folder, Project::OpenMode::OpenExisting);
        REQUIRE(project.hasValue());
        const CatalogueCounts counts = (*project)->catalogue().counts().value();
        CHECK(counts.clips == 0);
        CHECK(counts.frames == 0);
        CHECK(QDir((*project)->framesFolder()).entryList(QDir::Files).isEmpty());
    }

    ImportDialog dialog(folder);
    dialog.addPaths({test::sharedData(videoFile), test::sharedData(dicomFile),
                     test::sharedData(QStringLiteral("video/sonosite_30f_h264_truncated.mp4"))});
    QSignalSpy finished(&dialog, &ImportDialog::importFinished);
    QSignalSpy progressed(&dialog, &ImportDialog::progressed);
    dialog.startImport();
    REQUIRE(finished.wait(60000));
    CHECK(progressed.count() > 0);
    CHECK_FALSE(dialog.summary().cancelled);
    CHECK(dialog.summary().clipsImported == 2);
    CHECK(dialog.summary().framesImported == 32);
    CHECK(dialog.summary().refused == 1);
    CHECK(dialog.summary().messages.join('\n').contains(QStringLiteral("truncated")));
}

TEST_CASE("Once a model has scored frames, M jumps to the least certain one and the timeline "
          "shows the probabilities",
          "[ui]")
{
    Fixture fixture;
    Catalogue &catalogue = fixture.catalogue();
    ModelVersionRecord version;
    version.architecture = QStringLiteral("test");
    const ModelVersionId model = catalogue.addModelVersion(version).value();
    // Probabilities of the video's frames run from 0 to 0.87 in steps of 0.03; frame 17
    // (0.51) is nearest 0.5, then frame 16 (0.48), then frame 18 (0.54).
    QList<PredictionRecord> predictions;
    for (int index = 0; index < 30; ++index)
        predictions << PredictionRecord{model, fixture.frame(fixture.video, index), -1,
                                        0.03 * index};
    // The DICOM clip's second frame is the most uncertain of all, on another patient.
    predictions << PredictionRecord{model, fixture.frame(fixture.dicom, 1), -1, 0.5};
    // Out-of-fold scores do not count.
    predictions << PredictionRecord{model, fixture.frame(fixture.video, 2), 0, 0.5};
    REQUIRE(catalogue.addPredictions(predictions).hasValue());

    auto window = openWindow(fixture, fixture.radiologist);
    press(*window, Qt::Key_M);
    CHECK(window->session()->clipId() == fixture.dicom);
    CHECK(window->currentFrame() == 1);
    press(*window, Qt::Key_M);
    CHECK(window->session()->clipId() == fixture.video);
    CHECK(window->currentFrame() == 17);
    press(*window, Qt::Key_N);
    press(*window, Qt::Key_M);
    CHECK(window->currentFrame() == 16);
    CHECK(window->findChild<QLabel *>(QStringLiteral("readsLabel"))
              ->text()
              .contains(QStringLiteral("0.48")));
}

TEST_CASE("The reader dialog creates a reader with a role and offers it first next time", "[ui]")
{
    QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
    Fixture fixture;
    Catalogue &catalogue = fixture.catalogue();

    ReaderDialog first(catalogue);
    first.findChild<QComboBox *>(QStringLiteral("readerCombo"))->setCurrentIndex(0);
    first.findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("Dr New"));
    auto *role = first.findChild<QComboBox *>(QStringLiteral("roleCombo"));
    role->setCurrentIndex(role->findData(int(ReaderRole::Surgeon)));
    first.accept();
    REQUIRE(first.reader().has_value());
    CHECK(first.reader()->role == ReaderRole::Surgeon);
    const auto stored = catalogue.findReader(QStringLiteral("Dr New")).value();
    REQUIRE(stored.has_value());
    CHECK(stored->role == ReaderRole::Surgeon);

    // A second dialog starts on the remembered reader; accepting it creates nothing new.
    const auto remembered = ReaderDialog::rememberedReader(catalogue);
    REQUIRE(remembered.has_value());
    CHECK(remembered->id == stored->id);
    ReaderDialog second(catalogue);
    CHECK(second.findChild<QComboBox *>(QStringLiteral("readerCombo"))->currentIndex() > 0);
    second.accept();
    REQUIRE(second.reader().has_value());
    CHECK(second.reader()->id == stored->id);
    CHECK(catalogue.readers().value().size() == 4);

    // A name already taken is refused with a message, not a second reader.
    ReaderDialog third(catalogue);
    third.findChild<QComboBox *>(QStringLiteral("readerCombo"))->setCurrentIndex(0);
    third.findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("rad"));
    third.accept();
    CHECK_FALSE(third.reader().has_value());
    CHECK(catalogue.readers().value().size() == 4);
}

TEST_CASE("The agreement dialog shows the kappa worked by hand for two readers", "[ui]")
{
    Fixture fixture;
    Catalogue &catalogue = fixture.catalogue();
    // Frames 0-3 of the video: (normal, normal) (lesion, lesion) (lesion, normal)
    // (normal, normal). As worked in tests/app/test_agreement.cpp: po = 3/4, pe = 1/2,
    // Cohen's kappa = 0.5; Fleiss' (Scott's pi for two readers) = 14/30 = 0.467.
    const LabelValue rad[] = {LabelValue::Normal, LabelValue::Lesion, LabelValue::Lesion,
                              LabelValue::Normal};
    const LabelValue surg[] = {LabelValue::Normal, LabelValue::Lesion, LabelValue::Normal,
                               LabelValue::Normal};
    for (int index = 0; index < 4; ++index) {
        const FrameId frame = fixture.frame(fixture.video, index);
        REQUIRE(catalogue.setLabel(frame, fixture.radiologist.id, rad[index]).hasValue());
        REQUIRE(catalogue.setLabel(frame, fixture.surgeon.id, surg[index]).hasValue());
    }

    AgreementDialog dialog(fixture.project->cataloguePath());
    QSignalSpy shown(&dialog, &AgreementDialog::reportShown);
    dialog.show();
    REQUIRE((shown.count() > 0 || shown.wait(10000)));
    QTableWidget *table = dialog.table();
    REQUIRE(table->rowCount() == 2);
    const QLocale locale;
    CHECK(table->item(0, 1)->text().contains(QStringLiteral("rad")));
    CHECK(table->item(0, 2)->text() == locale.toString(0.5, 'f', 3));
    CHECK(table->item(0, 3)->text() == locale.toString(75.0, 'f', 1));
    CHECK(table->item(0, 4)->text() == QStringLiteral("4"));
    CHECK(table->item(1, 2)->text() == locale.toString(14.0 / 30.0, 'f', 3));
}
