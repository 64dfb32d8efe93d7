#include "io/dicomreader.h"
#include "io/rlecheck.h"

#include "core/logging.h"
#include "io/j2kdecoder.h"
#include "io/palettelut.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmimage/diregist.h>
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace iouslab {

namespace {

// DCMTK keeps its codecs in a process-wide list; they are registered once, and DCMTK's own
// log is silenced because its lines can carry attribute values (and so identifiers).
void registerDcmtkCodecs()
{
    static std::once_flag once;
    std::call_once(once, [] {
        OFLog::configure(OFLogger::OFF_LOG_LEVEL);
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
    });
}

// Values larger than this stay in the file until a frame needs them (and are let go after),
// so opening a long clip reads only its header and memory does not grow with its length.
constexpr Uint32 lazyLoadThreshold = 4 * 1024;

// Decoding threads for one multi-frame file; more gain little on a JPEG clip.
constexpr int maxLanes = 4;

bool isJ2kTransferSyntax(const QString &uid)
{
    static const char *const uids[] = {
        "1.2.840.10008.1.2.4.90",  "1.2.840.10008.1.2.4.91",  "1.2.840.10008.1.2.4.92",
        "1.2.840.10008.1.2.4.93",  "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
        "1.2.840.10008.1.2.4.203",
    };
    for (const char *known : uids)
        if (uid == QLatin1String(known))
            return true;
    return false;
}

QString transferSyntaxName(const QString &uid, E_TransferSyntax xfer)
{
    if (uid == QLatin1String("1.2.840.10008.1.2.4.201"))
        return QStringLiteral("HTJ2K Lossless");
    if (uid == QLatin1String("1.2.840.10008.1.2.4.202"))
        return QStringLiteral("HTJ2K Lossless RPCL");
    if (uid == QLatin1String("1.2.840.10008.1.2.4.203"))
        return QStringLiteral("HTJ2K");
    if (xfer != EXS_Unknown)
        return QString::fromLatin1(DcmXfer(xfer).getXferName());
    return uid;
}

// "RTIonPlanStorage" reads better as "RT Ion Plan Storage".
QString spacedName(const QString &name)
{
    QString out;
    for (int i = 0; i < name.size(); ++i) {
        const QChar c = name[i];
        const bool boundary =
            i > 0 && c.isUpper() &&
            (name[i - 1].isLower() ||
             (i + 1 < name.size() && name[i + 1].isLower() && name[i - 1] != ' '));
        if (boundary)
            out += ' ';
        out += c;
    }
    return out;
}

QString sopClassName(const QString &uid)
{
    const char *name = dcmFindNameOfUID(uid.toLatin1().constData(), nullptr);
    return name ? spacedName(QString::fromLatin1(name)) : uid;
}

QString stringOf(DcmItem &item, const DcmTagKey &key)
{
    OFString value;
    if (item.findAndGetOFStringArray(key, value).bad())
        return {};
    return QString::fromLatin1(value.c_str()).trimmed();
}

// Number of Frames is an integer string; writers get it wrong ("1A"), and DCMTK reads the
// leading digits, so this does too.
Expected<int> numberOfFrames(DcmItem &item)
{
    const QString text = stringOf(item, DCM_NumberOfFrames);
    if (text.isEmpty())
        return 1;
    int end = 0;
    while (end < text.size() && text[end].isDigit())
        ++end;
    bool ok = false;
    const qlonglong count = text.left(end).toLongLong(&ok);
    if (!ok)
        return makeError(QStringLiteral("Number of Frames '%1' is not a number").arg(text));
    if (count < 1 || count > ReaderLimits::maxFrames)
        return makeError(QStringLiteral("declares %1 frames, refused: the limit is 1 to %2")
                             .arg(count)
                             .arg(ReaderLimits::maxFrames));
    return int(count);
}

std::optional<QRect> ultrasoundRegion(DcmItem &dataset, int width, int height)
{
    DcmSequenceOfItems *regions = nullptr;
    if (dataset.findAndGetSequence(DCM_SequenceOfUltrasoundRegions, regions).bad() || !regions)
        return std::nullopt;

    // Dual views carry two 2D tissue regions side by side; the crop keeps both.
    QRect tissue, any;
    for (unsigned long i = 0; i < regions->card(); ++i) {
        DcmItem *region = regions->getItem(i);
        Uint32 x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        Uint16 format = 0;
        if (region->findAndGetUint32(DCM_RegionLocationMinX0, x0).bad() ||
            region->findAndGetUint32(DCM_RegionLocationMinY0, y0).bad() ||
            region->findAndGetUint32(DCM_RegionLocationMaxX1, x1).bad() ||
            region->findAndGetUint32(DCM_RegionLocationMaxY1, y1).bad())
            continue;
        region->findAndGetUint16(DCM_RegionSpatialFormat, format);
        const QRect rect =
            QRect(QPoint(int(std::min<Uint32>(x0, 1u << 30)), int(std::min<Uint32>(y0, 1u << 30))),
                  QPoint(int(std::min<Uint32>(x1, 1u << 30)), int(std::min<Uint32>(y1, 1u << 30))))
                .intersected(QRect(0, 0, width, height));
        if (rect.isEmpty())
            continue;
        if (format == 1)
            tissue = tissue.united(rect);
        if (rect.width() * qint64(rect.height()) > any.width() * qint64(any.height()))
            any = rect;
    }
    if (!tissue.isEmpty())
        return tissue;
    if (!any.isEmpty())
        return any;
    return std::nullopt;
}

cv::Mat matFromDicomImage(DicomImage &image)
{
    const int width = int(image.getWidth());
    const int height = int(image.getHeight());
    const void *data = image.getOutputData(8, 0, 0);
    if (!data)
        return {};
    if (image.isMonochrome())
        return cv::Mat(height, width, CV_8UC1, const_cast<void *>(data)).clone();
    cv::Mat bgr;
    cv::cvtColor(cv::Mat(height, width, CV_8UC3, const_cast<void *>(data)), bgr, cv::COLOR_RGB2BGR);
    return bgr;
}

} // namespace

DicomReader::~DicomReader() = default;

bool DicomReader::looksLikeDicom(const QByteArray &head)
{
    if (head.size() >= 132 && head.mid(128, 4) == "DICM")
        return true;
    if (head.size() < 8)
        return false;
    const auto byte = [&](int i) { return quint16(quint8(head[i])); };
    const quint16 groupLe = byte(0) | (byte(1) << 8);
    const quint16 groupBe = (byte(0) << 8) | byte(1);
    const quint16 elementLe = byte(2) | (byte(3) << 8);
    const quint16 elementBe = (byte(2) << 8) | byte(3);
    const auto plausible = [](quint16 group, quint16 element) {
        return (group == 0x0002 || group == 0x0008) && element < 0x0200;
    };
    return plausible(groupLe, elementLe) || plausible(groupBe, elementBe);
}

Expected<std::unique_ptr<FrameReader>> DicomReader::open(const QString &path)
{
    registerDcmtkCodecs();
    std::unique_ptr<DicomReader> reader(new DicomReader);
    reader->m_info.path = path;
    reader->m_info.kind = SourceKind::Dicom;

    try {
        const qint64 fileSize = QFileInfo(path).size();
        reader->m_file = std::make_unique<DcmFileFormat>();
        const OFCondition loaded =
            reader->m_file->loadFile(OFFilename(QFile::encodeName(path).constData()), EXS_Unknown,
                                     EGL_noChange, lazyLoadThreshold, ERM_autoDetect);
        // DCMTK stops with these when an element or item runs past the end of the file.
        if (loaded == EC_StreamNotifyClient || loaded == EC_PrematureSequDelimitationItem ||
            loaded == EC_SequDelimitationItemMissing || loaded == EC_ItemDelimitationItemMissing ||
            loaded == EC_InvalidStream)
            return makeError(QStringLiteral("%1: truncated or damaged: its data set runs past the "
                                            "end of the file at byte %2 (%3)")
                                 .arg(path)
                                 .arg(fileSize)
                                 .arg(QString::fromLatin1(loaded.text())));
        if (loaded.bad())
            return makeError(QStringLiteral("%1: not a readable DICOM file (%2)")
                                 .arg(path, QString::fromLatin1(loaded.text())));
        reader->m_dataset = reader->m_file->getDataset();
        if (!reader->m_dataset)
            return makeError(
                QStringLiteral("%1: not a readable DICOM file (no data set)").arg(path));

        if (Status header = reader->readHeader(); !header)
            return makeError(QStringLiteral("%1: %2").arg(path, header.error()));
        if (Status pixels = reader->checkPixelData(); !pixels)
            return makeError(QStringLiteral("%1: %2").arg(path, pixels.error()));
        if (reader->m_isJ2k || reader->m_fastJpeg)
            reader->readOffsetTable();
        if (reader->m_isJ2k) {
            if (Status prepared = reader->prepareJ2kTemplate(); !prepared)
                return makeError(QStringLiteral("%1: %2").arg(path, prepared.error()));
        }
    } catch (const std::bad_alloc &) {
        return makeError(
            QStringLiteral("%1: refused: reading its header ran out of memory").arg(path));
    } catch (const std::exception &e) {
        return makeError(QStringLiteral("%1: not a readable DICOM file (%2)")
                             .arg(path, QString::fromLocal8Bit(e.what())));
    }
    return std::unique_ptr<FrameReader>(std::move(reader));
}

Status DicomReader::readHeader()
{
    DcmDataset &ds = *m_dataset;
    DcmMetaInfo *meta = m_file->getMetaInfo();
    m_xfer = ds.getOriginalXfer();
    if (meta)
        m_xferUid = stringOf(*meta, DCM_TransferSyntaxUID);
    if (m_xferUid.isEmpty() && m_xfer != EXS_Unknown)
        m_xferUid = QString::fromLatin1(DcmXfer(E_TransferSyntax(m_xfer)).getXferID());

    m_info.sopClassUid = stringOf(ds, DCM_SOPClassUID);
    if (m_info.sopClassUid.isEmpty() && meta)
        m_info.sopClassUid = stringOf(*meta, DCM_MediaStorageSOPClassUID);
    m_info.sopInstanceUid = stringOf(ds, DCM_SOPInstanceUID);
    m_info.studyInstanceUid = stringOf(ds, DCM_StudyInstanceUID);
    m_info.patientId = stringOf(ds, DCM_PatientID);
    m_info.issuerOfPatientId = stringOf(ds, DCM_IssuerOfPatientID);
    m_info.modality = stringOf(ds, DCM_Modality);

    if (!ds.tagExists(DCM_PixelData)) {
        if (m_info.sopClassUid == QLatin1String(UID_MediaStorageDirectoryStorage))
            return makeError(QStringLiteral("not an image (a DICOMDIR: import it with the "
                                            "folder it indexes)"));
        const QString what = m_info.sopClassUid.isEmpty() ? QStringLiteral("no SOP class")
                                                          : sopClassName(m_info.sopClassUid);
        return makeError(QStringLiteral("not an image (%1): it has no pixel data").arg(what));
    }

    // The transfer syntax decides the decoder; anything else is refused here, by name.
    m_isJ2k = isJ2kTransferSyntax(m_xferUid);
    const E_TransferSyntax xfer = E_TransferSyntax(m_xfer);
    if (!m_isJ2k) {
        static const E_TransferSyntax supported[] = {
            EXS_LittleEndianImplicit, EXS_LittleEndianExplicit,
            EXS_BigEndianExplicit,    EXS_DeflatedLittleEndianExplicit,
            EXS_JPEGProcess1,         EXS_JPEGProcess2_4,
            EXS_JPEGProcess14,        EXS_JPEGProcess14SV1,
            EXS_JPEGLSLossless,       EXS_JPEGLSLossy,
            EXS_RLELossless,
        };
        if (std::find(std::begin(supported), std::end(supported), xfer) == std::end(supported))
            return makeError(QStringLiteral("transfer syntax %1 is not supported")
                                 .arg(transferSyntaxName(m_xferUid, xfer)));
    }

    Uint16 rows = 0, columns = 0, samples = 0, bitsAllocated = 0, bitsStored = 0;
    if (ds.findAndGetUint16(DCM_Rows, rows).bad() ||
        ds.findAndGetUint16(DCM_Columns, columns).bad())
        return makeError(QStringLiteral("has pixel data but no Rows or Columns"));
    if (ds.findAndGetUint16(DCM_SamplesPerPixel, samples).bad())
        samples = 1;
    if (ds.findAndGetUint16(DCM_BitsAllocated, bitsAllocated).bad())
        return makeError(QStringLiteral("has pixel data but no Bits Allocated"));
    if (ds.findAndGetUint16(DCM_BitsStored, bitsStored).bad())
        bitsStored = bitsAllocated;
    if (rows == 0 || columns == 0 || rows > ReaderLimits::maxSide ||
        columns > ReaderLimits::maxSide)
        return makeError(QStringLiteral("declares %1 x %2 pixels, refused: the limit is 1 to %3 "
                                        "per side")
                             .arg(columns)
                             .arg(rows)
                             .arg(ReaderLimits::maxSide));
    if (samples != 1 && samples != 3)
        return makeError(QStringLiteral("declares %1 samples per pixel; only 1 and 3 are "
                                        "supported")
                             .arg(samples));
    if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32)
        return makeError(QStringLiteral("declares %1 bits allocated; only 8, 16 and 32 are "
                                        "supported")
                             .arg(bitsAllocated));
    if (bitsStored == 0 || bitsStored > bitsAllocated)
        return makeError(QStringLiteral("declares %1 bits stored in %2 bits allocated")
                             .arg(bitsStored)
                             .arg(bitsAllocated));
    const qint64 frameBytes = qint64(rows) * columns * samples * (bitsAllocated / 8);
    if (frameBytes > ReaderLimits::maxFrameBytes)
        return makeError(QStringLiteral("declares frames of %1 MiB, refused: the limit is %2 MiB")
                             .arg(frameBytes >> 20)
                             .arg(ReaderLimits::maxFrameBytes >> 20));
    Expected<int> frames = numberOfFrames(ds);
    if (!frames)
        return makeError(frames.error());

    const QString photometric = stringOf(ds, DCM_PhotometricInterpretation);
    static const char *const monochrome[] = {"MONOCHROME1", "MONOCHROME2"};
    static const char *const colour[] = {"RGB",     "YBR_FULL",        "YBR_FULL_422",   "YBR_ICT",
                                         "YBR_RCT", "YBR_PARTIAL_422", "YBR_PARTIAL_420"};
    m_isMonochrome =
        photometric == QLatin1String(monochrome[0]) || photometric == QLatin1String(monochrome[1]);
    const bool isPalette = photometric == QLatin1String("PALETTE COLOR");
    bool isColour = false;
    for (const char *name : colour)
        isColour = isColour || photometric == QLatin1String(name);
    if (!m_isMonochrome && !isPalette && !isColour)
        return makeError(
            QStringLiteral("photometric interpretation '%1' is not supported").arg(photometric));
    if ((m_isMonochrome || isPalette) != (samples == 1))
        return makeError(QStringLiteral("photometric interpretation %1 with %2 samples per pixel "
                                        "is inconsistent")
                             .arg(photometric)
                             .arg(samples));
    if (isPalette) {
        if (Status expanded = expandSegmentedPalettes(ds); !expanded)
            return makeError(expanded.error());
    }

    m_samplesPerPixel = samples;
    m_bitsAllocated = bitsAllocated;
    m_info.width = columns;
    m_info.height = rows;
    m_info.frameCount = *frames;
    m_info.ultrasoundRegion = ultrasoundRegion(ds, columns, rows);

    // Frame timing: a per-frame vector wins, then Frame Time, then Cine Rate.
    Float64 frameTimeMs = 0;
    Sint32 cineRate = 0;
    if (ds.findAndGetFloat64(DCM_FrameTime, frameTimeMs).good() && frameTimeMs > 0 &&
        std::isfinite(frameTimeMs))
        m_info.frameRate = 1000.0 / frameTimeMs;
    else if (ds.findAndGetSint32(DCM_CineRate, cineRate).good() && cineRate > 0)
        m_info.frameRate = double(cineRate);
    if (DcmElement *vector = nullptr; ds.findAndGetElement(DCM_FrameTimeVector, vector).good() &&
                                      vector && vector->getVM() == unsigned(m_info.frameCount)) {
        double t = 0;
        for (int i = 0; i < m_info.frameCount; ++i) {
            Float64 increment = 0;
            vector->getFloat64(increment, i);
            if (std::isfinite(increment) && increment > 0)
                t += increment / 1000.0;
            m_frameTimes.push_back(t);
        }
    }

    m_info.description =
        QStringLiteral("%1 %2, %3, %4, %5 bit, %6 frame%7")
            .arg(m_info.modality.isEmpty() ? QStringLiteral("DICOM") : m_info.modality,
                 m_info.frameCount > 1 ? QStringLiteral("multi-frame") : QStringLiteral("image"),
                 transferSyntaxName(m_xferUid, xfer), photometric)
            .arg(bitsStored)
            .arg(m_info.frameCount)
            .arg(m_info.frameCount == 1 ? QString() : QStringLiteral("s"));
    return {};
}

