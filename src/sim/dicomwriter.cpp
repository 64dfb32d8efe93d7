#include "sim/dicomwriter.h"

#include "core/logging.h"
#include "sim/random.h"

#include <dcmtk/config/osconfig.h>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmimage/diregist.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpeg/djrploss.h>

#include <cmath>
#include <mutex>

namespace iouslab::sim {

namespace {

void registerJpegEncoder()
{
    // Lossy colour input becomes YCbCr with 4:2:2 subsampling (YBR_FULL_422). The SOP instance
    // UID is kept: the file is written compressed from the start, it is not a lossy copy.
    static std::once_flag once;
    std::call_once(once, [] { DJEncoderRegistration::registerCodecs(ECC_lossyYCbCr, EUC_never); });
}

class DatasetFiller
{
public:
    explicit DatasetFiller(DcmItem *item)
        : m_item(item)
    {}

    void string(const DcmTagKey &tag, const QString &value)
    {
        check(m_item->putAndInsertString(tag, value.toLatin1().constData()));
    }
    void u16(const DcmTagKey &tag, int value)
    {
        check(m_item->putAndInsertUint16(tag, Uint16(value)));
    }
    void u32(const DcmTagKey &tag, long value)
    {
        check(m_item->putAndInsertUint32(tag, Uint32(value)));
    }
    void s32(const DcmTagKey &tag, long value)
    {
        check(m_item->putAndInsertSint32(tag, Sint32(value)));
    }
    void f64(const DcmTagKey &tag, double value) { check(m_item->putAndInsertFloat64(tag, value)); }
    void check(const OFCondition &condition)
    {
        if (condition.bad() && m_error.isEmpty())
            m_error = QString::fromLatin1(condition.text());
    }
    const QString &error() const { return m_error; }

private:
    DcmItem *m_item;
    QString m_error;
};

} // namespace

QString deterministicUid(std::uint64_t a, std::uint64_t b, std::uint64_t c)
{
    // 2.25 followed by a 126-bit number written in decimal, as DICOM allows for UUID-like UIDs.
    unsigned __int128 value = (unsigned __int128)(mixSeed(a, b, c) >> 2) << 64;
    value |= mixSeed(c, a, b ^ 0x5eed);
    std::string digits;
    do {
        digits.insert(digits.begin(), char('0' + int(value % 10)));
        value /= 10;
    } while (value != 0);
    return QStringLiteral("2.25.") + QString::fromStdString(digits);
}

Status writeUltrasoundDicom(const QString &path, const std::vector<cv::Mat> &frames,
                            const UltrasoundImageInfo &info, DicomEncoding encoding)
{
    if (frames.empty())
        return makeError(QStringLiteral("%1: no frames to write").arg(path));
    const cv::Size size = frames.front().size();
    const bool multiFrame = frames.size() > 1;
    const bool jpeg = encoding == DicomEncoding::JpegBaseline;

    DcmFileFormat file;
    DcmDataset *dataset = file.getDataset();
    DatasetFiller fill(dataset);
    const FakeIdentity &id = info.identity;

    // Identification, patient and study: the fake identifiers that import must strip.
    fill.string(DCM_SOPClassUID,
                QString::fromLatin1(multiFrame ? UID_UltrasoundMultiframeImageStorage
                                               : UID_UltrasoundImageStorage));
    fill.string(DCM_SOPInstanceUID, info.sopInstanceUid);
    fill.string(DCM_StudyInstanceUID, info.studyUid);
    fill.string(DCM_SeriesInstanceUID, info.seriesUid);
    fill.string(DCM_SpecificCharacterSet, QStringLiteral("ISO_IR 100"));
    fill.string(DCM_Modality, QStringLiteral("US"));
    fill.string(DCM_PatientName, id.patientName);
    fill.string(DCM_PatientID, id.patientId);
    fill.string(DCM_IssuerOfPatientID, id.issuerOfPatientId);
    fill.string(DCM_PatientBirthDate, id.birthDate);
    fill.string(DCM_PatientSex, id.sex);
    fill.string(DCM_InstitutionName, id.institutionName);
    fill.string(DCM_InstitutionAddress, id.institutionAddress);
    fill.string(DCM_ReferringPhysicianName, id.referringPhysician);
    fill.string(DCM_OperatorsName, id.operatorName);
    fill.string(DCM_AccessionNumber, id.accessionNumber);
    fill.string(DCM_StudyDate, id.studyDate);
    fill.string(DCM_StudyTime, id.studyTime);
    fill.string(DCM_SeriesDate, id.studyDate);
    fill.string(DCM_ContentDate, id.studyDate);
    fill.string(DCM_ContentTime, id.studyTime);
    fill.string(DCM_StudyID, QStringLiteral("1"));
    fill.string(DCM_StudyDescription, QStringLiteral("Intraoperative liver ultrasound"));
    fill.string(DCM_SeriesDescription, info.seriesDescription);
    fill.string(DCM_SeriesNumber, QString::number(info.seriesNumber));
    fill.string(DCM_InstanceNumber, QString::number(info.instanceNumber));
    fill.string(DCM_Manufacturer, QStringLiteral("iouslab"));
    fill.string(DCM_ManufacturerModelName, QStringLiteral("B-mode liver phantom"));
    fill.string(DCM_BodyPartExamined, QStringLiteral("LIVER"));
    fill.string(DCM_ImageType, QStringLiteral("ORIGINAL\\PRIMARY"));
    fill.string(DCM_ConversionType, QStringLiteral("SYN"));

    // Image pixel module.
    fill.u16(DCM_SamplesPerPixel, jpeg ? 3 : 1);
    fill.string(DCM_PhotometricInterpretation,
                jpeg ? QStringLiteral("RGB") : QStringLiteral("MONOCHROME2"));
    if (jpeg)
        fill.u16(DCM_PlanarConfiguration, 0);
    fill.u16(DCM_Rows, size.height);
    fill.u16(DCM_Columns, size.width);
    fill.u16(DCM_BitsAllocated, 8);
    fill.u16(DCM_BitsStored, 8);
    fill.u16(DCM_HighBit, 7);
    fill.u16(DCM_PixelRepresentation, 0);
    if (!jpeg)
        fill.string(DCM_LossyImageCompression, QStringLiteral("00"));

    // Cine timing.
    if (multiFrame) {
        const int rate = int(std::lround(1000.0 / info.frameTimeMs));
        fill.string(DCM_NumberOfFrames, QString::number(frames.size()));
        fill.string(DCM_FrameTime, QString::number(info.frameTimeMs, 'f', 3));
        fill.check(dataset->putAndInsertTagKey(DCM_FrameIncrementPointer, DCM_FrameTime));
        fill.string(DCM_CineRate, QString::number(rate));
        fill.string(DCM_RecommendedDisplayFrameRate, QString::number(rate));
    }

    // The ultrasound region: where the image is in the frame and its physical spacing (cm).
    DcmItem *region = nullptr;
    fill.check(dataset->findOrCreateSequenceItem(DCM_SequenceOfUltrasoundRegions, region, -2));
    if (region) {
        DatasetFiller r(region);
        r.u16(DCM_RegionSpatialFormat, 1); // 2D
        r.u16(DCM_RegionDataType, 1);      // tissue
        r.u32(DCM_RegionFlags, 0);
        r.u32(DCM_RegionLocationMinX0, info.region.x);
        r.u32(DCM_RegionLocationMinY0, info.region.y);
        r.u32(DCM_RegionLocationMaxX1, info.region.x + info.region.width - 1);
        r.u32(DCM_RegionLocationMaxY1, info.region.y + info.region.height - 1);
        r.u16(DCM_PhysicalUnitsXDirection, 3); // cm
        r.u16(DCM_PhysicalUnitsYDirection, 3);
        r.f64(DCM_PhysicalDeltaX, info.pixelMm / 10.0);
        r.f64(DCM_PhysicalDeltaY, info.pixelMm / 10.0);
        r.s32(DCM_ReferencePixelX0, std::lround(info.referencePixel.x));
        r.s32(DCM_ReferencePixelY0, std::lround(info.referencePixel.y));
        r.f64(DCM_ReferencePixelPhysicalValueX, 0.0);
        r.f64(DCM_ReferencePixelPhysicalValueY, 0.0);
        r.u32(DCM_TransducerFrequency, std::lround(info.transducerMHz * 1000));
        fill.check(r.error().isEmpty() ? EC_Normal : EC_IllegalCall);
    }

    // Pixel data: grey, or grey copied into three channels for the colour JPEG codec.
    const std::size_t channels = jpeg ? 3 : 1;
    const std::size_t frameBytes = std::size_t(size.area()) * channels;
    std::vector<Uint8> pixels(frameBytes * frames.size());
    for (std::size_t f = 0; f < frames.size(); ++f) {
        const cv::Mat &frame = frames[f];
        if (frame.size() != size || frame.type() != CV_8UC1)
            return makeError(QStringLiteral("%1: frame %2 is not %3x%4 8-bit grey")
                                 .arg(path)
                                 .arg(f)
                                 .arg(size.width)
                                 .arg(size.height));
        Uint8 *out = pixels.data() + f * frameBytes;
        for (int y = 0; y < size.height; ++y) {
            const uchar *row = frame.ptr<uchar>(y);
            for (int x = 0; x < size.width; ++x) {
                for (std::size_t c = 0; c < channels; ++c)
                    *out++ = row[x];
            }
        }
    }
    fill.check(
        dataset->putAndInsertUint8Array(DCM_PixelData, pixels.data(), Uint32(pixels.size())));
    if (!fill.error().isEmpty())
        return makeError(
            QStringLiteral("%1: cannot build the DICOM dataset: %2").arg(path, fill.error()));

    E_TransferSyntax syntax = EXS_LittleEndianExplicit;
    if (jpeg) {
        registerJpegEncoder();
        syntax = EXS_JPEGProcess1;
        const DJ_RPLossy parameters(90);
        const OFCondition compressed = dataset->chooseRepresentation(syntax, &parameters);
        if (compressed.bad() || !dataset->canWriteXfer(syntax))
            return makeError(QStringLiteral("%1: JPEG compression failed: %2")
                                 .arg(path, QString::fromLatin1(compressed.text())));
    }
    const OFCondition saved = file.saveFile(path.toLocal8Bit().constData(), syntax);
    if (saved.bad())
        return makeError(
            QStringLiteral("%1: cannot write: %2").arg(path, QString::fromLatin1(saved.text())));
    return {};
}

} // namespace iouslab::sim
