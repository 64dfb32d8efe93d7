#pragma once

#include "io/framereader.h"

#include <QByteArray>

#include <deque>
#include <future>
#include <memory>
#include <vector>

class DcmFileFormat;
class DcmDataset;
class DcmPixelSequence;

namespace iouslab {

/// Reads a DICOM image file frame by frame (multi-frame files decode a few frames ahead on
/// worker threads, a bounded number): DCMTK's DicomImage with partial access for what
/// DCMTK decodes (native, deflated, JPEG, JPEG-LS, RLE), OpenJPEG for JPEG 2000 and HTJ2K,
/// and segmented palettes expanded before DCMTK renders them. Frames come out 8 bit the way
/// dcmj2pnm renders them by default, so they compare equal with its output.
class DicomReader final : public FrameReader
{
public:
    ~DicomReader() override;

    /// Opens a DICOM file (with or without preamble and meta header) and checks its header:
    /// an image, a supported transfer syntax and photometric interpretation, sizes within
    /// ReaderLimits and pixel data as long as the frames it declares.
    static Expected<std::unique_ptr<FrameReader>> open(const QString &path);

    /// Whether the first bytes of a file look like DICOM: "DICM" after the 128-byte preamble,
    /// or a data set that starts with a group 0002 or 0008 tag in either byte order.
    static bool looksLikeDicom(const QByteArray &head);

    const SourceInfo &info() const override { return m_info; }
    Expected<bool> next(cv::Mat &frame, double &timeS) override;
    void decodeGreyFrom(int firstFrame) override;

private:
    DicomReader() = default;
    Status readHeader();
    Status checkPixelData();
    Status prepareJ2kTemplate();
    void readOffsetTable();
    Expected<QByteArray> nextCodestream(int frameIndex);
    Expected<cv::Mat> decodeJpeg(const QByteArray &codestream, int frameIndex, bool grey) const;
    void openLanes();
    Expected<cv::Mat> decodeGuarded(DcmDataset *dataset, int frameIndex,
                                    const QByteArray &codestream, bool grey);
    Expected<cv::Mat> decodeWithDcmtk(DcmDataset *dataset, int frameIndex) const;
    Expected<cv::Mat> decodeJ2k(int frameIndex);
    Error frameError(int frameIndex, const QString &what) const;

    SourceInfo m_info;
    std::unique_ptr<DcmFileFormat> m_file; // owns the data set
    DcmDataset *m_dataset = nullptr;       // owned by m_file
    int m_xfer = 0;                        // E_TransferSyntax of the data set
    QString m_xferUid;
    bool m_isJ2k = false;
    bool m_fastJpeg = false; // JPEG baseline decoded by OpenCV
    int m_greyFrom = -1;     // frames from this index decode to grey (decodeGreyFrom); -1: none
    int m_samplesPerPixel = 1;
    int m_bitsAllocated = 8;
    bool m_isMonochrome = true;
    int m_nextFrame = 0;
    std::vector<double> m_frameTimes; // seconds, per frame, when the header says

    // JPEG 2000 and baseline JPEG: the pixel sequence (owned by m_dataset), the next fragment to
    // read, and a one-frame native data set (owned here) that DCMTK renders like any other.
    DcmPixelSequence *m_pixelSequence = nullptr;
    unsigned long m_nextFragment = 1;
    std::vector<quint32> m_frameOffsets;
    std::unique_ptr<DcmDataset> m_template;

    // Decoding ahead on several threads (multi-frame files DCMTK decodes): each lane is a
    // data set of its own (the first is m_dataset, the others owned by m_laneFiles). Declared
    // last, so pending decodes finish before the data sets they use go away.
    std::vector<std::unique_ptr<DcmFileFormat>> m_laneFiles;
    std::vector<DcmDataset *> m_lanes;
    int m_nextScheduled = 0;
    std::deque<std::future<Expected<cv::Mat>>> m_pending;
};

} // namespace iouslab