Status DicomReader::checkPixelData()
{
    DcmElement *element = nullptr;
    if (m_dataset->findAndGetElement(DCM_PixelData, element).bad() || !element)
        return makeError(QStringLiteral("its pixel data cannot be read"));
    auto *pixelData = dynamic_cast<DcmPixelData *>(element);
    if (!pixelData)
        return makeError(QStringLiteral("its pixel data element is malformed"));

    E_TransferSyntax repType = EXS_Unknown;
    const DcmRepresentationParameter *repParam = nullptr;
    pixelData->getOriginalRepresentationKey(repType, repParam);
    const bool encapsulated = m_isJ2k || DcmXfer(E_TransferSyntax(m_xfer)).isEncapsulated();

    if (!encapsulated) {
        // Native: the value must hold every declared frame. YBR_FULL_422 keeps two bytes a
        // pixel (PS3.3 C.7.6.3.1.2).
        const QString photometric = stringOf(*m_dataset, DCM_PhotometricInterpretation);
        const qint64 samples = photometric.startsWith(QLatin1String("YBR_FULL_422")) ||
                                       photometric.startsWith(QLatin1String("YBR_PARTIAL_42"))
                                   ? 2
                                   : m_samplesPerPixel;
        const qint64 frameBytes =
            qint64(m_info.width) * m_info.height * samples * (m_bitsAllocated / 8);
        const qint64 needed = frameBytes * m_info.frameCount;
        const qint64 held = element->getLength();
        if (held < needed)
            return makeError(QStringLiteral("pixel data truncated: %1 frames of %2 bytes need %3 "
                                            "bytes, the file holds %4")
                                 .arg(m_info.frameCount)
                                 .arg(frameBytes)
                                 .arg(needed)
                                 .arg(held));
        return {};
    }

    DcmPixelSequence *sequence = nullptr;
    if (pixelData->getEncapsulatedRepresentation(repType, repParam, sequence).bad() || !sequence)
        return makeError(QStringLiteral("its compressed pixel data has no fragments"));
    const unsigned long fragments = sequence->card();
    if (fragments < 2)
        return makeError(QStringLiteral("its compressed pixel data has no fragments"));
    if (fragments - 1 < static_cast<unsigned long>(m_info.frameCount))
        return makeError(QStringLiteral("declares %1 frames but its compressed pixel data holds "
                                        "only %2 fragments")
                             .arg(m_info.frameCount)
                             .arg(fragments - 1));
    m_pixelSequence = sequence;

    if (E_TransferSyntax(m_xfer) == EXS_RLELossless) {
        const int segments = m_samplesPerPixel * (m_bitsAllocated / 8);
        const size_t pixels = size_t(m_info.width) * size_t(m_info.height);
        for (int frame = 0; frame < m_info.frameCount; ++frame) {
            DcmPixelItem *item = nullptr;
            Uint8 *bytes = nullptr;
            if (sequence->getItem(item, static_cast<unsigned long>(frame) + 1).bad() || !item ||
                item->getUint8Array(bytes).bad())
                return makeError(
                    QStringLiteral("frame %1: its RLE data cannot be read").arg(frame + 1));
            if (Status s = checkRleFrame(bytes, item->getLength(), segments, pixels); !s)
                return makeError(
                    QStringLiteral("frame %1 is damaged: %2").arg(frame + 1).arg(s.error()));
        }
    }

    // JPEG baseline in the layouts scanners write is decoded by OpenCV's libjpeg(-turbo):
    // several times faster than DCMTK's IJG 6b, and the same samples (both use the islow
    // inverse DCT, fancy upsampling and the JFIF colour conversion), which the DICOM table
    // test checks against dcmj2pnm frame by frame.
    const QString photometric = stringOf(*m_dataset, DCM_PhotometricInterpretation);
    m_fastJpeg = m_xfer == EXS_JPEGProcess1 && m_bitsAllocated == 8 &&
                 ((m_samplesPerPixel == 3 && (photometric == QLatin1String("YBR_FULL_422") ||
                                              photometric == QLatin1String("YBR_FULL"))) ||
                  (m_samplesPerPixel == 1 && photometric == QLatin1String("MONOCHROME2")));
    return {};
}

