#include "app/importer.h"
#include "catalogue/project.h"
#include "io/framereader.h"
#include "io/framestore.h"
#include "sim/dicomwriter.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

using namespace iouslab;

namespace {

std::unique_ptr<Project> makeProject(const QTemporaryDir &temp)
{
    auto project =
        Project::open(temp.filePath(QStringLiteral("project")), Project::OpenMode::CreateIfMissing);
    REQUIRE(project.hasValue());
    return std::move(project.value());
}

QStringList filesUnder(const QString &folder)
{
    QStringList files;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

// The value of a DICOM attribute as dcmdump prints it, e.g. "OB^^^^".
QByteArray dicomValue(const QString &file, const QString &attribute)
{
    QProcess dump;
    dump.start(QStringLiteral("dcmdump"), {QStringLiteral("+P"), attribute, file});
    REQUIRE(dump.waitForFinished(10000));
    const QByteArray line = dump.readAllStandardOutput();
    const int open = line.indexOf('[');
    const int close = line.indexOf(']', open);
    return open >= 0 && close > open ? line.mid(open + 1, close - open - 1) : QByteArray();
}

} // namespace

TEST_CASE("A multi-frame ultrasound DICOM imports into the catalogue and the frame store",
          "[app][import]")
{
    QTemporaryDir temp;
    auto project = makeProject(temp);
    Importer importer(*project);
    const QString file = test::sharedData(QStringLiteral("dicom/pydicom-data/OBXXXX1A_2frame.dcm"));

    const Importer::FileResult result = importer.importFile(file);
    INFO(result.message.toStdString());
    REQUIRE(result.outcome == Importer::Outcome::Imported);
    CHECK(result.frames == 2);

    Catalogue &catalogue = project->catalogue();
    const auto clip = catalogue.clip(result.clip).value();
    REQUIRE(clip.has_value());
    CHECK(clip->kind == ClipKind::Dicom);
    CHECK(clip->frameCount == 2);
    CHECK(clip->width == 800);
    CHECK(clip->height == 600);
    CHECK(QRect(0, 0, 800, 600).contains(clip->region));
    CHECK(catalogue.frames(result.clip).value().size() == 2);

    auto store = FrameStoreReader::open(project->framesFolder(), clip->contentHash);
    REQUIRE(store.hasValue());
    CHECK((*store)->frameCount() == 2);
    CHECK((*store)->width() == clip->region.width());
    CHECK((*store)->height() == clip->region.height());
    CHECK((*store)->modelSide() == 256);
    const cv::Mat display = (*store)->displayFrame(1);
    CHECK(display.cols == clip->region.width());
    CHECK(cv::countNonZero(display.reshape(1)) > 0);
    CHECK((*store)->modelFrame(1) != nullptr);
    CHECK((*store)->modelFrame(2) == nullptr);

    // The patient is known by a pseudonym only.
    const QList<PatientRecord> patients = catalogue.patients().value();
    REQUIRE(patients.size() == 1);
    CHECK(patients.first().pseudonym.startsWith(QStringLiteral("P-")));
}

TEST_CASE("Importing the same file again changes nothing and says so", "[app][import]")
{
    QTemporaryDir temp;
    auto project = makeProject(temp);
    Importer importer(*project);
    const QString folder = test::sharedData(QStringLiteral("video"));

    const ImportSummary first = importer.importPaths({folder});
    CHECK(first.clipsImported == 4);
    CHECK(first.refused == 1); // the truncated MP4
    CHECK(first.messages.filter(QStringLiteral("truncated")).size() == 1);

    // The import decodes each video once and counts as it goes; the counts equal those of a
    // reader that decodes the whole file first to count.
    for (const ClipRecord &clip : project->catalogue().allClips().value()) {
        auto exact = openFrameReader(clip.sourcePath);
        REQUIRE(exact.hasValue());
        CHECK(clip.frameCount == (*exact)->info().frameCount);
        CHECK(project->catalogue().frames(clip.id).value().size() == clip.frameCount);
    }
    const CatalogueCounts before = project->catalogue().counts().value();
    const QStringList storeBefore = filesUnder(project->framesFolder());

    const ImportSummary second = importer.importPaths({folder});
    CHECK(second.clipsImported == 0);
    CHECK(second.duplicates == 4);
    CHECK(second.messages.filter(QStringLiteral("already imported")).size() == 4);
    const CatalogueCounts after = project->catalogue().counts().value();
    CHECK(after.clips == before.clips);
    CHECK(after.frames == before.frames);
    CHECK(filesUnder(project->framesFolder()) == storeBefore);
}

TEST_CASE("A refused file is named with its reason and the rest of the import goes on",
          "[app][import]")
{
    QTemporaryDir temp;
    auto project = makeProject(temp);
    Importer importer(*project);
    const QString truncated = test::sharedData(QStringLiteral("dicom/pydicom/MR_truncated.dcm"));
    const QString good = test::sharedData(QStringLiteral("dicom/pydicom-data/US1_UNCR.dcm"));

    const ImportSummary summary = importer.importPaths({truncated, good});
    CHECK(summary.refused == 1);
    CHECK(summary.clipsImported == 1);
    REQUIRE(summary.messages.size() == 1);
    CHECK(summary.messages.first().startsWith(truncated + QStringLiteral(": ")));
    CHECK(project->catalogue().counts().value().clips == 1);
}

TEST_CASE("A cancelled import leaves no trace of the unfinished clip", "[app][import]")
{
    QTemporaryDir temp;
    auto project = makeProject(temp);
    const QString first = test::sharedData(QStringLiteral("dicom/pydicom-data/US1_UNCR.dcm"));
    const QString video = test::sharedData(QStringLiteral("video/sonosite_30f_h264.mp4"));

    std::atomic<bool> cancel{false};
    Importer importer(*project);
    importer.setCancelFlag(&cancel);
    importer.setProgressCallback([&](const ImportProgress &progress) {
        if (progress.fileIndex == 1 && progress.frame >= 16)
            cancel = true;
    });
    const ImportSummary summary = importer.importPaths({first, video});
    CHECK(summary.cancelled);
    CHECK(summary.clipsImported == 1);

    const CatalogueCounts counts = project->catalogue().counts().value();
    CHECK(counts.clips == 1);
    CHECK(counts.frames == 1);
    // Only the finished clip's two files are in the store; no partial files remain.
    const QStringList stored = filesUnder(project->framesFolder());
    CHECK(stored.size() == 2);
    CHECK(stored.filter(QStringLiteral(".part")).isEmpty());
}

TEST_CASE("No patient name or ID from a DICOM header reaches the project folder",
          "[app][import][privacy]")
{
    QTemporaryDir temp;
    auto project = makeProject(temp);
    Importer importer(*project);
    const QStringList files{
        test::sharedData(QStringLiteral("dicom/pydicom-data/OBXXXX1A.dcm")),
        test::sharedData(QStringLiteral("dicom/pydicom-data/US1_UNCR.dcm")),
        test::sharedData(QStringLiteral("dicom/pydicom-data/JPGLosslessP14SV1_1s_1f_8b.dcm"))};
    const ImportSummary summary = importer.importPaths(files);
    REQUIRE(summary.clipsImported == 3);
    project.reset(); // close the catalogue so the WAL is folded into the file

    const QByteArray bytes = test::allBytesUnder(temp.filePath(QStringLiteral("project")));
    for (const QString &file : files) {
        for (const QString &attribute :
             {QStringLiteral("PatientName"), QStringLiteral("PatientID"),
              QStringLiteral("StudyInstanceUID"), QStringLiteral("SOPInstanceUID")}) {
            const QByteArray value = dicomValue(file, attribute);
            if (value.size() < 4)
                continue;
            INFO(attribute.toStdString() << " of " << file.toStdString());
            CHECK_FALSE(bytes.contains(value));
        }
    }
}

TEST_CASE("A clip's region can be corrected later and its frames are cropped again",
          "[app][import]")
{
    QTemporaryDir temp;
    auto project = makeProject(temp);
    Importer importer(*project);
    const QString file = test::sharedData(QStringLiteral("video/sonosite_30f_h264.mp4"));
    const Importer::FileResult result = importer.importFile(file);
    REQUIRE(result.outcome == Importer::Outcome::Imported);
    CHECK_FALSE(result.regionSource.isEmpty());
    Catalogue &catalogue = project->catalogue();
    const ClipRecord before = catalogue.clip(result.clip).value().value();
    REQUIRE(catalogue
                .setLabel(catalogue.frameId(result.clip, 3).value().value(),
                          catalogue.addReader(QStringLiteral("r"), ReaderRole::Surgeon).value(),
                          LabelValue::Lesion)
                .hasValue());

    const QRect corrected(20, 10, 120, 90);
    REQUIRE(importer.recropClip(result.clip, corrected).hasValue());
    const ClipRecord after = catalogue.clip(result.clip).value().value();
    CHECK(after.region == corrected);
    CHECK(after.frameCount == before.frameCount);
    CHECK(catalogue.counts().value().lesionLabels == 1);
    auto store = FrameStoreReader::open(project->framesFolder(), after.contentHash);
    REQUIRE(store.hasValue());
    CHECK((*store)->width() == 120);
    CHECK((*store)->height() == 90);
    CHECK((*store)->frameCount() == before.frameCount);

    const QRect outside(0, 0, before.width + 1, 10);
    const Status refused = importer.recropClip(result.clip, outside);
    REQUIRE_FALSE(refused.hasValue());
    CHECK(refused.error().contains(QStringLiteral("not inside")));
    CHECK(catalogue.clip(result.clip).value()->region == corrected);
}

TEST_CASE("A grey JPEG clip imports with the pixels of a colour decode, the same on every run",
          "[app][import]")
{
    // Past its first frames, a clip stored grey is decoded straight to grey (the JPEG's luma):
    // for grey content that must give what the colour decode turned grey gives, and the frames
    // decoded either way must not depend on thread timing.
    QTemporaryDir temp;
    cv::RNG random(7);
    std::vector<cv::Mat> frames;
    for (int i = 0; i < 70; ++i) {
        cv::Mat frame(80, 96, CV_8UC1);
        random.fill(frame, cv::RNG::NORMAL, 110, 45);
        frames.push_back(frame);
    }
    sim::UltrasoundImageInfo header;
    header.studyUid = sim::deterministicUid(1, 2);
    header.seriesUid = sim::deterministicUid(1, 3);
    header.sopInstanceUid = sim::deterministicUid(1, 4);
    header.region = cv::Rect(8, 6, 80, 64);
    const QString file = temp.filePath(QStringLiteral("clip.dcm"));
    REQUIRE(sim::writeUltrasoundDicom(file, frames, header, sim::DicomEncoding::JpegBaseline)
                .hasValue());

    QByteArray stores[2][2];
    QString hash;
    for (int run = 0; run < 2; ++run) {
        auto project = Project::open(temp.filePath(QStringLiteral("p%1").arg(run)),
                                     Project::OpenMode::CreateIfMissing);
        REQUIRE(project.hasValue());
        Importer importer(**project);
        const Importer::FileResult result = importer.importFile(file);
        REQUIRE(result.outcome == Importer::Outcome::Imported);
        CHECK(result.frames == 70);
        CHECK(result.region == QRect(8, 6, 80, 64));
        hash = (*project)->catalogue().clip(result.clip).value()->contentHash;
        for (int kind = 0; kind < 2; ++kind) {
            QFile stored(kind == 0 ? framestore::displayPath((*project)->framesFolder(), hash)
                                   : framestore::modelPath((*project)->framesFolder(), hash));
            REQUIRE(stored.open(QIODevice::ReadOnly));
            stores[run][kind] = stored.readAll();
        }
    }
    CHECK(stores[0][0] == stores[1][0]);
    CHECK(stores[0][1] == stores[1][1]);

    auto store = FrameStoreReader::open(temp.filePath(QStringLiteral("p0/frames")), hash);
    REQUIRE(store.hasValue());
    REQUIRE((*store)->channels() == 1);
    auto reader = openFrameReader(file);
    REQUIRE(reader.hasValue());
    cv::Mat colour;
    double timeS = 0;
    for (int f = 0; f < 70; ++f) {
        INFO("frame " << f);
        REQUIRE((*reader)->next(colour, timeS).value());
        REQUIRE(colour.channels() == 3);
        cv::Mat grey;
        cv::cvtColor(colour(cv::Rect(8, 6, 80, 64)), grey, cv::COLOR_BGR2GRAY);
        CHECK(cv::norm(grey, (*store)->displayFrame(f), cv::NORM_INF) == 0);
    }
}
