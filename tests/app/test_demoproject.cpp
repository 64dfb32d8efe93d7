#include "app/demoproject.h"
#include "catalogue/project.h"
#include "sim/fakeidentity.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>

using namespace iouslab;

TEST_CASE("The demo project holds the simulated studies under pseudonyms only",
          "[app][import][privacy]")
{
    QTemporaryDir temp;
    const QString folder = temp.filePath(QStringLiteral("project"));
    const QString sources = temp.filePath(QStringLiteral("sources"));
    DemoSettings settings;
    settings.patients = 3;
    settings.framesPerPatient = 30;
    settings.seed = 11;
    auto demo = createDemoProject(folder, sources, settings);
    REQUIRE(demo.hasValue());
    CHECK(demo->patients == 3);
    CHECK(demo->clips == 3 * 5); // a multi-frame DICOM, an MP4 and three stills each
    CHECK(demo->labels > 0);

    {
        auto project = Project::open(folder, Project::OpenMode::OpenExisting);
        REQUIRE(project.hasValue());
        const CatalogueCounts counts = (*project)->catalogue().counts().value();
        // Each patient's MP4 joins its DICOM files under one pseudonym.
        CHECK(counts.patients == 3);
        CHECK(counts.frames == demo->frames);
        CHECK(counts.byReader.size() >= 2);
        for (const PatientRecord &patient : (*project)->catalogue().patients().value())
            CHECK(patient.pseudonym.startsWith(QStringLiteral("P-")));
    }

    // The exports carry the fake identities; nothing of them may reach the project folder.
    const QByteArray exported = test::allBytesUnder(sources);
    const QByteArray stored = test::allBytesUnder(folder);
    int searched = 0;
    for (int patient = 0; patient < settings.patients; ++patient) {
        const sim::FakeIdentity identity = sim::fakeIdentity(settings.seed, patient);
        for (const QString &text : identity.identifyingStrings()) {
            if (text.size() < 4)
                continue;
            INFO("identifier " << text.toStdString());
            const QByteArray bytes = text.toUtf8();
            CHECK(exported.contains(bytes)); // the search would find it
            CHECK_FALSE(stored.contains(bytes));
            ++searched;
        }
        CHECK_FALSE(stored.contains(identity.token.toUtf8()));
    }
    CHECK(searched > 10);

    // A second run leaves a project that already has clips as it is.
    auto again = createDemoProject(folder, sources, settings);
    REQUIRE(again.hasValue());
    CHECK(again->alreadyThere);
}