void DicomReader::readOffsetTable()
{
    // The Basic Offset Table gives where each frame starts; without one, frames are found by
    // their end-of-codestream markers.
    DcmPixelItem *offsetTable = nullptr;
    if (m_pixelSequence->getItem(offsetTable, 0).good() && offsetTable &&
        offsetTable->getLength() >= 4 * Uint32(m_info.frameCount) && m_info.frameCount > 1) {
        Uint32 *offsets = nullptr;
        if (offsetTable->getUint32Array(offsets).good() && offsets)
            m_frameOffsets.assign(offsets, offsets + m_info.frameCount);
    }
}

Status DicomReader::prepareJ2kTemplate()
{
    // A one-frame native data set with the pixel module of the source: DCMTK then renders the
    // decoded samples exactly as it renders an uncompressed file.
    m_template = std::make_unique<DcmDataset>();
    static const DcmTagKey copied[] = {
        DCM_SOPClassUID,
        DCM_Modality,
        DCM_Rows,
        DCM_Columns,
        DCM_SamplesPerPixel,
        DCM_BitsAllocated,
        DCM_BitsStored,
        DCM_HighBit,
        DCM_PixelRepresentation,
        DCM_RescaleSlope,
        DCM_RescaleIntercept,
        DCM_RescaleType,
        DCM_RedPaletteColorLookupTableDescriptor,
        DCM_GreenPaletteColorLookupTableDescriptor,
        DCM_BluePaletteColorLookupTableDescriptor,
        DCM_RedPaletteColorLookupTableData,
        DCM_GreenPaletteColorLookupTableData,
        DCM_BluePaletteColorLookupTableData,
    };
    for (const DcmTagKey &key : copied) {
        DcmElement *element = nullptr;
        if (m_dataset->findAndGetElement(key, element).good() && element) {
            element->loadAllDataIntoMemory();
            m_template->insert(dynamic_cast<DcmElement *>(element->clone()), true);
        }
    }
    // OpenJPEG undoes YBR_ICT and YBR_RCT: three components come out as RGB.
    const QString photometric = stringOf(*m_dataset, DCM_PhotometricInterpretation);
    m_template->putAndInsertString(DCM_PhotometricInterpretation,
                                   m_samplesPerPixel == 3 ? "RGB"
                                                          : photometric.toLatin1().constData());
    m_template->putAndInsertUint16(DCM_PlanarConfiguration, 0);
    m_template->putAndInsertString(DCM_NumberOfFrames, "1");
    return {};
}

