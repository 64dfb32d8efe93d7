#include "cataloguefixture.h"
#include "catalogueseed.h"

#include <QFile>

using namespace iouslab;

TEST_CASE("Opening an older catalogue migrates it and keeps its data", "[catalogue][migration]")
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("catalogue.sqlite"));
    {
        auto old = Catalogue::open(path, Catalogue::OpenMode::CreateIfMissing, 1);
        REQUIRE(old.hasValue());
        Catalogue &catalogue = **old;
        REQUIRE(catalogue.schemaVersion() == 1);
        // Version 1 has no model tables yet.
        CHECK_FALSE(catalogue.modelVersions().hasValue());

        const ClipId clipId =
            test::addPatientWithClip(catalogue, QStringLiteral("P-OLD"), 2, QStringLiteral("h"));
        const ReaderId reader =
            catalogue.addReader(QStringLiteral("r"), ReaderRole::Radiologist).value();
        const FrameId frame = catalogue.frameId(clipId, 1).value().value();
        REQUIRE(catalogue.setLabel(frame, reader, LabelValue::Lesion).hasValue());
    }

    auto migrated = Catalogue::open(path, Catalogue::OpenMode::OpenExisting);
    REQUIRE(migrated.hasValue());
    Catalogue &catalogue = **migrated;
    CHECK(catalogue.schemaVersion() == Catalogue::latestSchemaVersion());
    const CatalogueCounts counts = catalogue.counts().value();
    CHECK(counts.patients == 1);
    CHECK(counts.frames == 2);
    CHECK(counts.lesionLabels == 1);
    CHECK(catalogue.auditTrail().value().size() == 1);
    CHECK(catalogue.modelVersions().hasValue());
}

TEST_CASE("A catalogue newer than the program is refused with a clear message",
          "[catalogue][migration]")
{
    test::CatalogueFixture fixture;
    const int newer = Catalogue::latestSchemaVersion() + 1;
    REQUIRE(
        fixture.catalogue->execute(QStringLiteral("PRAGMA user_version=%1").arg(newer)).hasValue());
    fixture.catalogue.reset();

    QFile file(fixture.path());
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    const auto opened = Catalogue::open(fixture.path(), Catalogue::OpenMode::OpenExisting);
    REQUIRE_FALSE(opened.hasValue());
    CHECK(opened.error().contains(QStringLiteral("newer than this iouslab")));
    CHECK(opened.error().contains(QString::number(newer)));
    REQUIRE(file.open(QIODevice::ReadOnly));
    CHECK(file.readAll() == before);
}
