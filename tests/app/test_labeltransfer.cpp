#include "app/importer.h"
#include "app/labeltransfer.h"
#include "catalogue/project.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QTemporaryDir>

using namespace iouslab;

namespace {

void writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

} // namespace

TEST_CASE("Labels made elsewhere come in by source file and frame and go out again",
          "[app][labels]")
{
    QTemporaryDir temp;
    auto project =
        Project::open(temp.filePath(QStringLiteral("project")), Project::OpenMode::CreateIfMissing);
    REQUIRE(project.hasValue());
    Importer importer(**project);
    const ImportSummary imported =
        importer.importPaths({test::sharedData(QStringLiteral("video/sonosite_30f_h264.mp4")),
                              test::sharedData(QStringLiteral("dicom/pydicom-data/US1_UNCR.dcm"))});
    REQUIRE(imported.clipsImported == 2);

    // Paths relative to some study folder, as the simulator's readers write them.
    const QString csv = temp.filePath(QStringLiteral("reader.csv"));
    writeFile(csv, "file,frame,label\n"
                   "video/sonosite_30f_h264.mp4,0,normal\n"
                   "video/sonosite_30f_h264.mp4,1,lesion\n"
                   "video/sonosite_30f_h264.mp4,2,ungradable\n"
                   "pydicom-data/US1_UNCR.dcm,0,lesion\n"
                   "video/sonosite_30f_h264.mp4,999,normal\n"
                   "elsewhere/unknown.dcm,0,normal\n"
                   "video/sonosite_30f_h264.mp4,3,maybe\n");
    Catalogue &catalogue = (*project)->catalogue();
    auto summary = importLabels(catalogue, csv, QStringLiteral("reader-a"), ReaderRole::Surgeon);
    REQUIRE(summary.hasValue());
    CHECK(summary->applied == 4);
    CHECK(summary->skipped == 3);
    REQUIRE(summary->messages.size() == 3);
    CHECK(summary->messages.at(0).contains(QStringLiteral("has no frame 999")));
    CHECK(summary->messages.at(1).contains(QStringLiteral("no imported clip")));
    CHECK(summary->messages.at(2).contains(QStringLiteral("line 8")));

    const CatalogueCounts counts = catalogue.counts().value();
    CHECK(counts.lesionLabels == 2);
    CHECK(counts.normalLabels == 1);
    CHECK(counts.ungradableLabels == 1);
    CHECK(catalogue.findReader(QStringLiteral("reader-a")).value()->role == ReaderRole::Surgeon);
    CHECK(catalogue.auditTrail().value().size() == 4);

    // The same file again changes nothing.
    auto again = importLabels(catalogue, csv, QStringLiteral("reader-a"), ReaderRole::Surgeon);
    REQUIRE(again.hasValue());
    CHECK(again->applied == 0);
    CHECK(again->unchanged == 4);

    QString exported;
    QTextStream out(&exported);
    REQUIRE(exportLabels(catalogue, out, QStringLiteral("reader-a")).hasValue());
    const QStringList lines = exported.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    REQUIRE(lines.size() == 5);
    CHECK(lines.at(0) == QStringLiteral("file,frame,reader,role,label,labelled_at"));
    CHECK(exported.contains(
        QStringLiteral("/video/sonosite_30f_h264.mp4,1,reader-a,surgeon,lesion,")));
    CHECK_FALSE(exportLabels(catalogue, out, QStringLiteral("nobody")).hasValue());
}