Expected<QByteArray> DicomReader::nextCodestream(int frameIndex)
{
    const unsigned long fragments = m_pixelSequence->card();
    QByteArray codestream;
    const auto append = [&](unsigned long index) -> Status {
        DcmPixelItem *item = nullptr;
        Uint8 *bytes = nullptr;
        if (m_pixelSequence->getItem(item, index).bad() || !item ||
            item->getUint8Array(bytes).bad())
            return makeError(QStringLiteral("fragment %1 cannot be read").arg(index));
        if (bytes)
            codestream.append(reinterpret_cast<const char *>(bytes), int(item->getLength()));
        // A fragment read from the file is let go again, so memory does not grow with the
        // clip.
        item->compact();
        return {};
    };
    const auto endsWithEoc = [&] {
        const int n = codestream.size();
        return n >= 2 && quint8(codestream[n - 2]) == 0xff && quint8(codestream[n - 1]) == 0xd9;
    };

    if (m_info.frameCount == 1) {
        for (unsigned long i = 1; i < fragments; ++i)
            if (Status s = append(i); !s)
                return makeError(s.error());
        return codestream;
    }
    if (fragments - 1 == static_cast<unsigned long>(m_info.frameCount)) {
        if (Status s = append(m_nextFragment++); !s)
            return makeError(s.error());
        return codestream;
    }
    // Several fragments a frame: up to the next frame's offset, else up to an EOC marker.
    const bool haveOffsets = !m_frameOffsets.empty();
    const Uint32 end = haveOffsets && frameIndex + 1 < m_info.frameCount
                           ? m_frameOffsets[frameIndex + 1]
                           : Uint32(-1);
    Uint32 position = 0;
    for (unsigned long i = 1; i < m_nextFragment; ++i) {
        DcmPixelItem *item = nullptr;
        if (m_pixelSequence->getItem(item, i).good() && item)
            position += item->getLength() + 8;
    }
    while (m_nextFragment < fragments) {
        if (haveOffsets && position >= end)
            break;
        DcmPixelItem *item = nullptr;
        if (m_pixelSequence->getItem(item, m_nextFragment).good() && item)
            position += item->getLength() + 8;
        if (Status s = append(m_nextFragment++); !s)
            return makeError(s.error());
        if (!haveOffsets && endsWithEoc())
            break;
    }
    if (codestream.isEmpty())
        return makeError(QStringLiteral("its compressed pixel data ends before this frame"));
    return codestream;
}

