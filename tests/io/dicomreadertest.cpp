// Every file of the shared DICOM folder is either read (frame count and pixels checked
// against a reference decoding) or refused with a specific reason. The expected outcome of
// each file is kept below, so a change in what is read or refused fails here.
#include "io/framereader.h"
#include "io/palettelut.h"

#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <map>

using namespace iouslab;

namespace {

struct Outcome
{
    int frames = 0;       // 0: refused
    QString refusal;      // a part of the refusal message
    QString sibling;      // decoded by no reference tool: compare with this file instead
    double tolerance = 0; // mean absolute difference allowed against the sibling
    QString noReference;  // why there is no reference at all
};

// Paths are relative to the shared dicom folder.
const std::map<QString, Outcome> &expectedOutcomes()
{
    static const std::map<QString, Outcome> table = {
#include "dicomexpected.inc"
    };
    return table;
}

std::vector<cv::Mat> readAll(const QString &path, QString &error)
{
    std::vector<cv::Mat> frames;
    auto reader = openFrameReader(path);
    if (!reader) {
        error = reader.error();
        return frames;
    }
    cv::Mat frame;
    double t = 0;
    for (;;) {
        iouslab::Expected<bool> more = (*reader)->next(frame, t);
        if (!more) {
            error = more.error();
            return frames;
        }
        if (!*more)
            break;
        frames.push_back(frame.clone());
    }
    if (int(frames.size()) != (*reader)->info().frameCount)
        error = QStringLiteral("info says %1 frames, %2 decoded")
                    .arg((*reader)->info().frameCount)
                    .arg(frames.size());
    return frames;
}

// DCMTK's own command-line rendering: dcmj2pnm for JPEG, RLE and native files, dcml2pnm
// for JPEG-LS. Empty when neither decodes the file.
std::vector<cv::Mat> dcmtkReference(const QString &path, const QString &workFolder)
{
    for (const char *tool : {"dcmj2pnm", "dcml2pnm"}) {
        QDir(workFolder).removeRecursively();
        QDir().mkpath(workFolder);
        QProcess process;
        process.start(QString::fromLatin1(tool),
                      {QStringLiteral("--all-frames"), path, workFolder + QStringLiteral("/f")});
        process.waitForFinished(120000);
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
            continue;
        std::vector<cv::Mat> frames;
        for (int i = 0;; ++i) {
            QString file;
            for (const char *ext : {"pgm", "ppm"}) {
                const QString candidate = QStringLiteral("%1/f.%2.%3")
                                              .arg(workFolder)
                                              .arg(i)
                                              .arg(QString::fromLatin1(ext));
                if (QFileInfo::exists(candidate))
                    file = candidate;
            }
            if (file.isEmpty())
                break;
            frames.push_back(cv::imread(file.toStdString(), cv::IMREAD_UNCHANGED));
        }
        if (!frames.empty())
            return frames;
    }
    return {};
}

double meanAbsDifference(const cv::Mat &a, const cv::Mat &b)
{
    const cv::Scalar mean = cv::mean(cv::abs(a - b) + cv::abs(b - a));
    double sum = 0;
    for (int c = 0; c < a.channels(); ++c)
        sum += mean[c];
    return sum / a.channels();
}

bool identical(const cv::Mat &a, const cv::Mat &b)
{
    return a.size() == b.size() && a.type() == b.type() &&
           cv::countNonZero(a.reshape(1) != b.reshape(1)) == 0;
}

} // namespace

