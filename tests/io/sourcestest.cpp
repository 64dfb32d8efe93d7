// Pseudonyms, DICOMDIR listing, source expansion, still images and refusals of bad input.
#include "io/dicomdir.h"
#include "io/framereader.h"
#include "io/pseudonym.h"

#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <opencv2/imgcodecs.hpp>

using namespace iouslab;

TEST_CASE("Pseudonyms are short, stable, keyed and separate issuer from ID", "[io]")
{
    const QByteArray key = QByteArrayLiteral("a secret key of the catalogue");
    const QString p = pseudonymFor(key, QStringLiteral("123456"), QStringLiteral("HOSP"));
    CHECK(QRegularExpression(QStringLiteral("^P-[0-9A-HJKMNP-TV-Z]{8}$")).match(p).hasMatch());
    CHECK(p == pseudonymFor(key, QStringLiteral(" 123456 "), QStringLiteral("HOSP")));
    CHECK(p != pseudonymFor(key, QStringLiteral("123456"), QStringLiteral("OTHER")));
    CHECK(p != pseudonymFor(QByteArrayLiteral("another key"), QStringLiteral("123456"),
                            QStringLiteral("HOSP")));
    CHECK(pseudonymFor(key, QStringLiteral("12"), QStringLiteral("3")) !=
          pseudonymFor(key, QStringLiteral("2"), QStringLiteral("31")));
    CHECK(pseudonymFor(key, QString(), QStringLiteral("HOSP")).isEmpty());
    CHECK(!p.contains(QLatin1String("123456")));

    const QString uidHash = keyedHash(key, QStringLiteral("1.2.840.1234.5"));
    CHECK(uidHash.size() == 64);
    CHECK(uidHash == keyedHash(key, QStringLiteral("1.2.840.1234.5")));
    CHECK(uidHash != keyedHash(key, QStringLiteral("1.2.840.1234.6")));
    CHECK(newPseudonymKey().size() == 32);
    CHECK(newPseudonymKey() != newPseudonymKey());
}

TEST_CASE("A DICOMDIR expands into the image files it references", "[io]")
{
    // A small medium made with DCMTK's dcmmkdir from copies of shared files.
    QTemporaryDir medium;
    const QString images = medium.filePath(QStringLiteral("IMAGES"));
    QDir().mkpath(images);
    const QStringList sources = {QStringLiteral("pydicom-data/OBXXXX1A_2frame.dcm"),
                                 QStringLiteral("pydicom-data/US1_UNCR.dcm")};
    for (int i = 0; i < sources.size(); ++i)
        REQUIRE(QFile::copy(test::sharedData(QStringLiteral("dicom/") + sources[i]),
                            images + QStringLiteral("/IM%1").arg(i)));
    QProcess mkdir;
    mkdir.setWorkingDirectory(medium.path());
    mkdir.start(QStringLiteral("dcmmkdir"),
                {QStringLiteral("--recurse"), QStringLiteral("--invent"),
                 QStringLiteral("--output-file"), QStringLiteral("DICOMDIR"),
                 QStringLiteral("IMAGES")});
    REQUIRE(mkdir.waitForFinished(60000));
    INFO(mkdir.readAllStandardError().toStdString());
    REQUIRE(mkdir.exitCode() == 0);

    const QString dicomDir = medium.filePath(QStringLiteral("DICOMDIR"));
    CHECK(isDicomDir(dicomDir));
    auto listed = dicomDirImageFiles(dicomDir);
    REQUIRE(listed);
    CHECK(listed->size() == 2);

    // The DICOMDIR, the folder and the files name the same two sources, each once.
    const QStringList fromDir = expandSources({dicomDir});
    const QStringList fromFolder = expandSources({medium.path()});
    const QStringList both = expandSources({dicomDir, medium.path(), images});
    CHECK(fromDir.size() == 2);
    CHECK(fromFolder.size() == 2);
    CHECK(both.size() == 2);
    for (const QString &file : fromFolder)
        CHECK(!file.endsWith(QLatin1String("DICOMDIR")));

    auto refused = openFrameReader(dicomDir);
    REQUIRE(!refused);
    CHECK(refused.error().contains(QLatin1String("DICOMDIR")));
}

TEST_CASE("Folders expand recursively in sorted order to candidate sources", "[io]")
{
    const QStringList all = expandSources({test::sharedData()});
    CHECK(all.size() >= 76 + 5 + 30);
    for (const QString &file : all) {
        CHECK(!file.endsWith(QLatin1String(".tsv")));
        CHECK(!file.endsWith(QLatin1String("LICENSE")));
        CHECK(!file.endsWith(QLatin1String(".md")));
    }
    const QStringList videos = expandSources({test::sharedData(QStringLiteral("video"))});
    QStringList sorted = videos;
    std::sort(sorted.begin(), sorted.end());
    CHECK(videos == sorted);
}

