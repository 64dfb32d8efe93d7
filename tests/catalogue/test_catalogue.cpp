#include "cataloguefixture.h"

#include <QFile>

using namespace iouslab;

TEST_CASE("A new catalogue is created at the latest schema version", "[catalogue]")
{
    test::CatalogueFixture fixture;
    CHECK(fixture.catalogue->schemaVersion() == Catalogue::latestSchemaVersion());
    CHECK(Catalogue::latestSchemaVersion() >= 2);
}

TEST_CASE("Patients, studies, clips and frames round-trip", "[catalogue]")
{
    test::CatalogueFixture fixture(3);
    Catalogue &catalogue = *fixture.catalogue;

    const auto patient = catalogue.findPatient(QStringLiteral("P-TEST0001")).value();
    REQUIRE(patient.has_value());
    CHECK(patient->id == fixture.patient);
    CHECK(catalogue.patients().value().size() == 1);

    const auto study = catalogue.findStudy(fixture.patient, QStringLiteral("study-key-1")).value();
    REQUIRE(study.has_value());
    CHECK(study->id == fixture.studyId);
    CHECK(catalogue.studies(fixture.patient).value().size() == 1);

    ClipRecord clip;
    clip.studyId = fixture.studyId;
    clip.sourcePath = QStringLiteral("/data/video.mp4");
    clip.contentHash = QStringLiteral("hash-video");
    clip.instanceKey = QStringLiteral("instance-video");
    clip.kind = ClipKind::Video;
    clip.frameCount = 120;
    clip.frameRate = 29.97;
    clip.width = 800;
    clip.height = 600;
    clip.region = QRect(10, 20, 640, 480);
    const ClipId clipId = catalogue.addClip(clip).value();
    const auto stored = catalogue.clip(clipId).value();
    REQUIRE(stored.has_value());
    CHECK(stored->sourcePath == clip.sourcePath);
    CHECK(stored->contentHash == clip.contentHash);
    CHECK(stored->instanceKey == clip.instanceKey);
    CHECK(stored->kind == ClipKind::Video);
    CHECK(stored->frameCount == 120);
    CHECK(stored->frameRate.value() == Approx(29.97));
    CHECK(stored->width == 800);
    CHECK(stored->height == 600);
    CHECK(stored->region == QRect(10, 20, 640, 480));
    CHECK(catalogue.findClipByContentHash(QStringLiteral("hash-video")).value() == clipId);
    CHECK(catalogue.findClipByInstanceKey(QStringLiteral("instance-video")).value() == clipId);
    CHECK_FALSE(catalogue.findClipByContentHash(QStringLiteral("other")).value().has_value());
    CHECK(catalogue.clips(fixture.studyId).value().size() == 2);

    REQUIRE(catalogue.setClipRegion(clipId, QRect(1, 2, 3, 4)).hasValue());
    CHECK(catalogue.clip(clipId).value()->region == QRect(1, 2, 3, 4));

    const QList<FrameRecord> frames = catalogue.frames(fixture.clipId).value();
    REQUIRE(frames.size() == 3);
    CHECK(frames.at(2).index == 2);
    CHECK(frames.at(2).timeS == Approx(2 / 25.0));
    CHECK(frames.at(2).id == fixture.frames.at(2));
}

TEST_CASE("A duplicate content hash is refused by the catalogue", "[catalogue]")
{
    test::CatalogueFixture fixture;
    ClipRecord clip;
    clip.studyId = fixture.studyId;
    clip.sourcePath = QStringLiteral("/elsewhere/sweep1.dcm");
    clip.contentHash = QStringLiteral("hash-1");
    const auto added = fixture.catalogue->addClip(clip);
    REQUIRE_FALSE(added.hasValue());
    CHECK(added.error().contains(QStringLiteral("UNIQUE")));
}

TEST_CASE("Readers, labels and adjudications round-trip", "[catalogue]")
{
    test::CatalogueFixture fixture;
    Catalogue &catalogue = *fixture.catalogue;

    const auto reader = catalogue.findReader(QStringLiteral("bob")).value();
    REQUIRE(reader.has_value());
    CHECK(reader->role == ReaderRole::Surgeon);
    CHECK(catalogue.readers().value().size() == 2);
    CHECK_FALSE(catalogue.addReader(QStringLiteral("bob"), ReaderRole::Surgeon).hasValue());

    const FrameId frame = fixture.frames.at(4);
    REQUIRE(catalogue.setLabel(frame, fixture.alice, LabelValue::Lesion, 1000).hasValue());
    REQUIRE(catalogue.setLabel(frame, fixture.bob, LabelValue::Normal, 2000).hasValue());
    const auto label = catalogue.label(frame, fixture.alice).value();
    REQUIRE(label.has_value());
    CHECK(label->value == LabelValue::Lesion);
    CHECK(label->labelledAtMs == 1000);
    CHECK(catalogue.labels(frame).value().size() == 2);
    CHECK(catalogue.labelsOfReader(fixture.bob).value().size() == 1);

    REQUIRE(catalogue.setAdjudication(frame, fixture.alice, LabelValue::Lesion, 3000).hasValue());
    const auto decision = catalogue.adjudication(frame).value();
    REQUIRE(decision.has_value());
    CHECK(decision->value == LabelValue::Lesion);
    CHECK(decision->readerId == fixture.alice);
    REQUIRE(catalogue.clearAdjudication(frame).hasValue());
    CHECK_FALSE(catalogue.adjudication(frame).value().has_value());

    REQUIRE(catalogue.clearLabel(frame, fixture.alice).hasValue());
    CHECK_FALSE(catalogue.label(frame, fixture.alice).value().has_value());
}