TEST_CASE("Every shared DICOM file is read with reference pixels or refused with a reason",
          "[io][slow]")
{
    const QString root = test::sharedData(QStringLiteral("dicom"));
    QStringList files;
    QDirIterator it(root, {QStringLiteral("*.dcm")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 70);

    QTemporaryDir work;
    QStringList lines, table;
    table << QStringLiteral("| file | outcome | pixels checked against |")
          << QStringLiteral("| --- | --- | --- |");
    for (const QString &file : files) {
        const QString name = QDir(root).relativeFilePath(file);
        INFO(name.toStdString());
        const auto found = expectedOutcomes().find(name);
        CHECK(found != expectedOutcomes().end());
        const Outcome expected = found != expectedOutcomes().end() ? found->second : Outcome{};

        QString error;
        const std::vector<cv::Mat> frames = readAll(file, error);
        QString outcome, checkedAgainst;
        if (!error.isEmpty()) {
            // A refusal is one line that names the file.
            outcome = QStringLiteral("refused: %1").arg(error.mid(file.size() + 2));
            CHECK(error.startsWith(file + QStringLiteral(": ")));
            CHECK(!error.contains(QLatin1Char('\n')));
            CHECK(expected.frames == 0);
            CHECK(!expected.refusal.isEmpty());
            CHECK(error.contains(expected.refusal));
            checkedAgainst = QStringLiteral("-");
        } else {
            outcome = QStringLiteral("read %1 frame%2")
                          .arg(frames.size())
                          .arg(frames.size() == 1 ? QString() : QStringLiteral("s"));
            CHECK(int(frames.size()) == expected.frames);
            for (const cv::Mat &frame : frames)
                CHECK((frame.type() == CV_8UC1 || frame.type() == CV_8UC3));

            const std::vector<cv::Mat> reference =
                dcmtkReference(file, work.filePath(QStringLiteral("ref")));
            if (!reference.empty()) {
                checkedAgainst = QStringLiteral("DCMTK (dcmj2pnm/dcml2pnm), exact");
                REQUIRE(reference.size() == frames.size());
                for (size_t i = 0; i < frames.size(); ++i) {
                    INFO("frame " << i);
                    CHECK(identical(frames[i], reference[i]));
                }
            } else if (!expected.sibling.isEmpty()) {
                QString siblingError;
                const std::vector<cv::Mat> sibling =
                    readAll(root + QLatin1Char('/') + expected.sibling, siblingError);
                REQUIRE(siblingError.isEmpty());
                REQUIRE(sibling.size() == frames.size());
                for (size_t i = 0; i < frames.size(); ++i) {
                    REQUIRE(sibling[i].size() == frames[i].size());
                    REQUIRE(sibling[i].type() == frames[i].type());
                    if (qEnvironmentVariableIsSet("IOUSLAB_KEEP_FRAMES")) {
                        const QString stem = QFileInfo(file).completeBaseName();
                        cv::imwrite((stem + QStringLiteral(".png")).toStdString(), frames[i]);
                        cv::imwrite((stem + QStringLiteral("-sibling.png")).toStdString(),
                                    sibling[i]);
                    }
                    if (expected.tolerance == 0) {
                        CHECK(identical(frames[i], sibling[i]));
                    } else {
                        const double difference = meanAbsDifference(frames[i], sibling[i]);
                        INFO("mean absolute difference " << difference);
                        CHECK(difference <= expected.tolerance);
                    }
                }
                checkedAgainst = expected.tolerance == 0
                                     ? QStringLiteral("%1, exact").arg(expected.sibling)
                                     : QStringLiteral("%1, mean difference <= %2")
                                           .arg(expected.sibling)
                                           .arg(expected.tolerance);
            } else {
                CHECK(!expected.noReference.isEmpty());
                checkedAgainst = QStringLiteral("none: %1").arg(expected.noReference);
            }
        }
        lines << QStringLiteral("%1: %2").arg(name, outcome);
        table << QStringLiteral("| %1 | %2 | %3 |")
                     .arg(name, QString(outcome).replace(QLatin1Char('|'), QLatin1Char('/')),
                          checkedAgainst);
    }

    QTextStream(stdout) << lines.join(QLatin1Char('\n')) << '\n';
    // The support table of the README: written into the build folder, and into
    // docs/import/support.md when IOUSLAB_WRITE_DOCS is set.
    const QString markdown =
        QStringLiteral(
            "# DICOM support\n\n"
            "Every file of the shared DICOM test folder, as `test_io_dicomreader` reads it "
            "(written by that test with IOUSLAB_WRITE_DOCS=1). Read files are checked pixel by "
            "pixel against DCMTK's own rendering (`dcmj2pnm --all-frames`, `dcml2pnm` for "
            "JPEG-LS) where DCMTK decodes them; JPEG 2000 and HTJ2K, which free DCMTK cannot "
            "decode, are decoded with OpenJPEG and checked against their uncompressed or "
            "lossless sibling. Refused files are refused in one line with the reason shown.\n\n"
            "Transfer syntaxes read: implicit and explicit little endian, explicit big endian, "
            "deflated, JPEG baseline, extended and lossless, JPEG-LS, RLE, JPEG 2000 "
            "(lossless and lossy, J2K or JP2 wrapped) and HTJ2K. Photometric interpretations: "
            "MONOCHROME1/2, RGB (both planar configurations), YBR_FULL, YBR_FULL_422, YBR_ICT, "
            "YBR_RCT, PALETTE COLOR (segmented and 16-bit palettes included). 8, 16 and 32 "
            "bits allocated; frames come out 8 bit as dcmj2pnm renders them by default.\n\n") +
        table.join(QLatin1Char('\n')) + QLatin1Char('\n');
    QStringList targets{QStringLiteral("dicom-support.md")};
    if (qEnvironmentVariableIsSet("IOUSLAB_WRITE_DOCS"))
        targets << QStringLiteral(IOUSLAB_SOURCE_DIR "/docs/import/support.md");
    for (const QString &target : targets) {
        QFile out(target);
        if (out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            out.write(markdown.toUtf8());
    }
}

TEST_CASE("A segmented 16-bit palette expands as its segments say", "[io]")
{
    // The first red segments of gdcm-US-ALOKA-16: discrete (0, 0x7070), then linear over 5
    // entries up to 0xc0c0.
    const quint16 words[] = {0x0000, 0x0002, 0x0000, 0x7070, 0x0001, 0x0005, 0xc0c0};
    auto lut = expandSegmentedLut(words, 7, 7);
    REQUIRE(lut);
    const QVector<quint16> expected = {0x0000, 0x7070, 0x8080, 0x9090, 0xa0a0, 0xb0b0, 0xc0c0};
    CHECK(*lut == expected);

    // An indirect segment repeats earlier ones; one that points forward is refused.
    const quint16 indirect[] = {0x0000, 0x0001, 0x0010, 0x0002, 0x0001, 0x0000, 0x0000};
    auto repeated = expandSegmentedLut(indirect, 7, 2);
    REQUIRE(repeated);
    CHECK(*repeated == QVector<quint16>{0x0010, 0x0010});
    const quint16 forward[] = {0x0002, 0x0001, 0x0010, 0x0000};
    CHECK(!expandSegmentedLut(forward, 4, 1));
    const quint16 unknown[] = {0x0007, 0x0001, 0x0000};
    CHECK(!expandSegmentedLut(unknown, 3, 1));
}
