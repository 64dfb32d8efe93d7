#include "sim/studysimulator.h"

#include "core/logging.h"
#include "sim/dicomwriter.h"
#include "sim/random.h"
#include "sim/readermodel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace iouslab::sim {

namespace {

Status writeCsv(const QString &path, const QString &header, const QStringList &rows)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return makeError(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
    QTextStream stream(&file);
    stream << header << '\n';
    for (const QString &row : rows)
        stream << row << '\n';
    stream.flush();
    if (file.error() != QFileDevice::NoError)
        return makeError(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
    return {};
}

Status writeVideo(const QString &path, const std::vector<SimulatedFrame> &frames, double fps)
{
    if (frames.empty())
        return {};
    const cv::Size size = frames.front().pixels.size();
    cv::VideoWriter writer(path.toStdString(), cv::VideoWriter::fourcc('m', 'p', '4', 'v'), fps,
                           size, true);
    if (!writer.isOpened())
        return makeError(QStringLiteral("%1: OpenCV cannot open an MP4 (mp4v) writer").arg(path));
    cv::Mat colour;
    for (const SimulatedFrame &frame : frames) {
        cv::cvtColor(frame.pixels, colour, cv::COLOR_GRAY2BGR);
        writer.write(colour);
    }
    writer.release();
    return {};
}

// Ground-truth rows of one clip: a row per visible lesion per frame, or one empty row.
void appendGroundTruth(QStringList &rows, const QString &file,
                       const std::vector<std::vector<VisibleLesion>> &truth)
{
    for (std::size_t f = 0; f < truth.size(); ++f) {
        if (truth[f].empty()) {
            rows << QStringLiteral("%1,%2,0,,,,,").arg(file).arg(f);
            continue;
        }
        for (const VisibleLesion &lesion : truth[f]) {
            rows << QStringLiteral("%1,%2,1,%3,%4,%5,%6,%7")
                        .arg(file)
                        .arg(f)
                        .arg(lesionTypeName(lesion.type))
                        .arg(lesion.box.x)
                        .arg(lesion.box.y)
                        .arg(lesion.box.width)
                        .arg(lesion.box.height);
        }
    }
}

} // namespace

StudySimulator::StudySimulator(SimulationSettings settings)
    : m_settings(settings)
    , m_imager(ProbeModel::forKind(settings.probe), [&] {
        ImagingSettings imaging;
        imaging.minVisibleMm = settings.minVisibleMm;
        return imaging;
    }())
{}

std::uint64_t StudySimulator::patientSeed(int index) const
{
    return mixSeed(m_settings.seed, 0x9a71e47, std::uint64_t(index) + 1);
}

LiverPhantom StudySimulator::phantom(int index) const
{
    return LiverPhantom::generate(patientSeed(index), m_settings);
}

FakeIdentity StudySimulator::identity(int index) const
{
    return fakeIdentity(m_settings.seed, index);
}

SweepPath StudySimulator::sweepPath(int patient, int sweepIndex, int frames,
                                    const LiverPhantom &phantom) const
{
    Random random(mixSeed(patientSeed(patient), 0x9a7, std::uint64_t(sweepIndex)));
    SweepPath path;
    path.frames = frames;
    path.frameRate = m_settings.frameRate;
    if (sweepIndex < 2) {
        // Sweeps cross the region where generate() placed the lesions, along y.
        const double half = sweepIndex == 0 ? 30 : 28;
        const bool reversed = sweepIndex == 0 ? random.chance(0.5) : random.chance(0.5);
        path.startY = reversed ? half : -half;
        path.endY = -path.startY;
        path.lateralX = random.uniform(-2, 2) * (sweepIndex + 1);
        path.yawDeg = random.uniform(-8, 8) * (sweepIndex + 1);
        path.tiltDeg = random.uniform(-4, 4);
        path.rollDeg = random.uniform(-2, 2);
        return path;
    }

    // A still: most often through a lesion, as sonographers store the frames they look at.
    const int still = sweepIndex - 2;
    double y = random.uniform(-25, 25);
    if (!phantom.lesions.empty() && random.chance(0.75)) {
        const Lesion &lesion = phantom.lesions[std::size_t(still) % phantom.lesions.size()];
        y = lesion.centre.y + random.uniform(-0.3, 0.3) * lesion.radiusMm;
    }
    path.startY = path.endY = y;
    path.lateralX = random.uniform(-2, 2);
    path.yawDeg = random.uniform(-10, 10);
    path.tiltDeg = random.uniform(-3, 3);
    path.frames = 1;
    return path;
}

std::vector<SimulatedFrame> StudySimulator::renderSweep(int patient, int sweepIndex, int frames,
                                                        const LiverPhantom &phantom) const
{
    const std::uint64_t seed = patientSeed(patient);
    const ProbeSweep sweep(sweepPath(patient, sweepIndex, frames, phantom),
                           mixSeed(seed, 0x5ee9, std::uint64_t(sweepIndex)));
    const FrameOverlay overlay(probe(), identity(patient), m_settings.frameRate);

    std::vector<ProbePose> poses;
    std::vector<std::vector<VisibleLesion>> truth;
    for (int f = 0; f < frames; ++f) {
        poses.push_back(sweep.poseAt(f));
        truth.push_back(m_imager.visibleLesions(phantom, poses.back()));
    }

    // Calipers: now and then a sonographer measures a lesion on a few frames of its appearance.
    Random random(mixSeed(seed, 0xca1, std::uint64_t(sweepIndex)));
    std::map<int, std::vector<cv::Rect>> calipers;
    for (std::size_t l = 0; l < phantom.lesions.size(); ++l) {
        if (!random.chance(frames == 1 ? 0.5 : 0.25))
            continue;
        std::vector<int> seen;
        for (int f = 0; f < frames; ++f) {
            for (const VisibleLesion &lesion : truth[std::size_t(f)]) {
                if (lesion.lesionIndex == int(l))
                    seen.push_back(f);
            }
        }
        if (seen.empty())
            continue;
        const int middle = seen[seen.size() / 2];
        for (int f = std::max(0, middle - 3); f <= std::min(frames - 1, middle + 3); ++f) {
            for (const VisibleLesion &lesion : truth[std::size_t(f)]) {
                if (lesion.lesionIndex == int(l))
                    calipers[f].push_back(lesion.box);
            }
        }
    }

    // Frames are independent: each has its own seed, so any number of threads gives the same
    // pixels.
    std::vector<SimulatedFrame> out(std::size_t(std::max(0, frames)));
    std::atomic<int> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto work = [&] {
        try {
            for (int f = next++; f < frames; f = next++) {
                BModeFrame frame =
                    m_imager.form(phantom, poses[std::size_t(f)],
                                  mixSeed(seed, std::uint64_t(sweepIndex) + 1, std::uint64_t(f)));
                const auto marks = calipers.find(f);
                SimulatedFrame &result = out[std::size_t(f)];
                result.pixels = overlay.compose(
                    frame.image, marks == calipers.end() ? std::vector<cv::Rect>{} : marks->second,
                    probe().displayPixelMm());
                result.lesions = truth[std::size_t(f)];
                for (VisibleLesion &lesion : result.lesions)
                    lesion.box += overlay.region().tl();
            }
        } catch (...) {
            const std::lock_guard<std::mutex> lock(failureMutex);
            if (!failure)
                failure = std::current_exception();
            next = frames;
        }
    };
    const int threads = std::clamp(m_settings.threads, 1, std::max(1, frames));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &thread : pool)
        thread.join();
    if (failure)
        std::rethrow_exception(failure);
    return out;
}