TEST_CASE("A label for a frame that does not exist is refused", "[catalogue]")
{
    test::CatalogueFixture fixture;
    CHECK_FALSE(fixture.catalogue->setLabel(999999, fixture.alice, LabelValue::Normal).hasValue());
}

TEST_CASE("Model versions, predictions and settings round-trip", "[catalogue]")
{
    test::CatalogueFixture fixture;
    Catalogue &catalogue = *fixture.catalogue;

    ModelVersionRecord first;
    first.architecture = QStringLiteral("compact");
    first.settingsJson = QStringLiteral("{\"folds\":4}");
    first.labelSnapshot = QStringLiteral("{\"lesion\":3}");
    first.labelHash = QStringLiteral("abc");
    first.weightsPath = QStringLiteral("models/1.pt");
    first.weightsHash = QStringLiteral("def");
    first.metricsJson = QStringLiteral("{\"auc\":0.8}");
    const ModelVersionId firstId = catalogue.addModelVersion(first).value();
    ModelVersionRecord second = first;
    second.parentId = firstId;
    const ModelVersionId secondId = catalogue.addModelVersion(second).value();

    const auto stored = catalogue.modelVersion(secondId).value();
    REQUIRE(stored.has_value());
    CHECK(stored->parentId == firstId);
    CHECK(stored->architecture == QStringLiteral("compact"));
    CHECK(stored->settingsJson == first.settingsJson);
    CHECK(stored->labelSnapshot == first.labelSnapshot);
    CHECK(stored->labelHash == first.labelHash);
    CHECK(stored->weightsPath == first.weightsPath);
    CHECK(stored->weightsHash == first.weightsHash);
    CHECK(stored->metricsJson == first.metricsJson);
    CHECK_FALSE(stored->lockedThreshold.has_value());
    CHECK(catalogue.modelVersions().value().size() == 2);

    REQUIRE(catalogue.setLockedThreshold(secondId, 0.37).hasValue());
    CHECK(catalogue.modelVersion(secondId).value()->lockedThreshold.value() == Approx(0.37));

    QList<PredictionRecord> predictions;
    for (int i = 0; i < fixture.frames.size(); ++i)
        predictions << PredictionRecord{secondId, fixture.frames.at(i), i % 4, i / 10.0};
    REQUIRE(catalogue.addPredictions(predictions).hasValue());
    const QList<PredictionRecord> read = catalogue.predictions(secondId).value();
    REQUIRE(read.size() == predictions.size());
    CHECK(read.at(3).fold == 3);
    CHECK(read.at(3).probability == Approx(0.3));
    CHECK_FALSE(
        catalogue.addPredictions({PredictionRecord{secondId, fixture.frames.at(0), -1, 1.5}})
            .hasValue());

    REQUIRE(catalogue.setSetting(QStringLiteral("k"), QStringLiteral("v1")).hasValue());
    REQUIRE(catalogue.setSetting(QStringLiteral("k"), QStringLiteral("v2")).hasValue());
    CHECK(catalogue.setting(QStringLiteral("k")).value() == QStringLiteral("v2"));
    CHECK_FALSE(catalogue.setting(QStringLiteral("missing")).value().has_value());
}

TEST_CASE("Counts add up patients, frames and labels by value and reader", "[catalogue]")
{
    test::CatalogueFixture fixture(6);
    Catalogue &catalogue = *fixture.catalogue;
    REQUIRE(catalogue.setLabel(fixture.frames.at(0), fixture.alice, LabelValue::Lesion).hasValue());
    REQUIRE(catalogue.setLabel(fixture.frames.at(1), fixture.alice, LabelValue::Lesion).hasValue());
    REQUIRE(catalogue.setLabel(fixture.frames.at(1), fixture.bob, LabelValue::Normal).hasValue());
    REQUIRE(
        catalogue.setLabel(fixture.frames.at(2), fixture.bob, LabelValue::Ungradable).hasValue());

    const CatalogueCounts counts = catalogue.counts().value();
    CHECK(counts.patients == 1);
    CHECK(counts.studies == 1);
    CHECK(counts.clips == 1);
    CHECK(counts.frames == 6);
    CHECK(counts.labels == 4);
    CHECK(counts.lesionLabels == 2);
    CHECK(counts.normalLabels == 1);
    CHECK(counts.ungradableLabels == 1);
    REQUIRE(counts.byReader.size() == 3);
    CHECK(counts.byReader.at(0).reader == QStringLiteral("alice"));
    CHECK(counts.byReader.at(0).count == 2);
}

TEST_CASE("An SQLite database of another program is refused and left untouched", "[catalogue]")
{
    test::CatalogueFixture fixture;
    const QString other = fixture.folder.filePath(QStringLiteral("other.sqlite"));
    {
        auto created = Catalogue::open(other, Catalogue::OpenMode::CreateIfMissing);
        REQUIRE(created.hasValue());
        REQUIRE((*created)->execute(QStringLiteral("PRAGMA application_id=42")).hasValue());
    }
    QFile file(other);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    const auto opened = Catalogue::open(other, Catalogue::OpenMode::OpenExisting);
    REQUIRE_FALSE(opened.hasValue());
    CHECK(opened.error().contains(QStringLiteral("not an iouslab catalogue")));
    REQUIRE(file.open(QIODevice::ReadOnly));
    CHECK(file.readAll() == before);
}
