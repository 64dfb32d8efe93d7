#include "ui/importdialog.h"

#include "catalogue/project.h"
#include "ui_importdialog.h"

#include <QFileDialog>
#include <QLocale>
#include <QMetaObject>
#include <QtConcurrent/QtConcurrentRun>

namespace iouslab {

ImportDialog::ImportDialog(const QString &projectFolder, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ImportDialog>())
    , m_projectFolder(projectFolder)
{
    m_ui->setupUi(this);
    connect(m_ui->addFilesButton, &QPushButton::clicked, this,
            [this] { addPaths(QFileDialog::getOpenFileNames(this, tr("Files to import"))); });
    connect(m_ui->addFolderButton, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder to import"));
        if (!folder.isEmpty())
            addPaths({folder});
    });
    connect(m_ui->importButton, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &ImportDialog::cancelImport);
    connect(m_ui->closeButton, &QPushButton::clicked, this, &ImportDialog::reject);
    connect(this, &ImportDialog::progressed, this, &ImportDialog::showProgress);
    connect(&m_watcher, &QFutureWatcher<ImportSummary>::finished, this,
            [this] { showSummary(m_watcher.result()); });
}

ImportDialog::~ImportDialog()
{
    m_cancel = true;
    m_watcher.waitForFinished();
}

void ImportDialog::addPaths(const QStringList &paths)
{
    for (const QString &path : paths) {
        if (!path.isEmpty())
            m_ui->pathList->addItem(path);
    }
}

void ImportDialog::startImport()
{
    if (isRunning())
        return;
    QStringList paths;
    for (int i = 0; i < m_ui->pathList->count(); ++i)
        paths << m_ui->pathList->item(i)->text();
    if (paths.isEmpty()) {
        m_ui->currentLabel->setText(tr("Nothing to import: add files or folders first."));
        return;
    }

    m_cancel = false;
    m_ui->importButton->setEnabled(false);
    m_ui->addFilesButton->setEnabled(false);
    m_ui->addFolderButton->setEnabled(false);
    m_ui->cancelButton->setEnabled(true);
    m_ui->summaryText->clear();
    m_ui->currentLabel->setText(tr("Importing…"));

    // The worker opens a Project of its own: a Catalogue connection belongs to one thread.
    const QString folder = m_projectFolder;
    m_watcher.setFuture(QtConcurrent::run([this, folder, paths]() -> ImportSummary {
        auto project = Project::open(folder, Project::OpenMode::OpenExisting);
        if (!project) {
            ImportSummary failed;
            failed.messages << project.error();
            return failed;
        }
        Importer importer(**project);
        importer.setCancelFlag(&m_cancel);
        importer.setProgressCallback([this](const ImportProgress &progress) {
            // Queued to the dialog's thread; the dialog waits for the worker before it goes.
            QMetaObject::invokeMethod(
                this, [this, progress] { emit progressed(progress); }, Qt::QueuedConnection);
        });
        return importer.importPaths(paths);
    }));
}

void ImportDialog::cancelImport()
{
    if (!isRunning())
        return;
    m_cancel = true;
    m_ui->cancelButton->setEnabled(false);
    m_ui->currentLabel->setText(tr("Cancelling: the unfinished clip is being discarded…"));
}

void ImportDialog::reject()
{
    if (isRunning()) {
        cancelImport();
        return;
    }
    QDialog::reject();
}

void ImportDialog::showProgress(const ImportProgress &progress)
{
    if (!isRunning() || m_cancel)
        return;
    m_ui->fileProgress->setMaximum(qMax(1, progress.fileCount));
    m_ui->fileProgress->setValue(qMin(progress.fileIndex + 1, progress.fileCount));
    m_ui->frameProgress->setMaximum(qMax(1, progress.frameCount));
    m_ui->frameProgress->setValue(progress.frame);
    m_ui->currentLabel->setText(tr("Importing %1").arg(progress.file));
}

void ImportDialog::showSummary(const ImportSummary &summary)
{
    m_summary = summary;
    const QLocale locale;
    QString text = tr("%1 clips and %2 frames imported, %3 duplicates skipped, %4 files refused%5.")
                       .arg(locale.toString(summary.clipsImported))
                       .arg(locale.toString(summary.framesImported))
                       .arg(locale.toString(summary.duplicates))
                       .arg(locale.toString(summary.refused))
                       .arg(summary.cancelled ? tr("; cancelled, the unfinished clip was discarded")
                                              : QString());
    m_ui->currentLabel->setText(text);
    m_ui->summaryText->setPlainText(text + QLatin1Char('\n') + summary.messages.join('\n'));
    m_ui->importButton->setEnabled(true);
    m_ui->addFilesButton->setEnabled(true);
    m_ui->addFolderButton->setEnabled(true);
    m_ui->cancelButton->setEnabled(false);
    if (!summary.cancelled) {
        m_ui->fileProgress->setValue(m_ui->fileProgress->maximum());
        m_ui->frameProgress->setValue(m_ui->frameProgress->maximum());
    }
    emit importFinished(summary);
}

} // namespace iouslab