TEST_CASE("Still images read as one 8-bit frame, 16-bit and alpha included", "[io]")
{
    QTemporaryDir folder;
    cv::Mat sixteen(40, 60, CV_16UC1);
    for (int y = 0; y < sixteen.rows; ++y)
        for (int x = 0; x < sixteen.cols; ++x)
            sixteen.at<quint16>(y, x) = quint16(x * 1000);
    const QString png16 = folder.filePath(QStringLiteral("grey16.png"));
    REQUIRE(cv::imwrite(png16.toStdString(), sixteen));
    cv::Mat rgba(30, 20, CV_8UC4, cv::Scalar(10, 20, 30, 128));
    const QString pngAlpha = folder.filePath(QStringLiteral("alpha.png"));
    REQUIRE(cv::imwrite(pngAlpha.toStdString(), rgba));
    const QString tiff = folder.filePath(QStringLiteral("colour.tiff"));
    REQUIRE(cv::imwrite(tiff.toStdString(), cv::Mat(10, 12, CV_8UC3, cv::Scalar(1, 2, 3))));
    const QString bmp = folder.filePath(QStringLiteral("colour.bmp"));
    REQUIRE(cv::imwrite(bmp.toStdString(), cv::Mat(10, 12, CV_8UC3, cv::Scalar(4, 5, 6))));

    const auto firstFrame = [](const QString &path) {
        auto reader = openFrameReader(path);
        REQUIRE(reader);
        CHECK((*reader)->info().kind == SourceKind::Still);
        CHECK((*reader)->info().frameCount == 1);
        cv::Mat frame;
        double t = -1;
        REQUIRE((*reader)->next(frame, t).value());
        CHECK(t == 0.0);
        CHECK(!(*reader)->next(frame, t).value());
        return frame;
    };
    const cv::Mat grey = firstFrame(png16);
    CHECK(grey.type() == CV_8UC1);
    CHECK(grey.at<quint8>(0, 59) == quint8(59000 / 256));
    const cv::Mat colour = firstFrame(pngAlpha);
    CHECK(colour.type() == CV_8UC3);
    CHECK(colour.at<cv::Vec3b>(0, 0) == cv::Vec3b(10, 20, 30));
    CHECK(firstFrame(tiff).at<cv::Vec3b>(5, 5) == cv::Vec3b(1, 2, 3));
    CHECK(firstFrame(bmp).at<cv::Vec3b>(5, 5) == cv::Vec3b(4, 5, 6));
}

TEST_CASE("Bad input is refused in one line naming the file and the reason", "[io]")
{
    QTemporaryDir folder;
    const auto write = [&](const QString &name, const QByteArray &bytes) {
        const QString path = folder.filePath(name);
        QFile file(path);
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        return path;
    };
    const auto refusal = [](const QString &path) {
        auto reader = openFrameReader(path);
        REQUIRE(!reader);
        CHECK(reader.error().startsWith(path + QStringLiteral(": ")));
        CHECK(!reader.error().contains(QLatin1Char('\n')));
        return reader.error();
    };

    CHECK(refusal(write(QStringLiteral("empty.dcm"), {})).contains(QLatin1String("empty")));
    CHECK(refusal(write(QStringLiteral("notes.txt"), "hello"))
              .contains(QLatin1String("not a DICOM, video or image file")));
    CHECK(refusal(folder.filePath(QStringLiteral("missing.dcm")))
              .contains(QLatin1String("no such file")));

    // A file cut in its pixel data: declared frames are checked against what is there.
    QFile whole(test::sharedData(QStringLiteral("dicom/pydicom-data/OBXXXX1A_2frame.dcm")));
    REQUIRE(whole.open(QIODevice::ReadOnly));
    const QByteArray bytes = whole.readAll();
    CHECK(refusal(write(QStringLiteral("cut.dcm"), bytes.left(bytes.size() - 300000)))
              .contains(QLatin1String("truncated")));

    // 65535 x 65535 pixels declared in a native file: refused before anything is allocated.
    QByteArray huge = bytes;
    const QByteArray rows = QByteArray::fromHex("28001000555302005802");
    const int at = huge.indexOf(QByteArray::fromHex("2800100055530200"));
    REQUIRE(at > 0);
    huge[at + 8] = char(0xff);
    huge[at + 9] = char(0xff);
    const int colsAt = huge.indexOf(QByteArray::fromHex("2800110055530200"));
    REQUIRE(colsAt > 0);
    huge[colsAt + 8] = char(0xff);
    huge[colsAt + 9] = char(0xff);
    Q_UNUSED(rows);
    CHECK(refusal(write(QStringLiteral("huge.dcm"), huge))
              .contains(QLatin1String("declares 65535 x 65535 pixels, refused: the limit is")));

    CHECK(refusal(test::sharedData(QStringLiteral("dicom/pydicom/ExplVR_BigEndNoMeta.dcm")))
              .contains(QLatin1String("not an image (RT Ion Plan Storage)")));
}