Expected<PatientSummary> StudySimulator::writePatient(int index, const QString &outFolder) const
{
    PatientSummary summary;
    summary.index = index;
    summary.folder = QStringLiteral("patient-%1").arg(index + 1, 2, 10, QLatin1Char('0'));
    const QDir out(outFolder);
    if (!out.mkpath(summary.folder))
        return makeError(
            QStringLiteral("%1: cannot create the folder").arg(out.filePath(summary.folder)));

    const std::uint64_t seed = patientSeed(index);
    const LiverPhantom anatomy = phantom(index);
    for (const Lesion &lesion : anatomy.lesions)
        summary.lesionTypes.push_back(lesion.type);
    const FakeIdentity id = identity(index);
    const FrameOverlay overlay(probe(), id, m_settings.frameRate);

    UltrasoundImageInfo info;
    info.identity = id;
    info.studyUid = deterministicUid(seed, 1);
    info.frameTimeMs = 1000.0 / m_settings.frameRate;
    info.region = overlay.region();
    // The probe face centre, in the pixel-edge convention: depth 0 is the region's top edge.
    const cv::Point2d face = probe().displayPosition(0, 0);
    info.referencePixel = {face.x + 0.5, face.y + 0.5};
    info.pixelMm = probe().displayPixelMm();
    info.transducerMHz = probe().frequencyMHz();

    const int total = std::max(1, m_settings.frames);
    const int dicomFrames = std::max(1, int(std::lround(0.6 * total)));
    const int videoFrames = total - dicomFrames;
    QStringList readerRows[2];
    const ReaderProfile readers[2] = {ReaderProfile::radiologist(), ReaderProfile::surgeon()};
    int clipIndex = 0;
    auto record = [&](const QString &file, const std::vector<SimulatedFrame> &frames) {
        std::vector<std::vector<VisibleLesion>> truth;
        for (const SimulatedFrame &frame : frames) {
            truth.push_back(frame.lesions);
            summary.lesionFrames += frame.lesions.empty() ? 0 : 1;
        }
        summary.frames += int(frames.size());
        summary.files << file;
        appendGroundTruth(summary.groundTruthRows, file, truth);
        for (int r = 0; r < 2; ++r) {
            const std::vector<LabelValue> labels = simulateReaderLabels(
                truth, readers[r], m_settings.minVisibleMm,
                mixSeed(seed, 0x7eade7 + std::uint64_t(r), std::uint64_t(clipIndex)));
            for (std::size_t f = 0; f < labels.size(); ++f)
                readerRows[r]
                    << QStringLiteral("%1,%2,%3").arg(file).arg(f).arg(labelValueName(labels[f]));
        }
        ++clipIndex;
    };
    auto pixelsOf = [](const std::vector<SimulatedFrame> &frames) {
        std::vector<cv::Mat> pixels;
        for (const SimulatedFrame &frame : frames)
            pixels.push_back(frame.pixels);
        return pixels;
    };
    const DicomEncoding encoding =
        m_settings.jpeg ? DicomEncoding::JpegBaseline : DicomEncoding::ExplicitLittleEndian;

    try {
        // The DICOM sweep.
        {
            const std::vector<SimulatedFrame> frames = renderSweep(index, 0, dicomFrames, anatomy);
            const QString file = summary.folder + QStringLiteral("/sweep1.dcm");
            info.seriesUid = deterministicUid(seed, 2, 0);
            info.sopInstanceUid = deterministicUid(seed, 3, 0);
            info.seriesNumber = 1;
            info.instanceNumber = 1;
            info.seriesDescription = QStringLiteral("Liver sweep 1");
            const Status written =
                writeUltrasoundDicom(out.filePath(file), pixelsOf(frames), info, encoding);
            if (!written)
                return makeError(written.error());
            record(file, frames);
        }

        // The video sweep.
        if (videoFrames > 0) {
            const std::vector<SimulatedFrame> frames = renderSweep(index, 1, videoFrames, anatomy);
            const QString file = summary.folder + QStringLiteral("/sweep2.mp4");
            const Status written = writeVideo(out.filePath(file), frames, m_settings.frameRate);
            if (!written)
                return makeError(written.error());
            record(file, frames);
        }

        // Stills.
        info.seriesUid = deterministicUid(seed, 2, 2);
        info.seriesNumber = 3;
        info.seriesDescription = QStringLiteral("Liver stills");
        for (int s = 0; s < m_settings.stills; ++s) {
            const std::vector<SimulatedFrame> frames = renderSweep(index, 2 + s, 1, anatomy);
            const QString file = summary.folder + QStringLiteral("/still%1.dcm").arg(s + 1);
            info.sopInstanceUid = deterministicUid(seed, 3, 2 + std::uint64_t(s));
            info.instanceNumber = s + 1;
            const Status written =
                writeUltrasoundDicom(out.filePath(file), pixelsOf(frames), info, encoding);
            if (!written)
                return makeError(written.error());
            record(file, frames);
        }
    } catch (const std::exception &error) {
        return makeError(
            QStringLiteral("%1: simulation failed: %2")
                .arg(out.filePath(summary.folder), QString::fromLocal8Bit(error.what())));
    }

    // The patient's own ground truth and label files, beside its images.
    const QString header = QStringLiteral("file,frame,lesion_present,type,x,y,w,h");
    Status written =
        writeCsv(out.filePath(summary.folder + QLatin1Char('/') + groundTruthFileName()), header,
                 summary.groundTruthRows);
    for (int r = 0; r < 2 && written; ++r) {
        summary.readerRows[r] = readerRows[r];
        written = writeCsv(
            out.filePath(summary.folder + QLatin1Char('/') + labelFileName(readers[r].name)),
            QStringLiteral("file,frame,label"), readerRows[r]);
    }
    if (!written)
        return makeError(written.error());
    return summary;
}