Error DicomReader::frameError(int frameIndex, const QString &what) const
{
    return makeError(QStringLiteral("%1: frame %2 of %3: %4")
                         .arg(m_info.path)
                         .arg(frameIndex + 1)
                         .arg(m_info.frameCount)
                         .arg(what));
}

Expected<cv::Mat> DicomReader::decodeWithDcmtk(DcmDataset *dataset, int frameIndex) const
{
    DicomImage image(dataset, E_TransferSyntax(m_xfer), CIF_UsePartialAccessToPixelData,
                     static_cast<unsigned long>(frameIndex), 1UL);
    if (image.getStatus() != EIS_Normal)
        return frameError(frameIndex,
                          QStringLiteral("DCMTK cannot render it (%1)")
                              .arg(QString::fromLatin1(DicomImage::getString(image.getStatus()))));
    cv::Mat frame = matFromDicomImage(image);
    if (frame.empty())
        return frameError(frameIndex, QStringLiteral("DCMTK gave no pixels for it"));
    return frame;
}

Expected<cv::Mat> DicomReader::decodeJ2k(int frameIndex)
{
    Expected<QByteArray> codestream = nextCodestream(frameIndex);
    if (!codestream)
        return frameError(frameIndex, codestream.error());
    Expected<J2kImage> decoded =
        iouslab::decodeJ2k(*codestream, m_info.width, m_info.height, m_samplesPerPixel);
    if (!decoded)
        return frameError(frameIndex, decoded.error());

    // Samples go into the template's native pixel data at the declared bit depth; signed
    // samples keep their two's complement bits.
    const size_t count = decoded->samples.size();
    if (m_bitsAllocated == 8) {
        std::vector<Uint8> bytes(count);
        for (size_t i = 0; i < count; ++i)
            bytes[i] = Uint8(decoded->samples[i]);
        m_template->putAndInsertUint8Array(DCM_PixelData, bytes.data(), count);
    } else if (m_bitsAllocated == 16) {
        std::vector<Uint16> words(count);
        for (size_t i = 0; i < count; ++i)
            words[i] = Uint16(decoded->samples[i]);
        m_template->putAndInsertUint16Array(DCM_PixelData, words.data(), count);
    } else {
        return frameError(frameIndex, QStringLiteral("JPEG 2000 with 32 bits allocated is not "
                                                     "supported"));
    }

    DicomImage image(m_template.get(), EXS_LittleEndianExplicit, 0UL, 0UL, 1UL);
    if (image.getStatus() != EIS_Normal)
        return frameError(frameIndex,
                          QStringLiteral("DCMTK cannot render the decoded frame "
                                         "(%1)")
                              .arg(QString::fromLatin1(DicomImage::getString(image.getStatus()))));
    cv::Mat frame = matFromDicomImage(image);
    if (frame.empty())
        return frameError(frameIndex, QStringLiteral("DCMTK gave no pixels for it"));
    return frame;
}

