#include "app/importer.h"
#include "catalogue/project.h"
#include "cli/command.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include <cstdio>
#include <unistd.h>

namespace iouslab::cli {

namespace {

// A one-line bar with an ETA on a terminal; plain lines, one per file, otherwise.
class ProgressPrinter
{
public:
    explicit ProgressPrinter(QTextStream &err)
        : m_err(err)
        , m_terminal(::isatty(STDERR_FILENO))
    {
        m_timer.start();
    }

    void update(const ImportProgress &progress)
    {
        if (!m_terminal) {
            if (progress.fileIndex != m_lastFile) {
                m_lastFile = progress.fileIndex;
                m_err << "importing " << progress.fileIndex + 1 << "/" << progress.fileCount << " "
                      << progress.file << Qt::endl;
            }
            return;
        }
        if (m_timer.elapsed() - m_lastDraw < 100)
            return;
        m_lastDraw = m_timer.elapsed();
        const double fileShare =
            progress.frameCount > 0 ? double(progress.frame) / progress.frameCount : 0.0;
        const double done = (progress.fileIndex + qMin(fileShare, 1.0)) / progress.fileCount;
        const int width = 30;
        const int filled = int(done * width);
        QString eta = QStringLiteral("--");
        if (done > 0.01)
            eta =
                QStringLiteral("%1 s").arg(qRound(m_timer.elapsed() / 1000.0 * (1 - done) / done));
        m_err << "\r[" << QString(filled, QLatin1Char('#'))
              << QString(width - filled, QLatin1Char(' ')) << "] " << qRound(done * 100)
              << "% file " << progress.fileIndex + 1 << "/" << progress.fileCount << " ETA " << eta
              << "   ";
        m_err.flush();
    }

    void finish()
    {
        if (m_terminal && m_lastDraw >= 0) {
            m_err << "\r" << QString(72, QLatin1Char(' ')) << "\r";
            m_err.flush();
        }
    }

private:
    QTextStream &m_err;
    bool m_terminal = false;
    QElapsedTimer m_timer;
    qint64 m_lastDraw = -1000;
    int m_lastFile = -1;
};

} // namespace

Command importCommand()
{
    Command command;
    command.name = QStringLiteral("import");
    command.summary = QStringLiteral("Imports DICOM, video and still-image files, folders and "
                                     "DICOMDIRs into the project.");
    command.addOptions = [](QCommandLineParser &parser) {
        parser.addPositionalArgument(QStringLiteral("PATH"),
                                     QStringLiteral("Files, folders or DICOMDIRs."),
                                     QStringLiteral("PATH..."));
        parser.addOption(QCommandLineOption(
            QStringLiteral("manifest"),
            QStringLiteral("CSV of file,patient[,study] for sources without a DICOM patient."),
            QStringLiteral("CSV")));
    };
    command.run = [](const CommandContext &context) {
        const QStringList paths = context.parser.positionalArguments().mid(1);
        if (paths.isEmpty()) {
            context.err << "iouslab import: give at least one file or folder" << Qt::endl;
            return int(ExitUsage);
        }
        auto project = Project::open(context.projectFolder, Project::OpenMode::CreateIfMissing);
        if (!project)
            return context.fail(project.error());

        Importer importer(**project);
        const QString manifest = context.parser.value(QStringLiteral("manifest"));
        if (!manifest.isEmpty()) {
            if (Status s = importer.loadManifest(manifest); !s)
                return context.fail(s.error());
        }
        ProgressPrinter printer(context.err);
        importer.setProgressCallback([&](const ImportProgress &p) { printer.update(p); });
        const ImportSummary summary = importer.importPaths(paths);
        printer.finish();

        for (const QString &line : summary.imported)
            context.out << "imported " << line << Qt::endl;
        for (const QString &message : summary.messages)
            context.err << message << Qt::endl;
        context.out << "Imported " << summary.clipsImported << " clips, " << summary.framesImported
                    << " frames; " << summary.duplicates << " duplicates skipped; "
                    << summary.refused << " files refused" << Qt::endl;
        return summary.refused > 0 && summary.clipsImported == 0 && summary.duplicates == 0
                   ? int(ExitFailure)
                   : int(ExitSuccess);
    };
    return command;
}

} // namespace iouslab::cli
