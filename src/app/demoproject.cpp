#include "app/demoproject.h"

#include "app/importer.h"
#include "app/labeltransfer.h"
#include "catalogue/project.h"
#include "sim/studysimulator.h"

#include <QDir>
#include <QThread>

namespace iouslab {

Expected<DemoSummary> createDemoProject(const QString &folder, const QString &sourcesFolder,
                                        const DemoSettings &settings,
                                        const std::function<void(const QString &)> &say)
{
    auto tell = [&](const QString &text) {
        if (say)
            say(text);
    };
    auto project = Project::open(folder, Project::OpenMode::CreateIfMissing);
    if (!project)
        return makeError(project.error());
    auto counts = (*project)->catalogue().counts();
    if (!counts)
        return makeError(counts.error());
    DemoSummary summary;
    summary.sourcesFolder = sourcesFolder;
    if (counts->clips > 0) {
        summary.alreadyThere = true;
        return summary;
    }

    sim::SimulationSettings simulation;
    simulation.patients = settings.patients;
    simulation.frames = settings.framesPerPatient;
    simulation.seed = settings.seed;
    simulation.contrastDb = settings.contrastDb;
    simulation.lesionSizeMm = settings.lesionSizeMm;
    simulation.threads = qMax(1, QThread::idealThreadCount());
    const sim::StudySimulator simulator(simulation);
    tell(
        QStringLiteral("Simulating %1 patients into %2").arg(settings.patients).arg(sourcesFolder));
    if (!QDir().mkpath(sourcesFolder))
        return makeError(QStringLiteral("cannot create %1").arg(sourcesFolder));
    auto written = simulator.writeSet(sourcesFolder);
    if (!written)
        return makeError(written.error());

    // The MP4 of each patient has no Patient ID of its own; the manifest gives it the same
    // identity as the patient's DICOM files, in memory only.
    Importer importer(**project);
    for (const sim::PatientSummary &patient : written->patients) {
        const sim::FakeIdentity identity = simulator.identity(patient.index);
        for (const QString &file : patient.files)
            importer.addManifestEntry(QDir(sourcesFolder).filePath(file), identity.patientId,
                                      identity.issuerOfPatientId);
    }
    tell(QStringLiteral("Importing"));
    const ImportSummary imported = importer.importPaths({sourcesFolder});
    if (imported.refused > 0)
        return makeError(QStringLiteral("the demo import refused %1 files: %2")
                             .arg(imported.refused)
                             .arg(imported.messages.join(QStringLiteral("; "))));

    const QList<std::pair<QString, ReaderRole>> readers{
        {QStringLiteral("radiologist"), ReaderRole::Radiologist},
        {QStringLiteral("surgeon"), ReaderRole::Surgeon}};
    for (const auto &[name, role] : readers) {
        const QString file = QDir(sourcesFolder).filePath(sim::StudySimulator::labelFileName(name));
        auto labels = importLabels((*project)->catalogue(), file,
                                   QStringLiteral("Simulated %1").arg(name), role);
        if (!labels)
            return makeError(labels.error());
        summary.labels += labels->applied;
    }

    summary.patients = int(written->patients.size());
    summary.clips = imported.clipsImported;
    summary.frames = imported.framesImported;
    return summary;
}

} // namespace iouslab