void DicomReader::openLanes()
{
    // Each lane is the file opened once more: DCMTK's partial access changes its data set,
    // so a data set is decoded by one thread at a time. A lane that does not open leaves
    // fewer lanes, never an error.
    m_lanes.push_back(m_dataset);
    if (m_isJ2k || m_info.frameCount < 4)
        return;
    const int wanted = std::clamp(QThread::idealThreadCount(), 1, maxLanes);
    if (m_fastJpeg) {
        // OpenCV decodes from the bytes cut here; the lanes need no data set of their own.
        m_lanes.resize(size_t(wanted), m_dataset);
        return;
    }
    for (int i = 1; i < wanted; ++i) {
        auto file = std::make_unique<DcmFileFormat>();
        if (file->loadFile(OFFilename(QFile::encodeName(m_info.path).constData()), EXS_Unknown,
                           EGL_noChange, lazyLoadThreshold, ERM_autoDetect)
                .bad() ||
            !expandSegmentedPalettes(*file->getDataset()))
            break;
        m_lanes.push_back(file->getDataset());
        m_laneFiles.push_back(std::move(file));
    }
}

Expected<cv::Mat> DicomReader::decodeJpeg(const QByteArray &codestream, int frameIndex,
                                          bool grey) const
{
    const cv::Mat bytes(1, int(codestream.size()), CV_8UC1, const_cast<char *>(codestream.data()));
    cv::Mat frame = cv::imdecode(bytes, m_samplesPerPixel == 3 && !grey ? cv::IMREAD_COLOR
                                                                        : cv::IMREAD_GRAYSCALE);
    if (frame.empty())
        return frameError(frameIndex, QStringLiteral("its JPEG data does not decode"));
    if (frame.cols != m_info.width || frame.rows != m_info.height)
        return frameError(frameIndex, QStringLiteral("its JPEG data holds %1 x %2 pixels, the "
                                                     "header declares %3 x %4")
                                          .arg(frame.cols)
                                          .arg(frame.rows)
                                          .arg(m_info.width)
                                          .arg(m_info.height));
    return frame;
}

