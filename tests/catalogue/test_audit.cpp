#include "cataloguefixture.h"

using namespace iouslab;

TEST_CASE("Every label change is appended to the audit table", "[catalogue][audit]")
{
    test::CatalogueFixture fixture;
    Catalogue &catalogue = *fixture.catalogue;
    const FrameId frame = fixture.frames.at(2);

    REQUIRE(catalogue.setLabel(frame, fixture.alice, LabelValue::Normal, 100).hasValue());
    REQUIRE(catalogue.setLabel(frame, fixture.alice, LabelValue::Normal, 150).hasValue());
    REQUIRE(catalogue.setLabel(frame, fixture.alice, LabelValue::Lesion, 200).hasValue());
    REQUIRE(catalogue.clearLabel(frame, fixture.alice).hasValue());
    REQUIRE(catalogue.setAdjudication(frame, fixture.bob, LabelValue::Ungradable, 300).hasValue());

    const QList<AuditRecord> trail = catalogue.auditTrail(frame).value();
    REQUIRE(trail.size() == 4); // giving the same value again is not a change
    CHECK(trail.at(0).kind == QStringLiteral("label"));
    CHECK_FALSE(trail.at(0).oldValue.has_value());
    CHECK(trail.at(0).newValue == LabelValue::Normal);
    CHECK(trail.at(0).changedAtMs == 100);
    CHECK(trail.at(1).oldValue == LabelValue::Normal);
    CHECK(trail.at(1).newValue == LabelValue::Lesion);
    CHECK(trail.at(1).readerId == fixture.alice);
    CHECK(trail.at(2).oldValue == LabelValue::Lesion);
    CHECK_FALSE(trail.at(2).newValue.has_value());
    CHECK(trail.at(2).changedAtMs > 0);
    CHECK(trail.at(3).kind == QStringLiteral("adjudication"));
    CHECK(trail.at(3).readerId == fixture.bob);
    CHECK(trail.at(3).newValue == LabelValue::Ungradable);
}

TEST_CASE("The audit table refuses updates and deletes", "[catalogue][audit]")
{
    test::CatalogueFixture fixture;
    Catalogue &catalogue = *fixture.catalogue;
    REQUIRE(catalogue.setLabel(fixture.frames.at(0), fixture.alice, LabelValue::Lesion).hasValue());

    const Status updated = catalogue.execute(QStringLiteral("UPDATE label_audit SET new_value = "
                                                            "'normal'"));
    REQUIRE_FALSE(updated.hasValue());
    CHECK(updated.error().contains(QStringLiteral("append-only")));
    const Status deleted = catalogue.execute(QStringLiteral("DELETE FROM label_audit"));
    REQUIRE_FALSE(deleted.hasValue());
    CHECK(deleted.error().contains(QStringLiteral("append-only")));

    const QList<AuditRecord> trail = catalogue.auditTrail().value();
    REQUIRE(trail.size() == 1);
    CHECK(trail.at(0).newValue == LabelValue::Lesion);
}
