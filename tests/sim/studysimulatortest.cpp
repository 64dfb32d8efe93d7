#include "sim/studysimulator.h"
#include "core/labelvalue.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <dcmtk/config/osconfig.h>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmimage/diregist.h>
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmjpeg/djdecode.h>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <map>

using namespace iouslab;
using namespace iouslab::sim;

namespace {

// A seed whose first patient has lesions, so the written files carry positive frames.
SimulationSettings settingsWithLesions(int frames)
{
    SimulationSettings settings;
    settings.patients = 1;
    settings.frames = frames;
    settings.stills = 2;
    for (std::uint64_t seed = 1;; ++seed) {
        settings.seed = seed;
        if (StudySimulator(settings).phantom(0).lesions.size() >= 2)
            return settings;
    }
}

QStringList csvRows(const QString &path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly | QIODevice::Text));
    return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

std::string stringOf(DcmItem *item, const DcmTagKey &tag)
{
    OFString value;
    item->findAndGetOFStringArray(tag, value);
    return value.c_str();
}

long integerOf(DcmItem *item, const DcmTagKey &tag)
{
    long value = -1;
    OFString text;
    if (item->findAndGetOFString(tag, text).good())
        value = std::stol(text.c_str());
    return value;
}

// The frames of a DICOM file as 8-bit grey images, decoded by DCMTK.
std::vector<cv::Mat> decodedFrames(const QString &path)
{
    DJDecoderRegistration::registerCodecs();
    DicomImage image(path.toLocal8Bit().constData(), CIF_UsePartialAccessToPixelData, 0, 0);
    REQUIRE(image.getStatus() == EIS_Normal);
    std::vector<cv::Mat> frames;
    const int width = int(image.getWidth());
    const int height = int(image.getHeight());
    for (unsigned long f = 0; f < image.getFrameCount(); ++f) {
        const void *data = image.getOutputData(8, f, 0);
        REQUIRE(data != nullptr);
        const int channels = image.isMonochrome() ? 1 : 3;
        cv::Mat pixels(height, width, channels == 1 ? CV_8U : CV_8UC3, const_cast<void *>(data));
        cv::Mat grey;
        if (channels == 1)
            grey = pixels.clone();
        else
            cv::cvtColor(pixels, grey, cv::COLOR_RGB2GRAY);
        frames.push_back(grey);
    }
    return frames;
}

} // namespace

