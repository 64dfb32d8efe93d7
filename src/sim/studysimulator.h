#pragma once

#include "core/expected.h"
#include "sim/bmodeimager.h"
#include "sim/fakeidentity.h"
#include "sim/frameoverlay.h"
#include "sim/liverphantom.h"
#include "sim/probesweep.h"
#include "sim/simulationsettings.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace iouslab::sim {

/// One frame as the scanner exports it, with its ground truth.
struct SimulatedFrame
{
    cv::Mat pixels; ///< CV_8U full frame: the image in its region plus the burned-in overlay
    std::vector<VisibleLesion> lesions; ///< boxes in full-frame pixels
};

/// What was written for one patient.
struct PatientSummary
{
    int index = 0;
    QString folder; ///< relative to the output folder, e.g. "patient-01"
    std::vector<LesionType> lesionTypes;
    int frames = 0;
    int lesionFrames = 0;
    QStringList files;           ///< relative to the output folder
    QStringList groundTruthRows; ///< CSV rows without the header
    QStringList readerRows[2];   ///< radiologist, surgeon
};

/// What was written for a set.
struct SetSummary
{
    std::vector<PatientSummary> patients;
    int frames = 0;
    int lesionFrames = 0;
    double seconds = 0;
};

/// Simulated IOUS studies: per patient an anatomy, sweeps through it, the files a scanner would
/// export (multi-frame DICOM, MP4, DICOM stills), the ground truth and two readers' labels.
/// Everything follows from SimulationSettings::seed; the thread count changes only the speed.
class StudySimulator
{
public:
    explicit StudySimulator(SimulationSettings settings);

    const SimulationSettings &settings() const { return m_settings; }
    const ProbeModel &probe() const { return m_imager.probe(); }
    const BModeImager &imager() const { return m_imager; }

    std::uint64_t patientSeed(int index) const;
    LiverPhantom phantom(int index) const;
    FakeIdentity identity(int index) const;

    /// The path of sweep `sweepIndex` (0: the DICOM sweep, 1: the MP4 sweep, 2+: stills).
    SweepPath sweepPath(int patient, int sweepIndex, int frames, const LiverPhantom &phantom) const;

    /// Renders the frames of a sweep, in parallel over settings().threads.
    std::vector<SimulatedFrame> renderSweep(int patient, int sweepIndex, int frames,
                                            const LiverPhantom &phantom) const;

    /// Writes patient `index` under outFolder/patient-NN.
    Expected<PatientSummary> writePatient(int index, const QString &outFolder) const;

    /// Writes every patient and the combined ground truth and label files. `progress` is called
    /// after each patient.
    Expected<SetSummary>
    writeSet(const QString &outFolder,
             const std::function<void(const PatientSummary &)> &progress = {}) const;

    /// Names of the files writeSet puts beside the patient folders.
    static QString groundTruthFileName() { return QStringLiteral("ground_truth.csv"); }
    static QString labelFileName(const QString &reader)
    {
        return QStringLiteral("labels_%1.csv").arg(reader);
    }

private:
    SimulationSettings m_settings;
    BModeImager m_imager;
};

} // namespace iouslab::sim
