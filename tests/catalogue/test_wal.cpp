#include "cataloguefixture.h"

#include <QFile>

using namespace iouslab;

TEST_CASE("A second connection reads while a writer commits", "[catalogue][wal]")
{
    test::CatalogueFixture fixture(5);
    Catalogue &writer = *fixture.catalogue;
    auto opened = Catalogue::open(fixture.path(), Catalogue::OpenMode::OpenExisting);
    REQUIRE(opened.hasValue());
    Catalogue &reader = **opened;

    REQUIRE(writer.execute(QStringLiteral("SELECT 1")).hasValue());
    CHECK(reader.counts().value().labels == 0);

    // While the writer holds an open write transaction, the reader is not blocked and sees
    // the last committed state.
    REQUIRE(writer.beginTransaction().hasValue());
    for (FrameId frame : fixture.frames)
        REQUIRE(writer.setLabel(frame, fixture.alice, LabelValue::Normal).hasValue());
    const auto during = reader.counts();
    REQUIRE(during.hasValue());
    CHECK(during->labels == 0);

    REQUIRE(writer.commit().hasValue());
    CHECK(reader.counts().value().labels == 5);
}

TEST_CASE("The catalogue runs in WAL mode with foreign keys on", "[catalogue][wal]")
{
    test::CatalogueFixture fixture;
    // journal_mode=WAL is persistent in the file; check it from the file header bytes 18-19,
    // which are 2 for WAL.
    fixture.catalogue.reset();
    QFile file(fixture.path());
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray header = file.read(20);
    CHECK(int(header.at(18)) == 2);
    CHECK(int(header.at(19)) == 2);

    auto reopened = Catalogue::open(fixture.path(), Catalogue::OpenMode::OpenExisting);
    REQUIRE(reopened.hasValue());
    // A label pointing at a missing reader is refused by the foreign key.
    CHECK_FALSE((*reopened)->setLabel(fixture.frames.at(0), 4242, LabelValue::Normal).hasValue());
}