TEST_CASE("A simulated patient is written as DICOM, MP4, stills, ground truth and labels", "[sim]")
{
    const SimulationSettings settings = settingsWithLesions(40);
    const StudySimulator simulator(settings);
    QTemporaryDir out;
    const auto patient = simulator.writePatient(0, out.path());
    REQUIRE(patient.hasValue());
    CHECK(patient->files == QStringList{QStringLiteral("patient-01/sweep1.dcm"),
                                        QStringLiteral("patient-01/sweep2.mp4"),
                                        QStringLiteral("patient-01/still1.dcm"),
                                        QStringLiteral("patient-01/still2.dcm")});
    const QDir folder(out.path());
    const FrameOverlay overlay(simulator.probe(), simulator.identity(0), settings.frameRate);

    SECTION("the multi-frame DICOM carries the ultrasound tags")
    {
        DcmFileFormat file;
        REQUIRE(file.loadFile(folder.filePath(QStringLiteral("patient-01/sweep1.dcm"))
                                  .toLocal8Bit()
                                  .constData())
                    .good());
        DcmDataset *data = file.getDataset();
        CHECK(stringOf(data, DCM_SOPClassUID) == UID_UltrasoundMultiframeImageStorage);
        CHECK(stringOf(data, DCM_Modality) == "US");
        CHECK(integerOf(data, DCM_NumberOfFrames) == 24);
        CHECK(std::stod(stringOf(data, DCM_FrameTime)) == Approx(40.0));
        CHECK(integerOf(data, DCM_CineRate) == 25);
        CHECK(stringOf(data, DCM_PhotometricInterpretation) == "MONOCHROME2");
        CHECK(data->getOriginalXfer() == EXS_LittleEndianExplicit);
        CHECK(stringOf(data, DCM_PatientName) == simulator.identity(0).patientName.toStdString());
        CHECK(!stringOf(data, DCM_StudyInstanceUID).empty());

        DcmItem *region = nullptr;
        REQUIRE(data->findAndGetSequenceItem(DCM_SequenceOfUltrasoundRegions, region, 0).good());
        Uint32 x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        Uint16 spatial = 0, dataType = 0, unitsX = 0, unitsY = 0;
        Float64 deltaX = 0, deltaY = 0;
        region->findAndGetUint32(DCM_RegionLocationMinX0, x0);
        region->findAndGetUint32(DCM_RegionLocationMinY0, y0);
        region->findAndGetUint32(DCM_RegionLocationMaxX1, x1);
        region->findAndGetUint32(DCM_RegionLocationMaxY1, y1);
        region->findAndGetUint16(DCM_RegionSpatialFormat, spatial);
        region->findAndGetUint16(DCM_RegionDataType, dataType);
        region->findAndGetUint16(DCM_PhysicalUnitsXDirection, unitsX);
        region->findAndGetUint16(DCM_PhysicalUnitsYDirection, unitsY);
        region->findAndGetFloat64(DCM_PhysicalDeltaX, deltaX);
        region->findAndGetFloat64(DCM_PhysicalDeltaY, deltaY);
        const cv::Rect r = overlay.region();
        CHECK(int(x0) == r.x);
        CHECK(int(y0) == r.y);
        CHECK(int(x1) == r.x + r.width - 1);
        CHECK(int(y1) == r.y + r.height - 1);
        CHECK(spatial == 1);
        CHECK(dataType == 1);
        CHECK(unitsX == 3);
        CHECK(unitsY == 3);
        CHECK(deltaX == Approx(0.015));
        CHECK(deltaY == Approx(0.015));

        const auto frames = decodedFrames(folder.filePath(QStringLiteral("patient-01/sweep1.dcm")));
        REQUIRE(frames.size() == 24);
        CHECK(frames.front().size() == overlay.frameSize());
    }

    SECTION("the stills are single-frame ultrasound images")
    {
        DcmFileFormat file;
        REQUIRE(file.loadFile(folder.filePath(QStringLiteral("patient-01/still2.dcm"))
                                  .toLocal8Bit()
                                  .constData())
                    .good());
        CHECK(stringOf(file.getDataset(), DCM_SOPClassUID) == UID_UltrasoundImageStorage);
        CHECK(decodedFrames(folder.filePath(QStringLiteral("patient-01/still2.dcm"))).size() == 1);
    }

    SECTION("the MP4 reads back with its frame count")
    {
        cv::VideoCapture video(
            folder.filePath(QStringLiteral("patient-01/sweep2.mp4")).toStdString());
        REQUIRE(video.isOpened());
        int count = 0;
        cv::Mat frame;
        while (video.read(frame)) {
            CHECK(frame.cols == overlay.frameSize().width);
            ++count;
        }
        CHECK(count == 16);
    }

    SECTION("ground truth and the two readers cover every frame")
    {
        const QStringList truth =
            csvRows(folder.filePath(QStringLiteral("patient-01/ground_truth.csv")));
        CHECK(truth.first() == QStringLiteral("file,frame,lesion_present,type,x,y,w,h"));
        int positives = 0;
        for (const QString &row : truth.mid(1)) {
            const QStringList cells = row.split(QLatin1Char(','));
            REQUIRE(cells.size() == 8);
            if (cells[2] == QLatin1String("1")) {
                ++positives;
                CHECK(parseLesionType(cells[3]).has_value());
                const cv::Rect box(cells[4].toInt(), cells[5].toInt(), cells[6].toInt(),
                                   cells[7].toInt());
                CHECK((box & overlay.region()) == box);
            }
        }
        CHECK(positives > 0);
        CHECK(positives >= patient->lesionFrames);
        for (const QString &reader : {QStringLiteral("radiologist"), QStringLiteral("surgeon")}) {
            const QStringList labels = csvRows(folder.filePath(
                QStringLiteral("patient-01/") + StudySimulator::labelFileName(reader)));
            CHECK(labels.first() == QStringLiteral("file,frame,label"));
            CHECK(labels.size() == 1 + 24 + 16 + 2);
            for (const QString &row : labels.mid(1))
                CHECK(parseLabelValue(row.section(QLatin1Char(','), 2)).has_value());
        }
    }

    SECTION("the fake identifiers are in the DICOM headers")
    {
        QFile file(folder.filePath(QStringLiteral("patient-01/sweep1.dcm")));
        REQUIRE(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        const QStringList identifiers = simulator.identity(0).identifyingStrings();
        CHECK(identifiers.size() >= 8);
        for (const QString &identifier : identifiers) {
            INFO(identifier.toStdString());
            CHECK(bytes.contains(identifier.toLatin1()));
        }
        CHECK(simulator.identity(0).token != simulator.identity(1).token);
    }
}

TEST_CASE("JPEG baseline DICOM is YBR_FULL_422 and decodes close to the uncompressed pixels",
          "[sim]")
{
    SimulationSettings settings = settingsWithLesions(10);
    settings.stills = 0;
    QTemporaryDir plainFolder;
    QTemporaryDir jpegFolder;
    REQUIRE(StudySimulator(settings).writePatient(0, plainFolder.path()).hasValue());
    settings.jpeg = true;
    REQUIRE(StudySimulator(settings).writePatient(0, jpegFolder.path()).hasValue());

    const QString jpegPath = jpegFolder.path() + QStringLiteral("/patient-01/sweep1.dcm");
    DcmFileFormat file;
    REQUIRE(file.loadFile(jpegPath.toLocal8Bit().constData()).good());
    CHECK(file.getDataset()->getOriginalXfer() == EXS_JPEGProcess1);
    CHECK(stringOf(file.getDataset(), DCM_PhotometricInterpretation) == "YBR_FULL_422");
    CHECK(stringOf(file.getDataset(), DCM_SOPClassUID) == UID_UltrasoundMultiframeImageStorage);

    const auto jpeg = decodedFrames(jpegPath);
    const auto plain = decodedFrames(plainFolder.path() + QStringLiteral("/patient-01/sweep1.dcm"));
    REQUIRE(jpeg.size() == 6);
    REQUIRE(plain.size() == 6);
    cv::Mat difference;
    cv::absdiff(jpeg[3], plain[3], difference);
    CHECK(cv::mean(difference)[0] < 6.0);
}

TEST_CASE("The same seed gives the same pixels whatever the thread count", "[sim]")
{
    SimulationSettings settings = settingsWithLesions(12);
    settings.threads = 1;
    const StudySimulator single(settings);
    settings.threads = 2;
    const StudySimulator pair(settings);
    const LiverPhantom phantom = single.phantom(0);
    const auto a = single.renderSweep(0, 0, 6, phantom);
    const auto b = pair.renderSweep(0, 0, 6, pair.phantom(0));
    REQUIRE(a.size() == b.size());
    for (std::size_t f = 0; f < a.size(); ++f)
        CHECK(cv::norm(a[f].pixels, b[f].pixels, cv::NORM_INF) == 0);

    // Two runs write byte-identical DICOM files (the UIDs follow from the seed too).
    QTemporaryDir first;
    QTemporaryDir second;
    REQUIRE(single.writePatient(0, first.path()).hasValue());
    REQUIRE(pair.writePatient(0, second.path()).hasValue());
    for (const QString &name : {QStringLiteral("sweep1.dcm"), QStringLiteral("still1.dcm")}) {
        QFile one(first.path() + QStringLiteral("/patient-01/") + name);
        QFile two(second.path() + QStringLiteral("/patient-01/") + name);
        REQUIRE(one.open(QIODevice::ReadOnly));
        REQUIRE(two.open(QIODevice::ReadOnly));
        CHECK(one.readAll() == two.readAll());
    }
}

TEST_CASE("Ground-truth boxes contain lesions that differ from their surroundings as set", "[sim]")
{
    // Several patients, so that every lesion type appears; intensities from the written DICOM.
    SimulationSettings settings;
    settings.patients = 6;
    settings.frames = 60;
    settings.stills = 0;
    settings.seed = 11;
    settings.lesionTypeWeights = {1, 1, 0, 1, 1};
    settings.contrastDb = 6;
    const StudySimulator simulator(settings);
    QTemporaryDir out;
    REQUIRE(simulator.writeSet(out.path()).hasValue());

    std::map<QString, std::vector<cv::Mat>> frames;
    struct Tally
    {
        int agreeing = 0; ///< rows where inside differs from the ring in the set direction
        int rows = 0;
        double difference = 0; ///< summed (inside - ring), sign set to the expected direction
    };
    std::map<LesionType, Tally> tally;
    const QStringList rows = csvRows(out.path() + QStringLiteral("/ground_truth.csv"));
    for (const QString &row : rows.mid(1)) {
        const QStringList cells = row.split(QLatin1Char(','));
        if (cells[2] != QLatin1String("1") || !cells[0].endsWith(QLatin1String(".dcm")))
            continue;
        if (!frames.count(cells[0]))
            frames[cells[0]] = decodedFrames(out.path() + QLatin1Char('/') + cells[0]);
        const cv::Mat &image = frames[cells[0]].at(std::size_t(cells[1].toInt()));
        const cv::Rect box(cells[4].toInt(), cells[5].toInt(), cells[6].toInt(), cells[7].toInt());
        if (box.width < 12 || box.height < 12)
            continue;

        // Inside: the ellipse in the box; ring: an ellipse 1.8 times as large, less 1.2 times.
        const cv::Point centre(box.x + box.width / 2, box.y + box.height / 2);
        const cv::Size2d half(box.width / 2.0, box.height / 2.0);
        cv::Mat inside(image.size(), CV_8U, cv::Scalar(0));
        cv::ellipse(inside, centre, cv::Size(half * 0.8), 0, 0, 360, cv::Scalar(255), cv::FILLED);
        cv::Mat ring(image.size(), CV_8U, cv::Scalar(0));
        cv::ellipse(ring, centre, cv::Size(half * 1.8), 0, 0, 360, cv::Scalar(255), cv::FILLED);
        cv::ellipse(ring, centre, cv::Size(half * 1.2), 0, 0, 360, cv::Scalar(0), cv::FILLED);
        const double in = cv::mean(image, inside)[0];
        const double around = cv::mean(image, ring)[0];
        const LesionType type = *parseLesionType(cells[3]);
        const bool darker = type == LesionType::Hypoechoic || type == LesionType::Cyst;
        Tally &entry = tally[type];
        entry.agreeing += darker ? (in < around) : (in > around);
        entry.rows += 1;
        entry.difference += darker ? around - in : in - around;
    }
    for (const auto &[type, entry] : tally) {
        INFO(lesionTypeName(type).toStdString()
             << ": " << entry.agreeing << " of " << entry.rows << ", mean difference "
             << entry.difference / entry.rows);
        CHECK(entry.agreeing >= 0.75 * entry.rows);
        CHECK(entry.difference / entry.rows > 3.0);
    }
    CHECK(tally.size() >= 3);
}