Expected<SetSummary>
StudySimulator::writeSet(const QString &outFolder,
                         const std::function<void(const PatientSummary &)> &progress) const
{
    QElapsedTimer timer;
    timer.start();
    if (!QDir().mkpath(outFolder))
        return makeError(QStringLiteral("%1: cannot create the folder").arg(outFolder));

    SetSummary set;
    QStringList groundTruth;
    QStringList labels[2];
    for (int p = 0; p < m_settings.patients; ++p) {
        Expected<PatientSummary> patient = writePatient(p, outFolder);
        if (!patient)
            return makeError(patient.error());
        set.frames += patient->frames;
        set.lesionFrames += patient->lesionFrames;
        groundTruth << patient->groundTruthRows;
        labels[0] << patient->readerRows[0];
        labels[1] << patient->readerRows[1];
        if (progress)
            progress(*patient);
        set.patients.push_back(std::move(*patient));
    }

    const QDir out(outFolder);
    Status written =
        writeCsv(out.filePath(groundTruthFileName()),
                 QStringLiteral("file,frame,lesion_present,type,x,y,w,h"), groundTruth);
    const QString names[2] = {ReaderProfile::radiologist().name, ReaderProfile::surgeon().name};
    for (int r = 0; r < 2 && written; ++r)
        written = writeCsv(out.filePath(labelFileName(names[r])),
                           QStringLiteral("file,frame,label"), labels[r]);
    if (!written)
        return makeError(written.error());
    set.seconds = timer.elapsed() / 1000.0;
    return set;
}

} // namespace iouslab::sim