Expected<cv::Mat> DicomReader::decodeGuarded(DcmDataset *dataset, int frameIndex,
                                             const QByteArray &codestream, bool grey)
{
    try {
        if (m_fastJpeg)
            return decodeJpeg(codestream, frameIndex, grey);
        return m_isJ2k ? decodeJ2k(frameIndex) : decodeWithDcmtk(dataset, frameIndex);
    } catch (const std::bad_alloc &) {
        return frameError(frameIndex, QStringLiteral("ran out of memory decoding it"));
    } catch (const std::exception &e) {
        return frameError(frameIndex, QString::fromLocal8Bit(e.what()));
    }
}

// Only OpenCV's JPEG path decodes to grey for less (libjpeg then decodes the luma alone). The
// grey samples are the JPEG's luma, where a colour decode turned grey by the importer gives the
// same value for pixels without chroma and may differ by one level where the codec left some.
void DicomReader::decodeGreyFrom(int firstFrame)
{
    if (m_fastJpeg && m_samplesPerPixel == 3 && firstFrame >= m_nextFrame &&
        firstFrame >= m_nextScheduled)
        m_greyFrom = firstFrame;
}

Expected<bool> DicomReader::next(cv::Mat &frame, double &timeS)
{
    if (m_nextFrame >= m_info.frameCount)
        return false;
    const int index = m_nextFrame;
    if (m_lanes.empty())
        openLanes();

    Expected<cv::Mat> decoded = cv::Mat();
    if (m_lanes.size() == 1) {
        QByteArray codestream;
        if (m_fastJpeg) {
            Expected<QByteArray> next = nextCodestream(index);
            if (!next)
                return frameError(index, next.error());
            codestream = std::move(*next);
        }
        decoded =
            decodeGuarded(m_dataset, index, codestream, m_greyFrom >= 0 && index >= m_greyFrom);
    } else {
        // Frames are decoded ahead, one a lane, and handed out in order: frame f always goes
        // to lane f % lanes, so a lane never has two frames in flight. OpenCV's JPEG decoding
        // uses no data set, so there more frames are in flight than lanes: a baseline frame
        // decodes in a fraction of a millisecond, and on a loaded machine the wait for each
        // new decoding thread to be scheduled cost more than the decoding itself.
        const int inFlight = int(m_lanes.size()) * (m_fastJpeg ? 4 : 1);
        while (int(m_pending.size()) < inFlight && m_nextScheduled < m_info.frameCount) {
            const int f = m_nextScheduled++;
            DcmDataset *lane = m_lanes[size_t(f) % m_lanes.size()];
            // Compressed frames are cut from the pixel sequence here, in order; only the
            // decoding runs on the lanes.
            QByteArray codestream;
            if (m_fastJpeg) {
                Expected<QByteArray> next = nextCodestream(f);
                if (!next) {
                    std::promise<Expected<cv::Mat>> failed;
                    failed.set_value(frameError(f, next.error()));
                    m_pending.push_back(failed.get_future());
                    continue;
                }
                codestream = std::move(*next);
            }
            const bool grey = m_greyFrom >= 0 && f >= m_greyFrom;
            m_pending.push_back(std::async(std::launch::async, [this, lane, f, codestream, grey] {
                return decodeGuarded(lane, f, codestream, grey);
            }));
        }
        decoded = m_pending.front().get();
        m_pending.pop_front();
    }
    if (!decoded)
        return makeError(decoded.error());
    frame = std::move(*decoded);

    if (index < int(m_frameTimes.size()))
        timeS = m_frameTimes[index];
    else
        timeS = m_info.frameRate ? index / *m_info.frameRate : 0.0;
    ++m_nextFrame;
    return true;
}

} // namespace iouslab
