#pragma once

#include "app/importer.h"

#include <QDialog>
#include <QFutureWatcher>

#include <atomic>
#include <memory>

namespace Ui {
class ImportDialog;
}

namespace iouslab {

/// File > Import: picks files and folders, runs the Importer on a worker thread with a
/// connection of its own, shows progress with a Cancel button, then the summary and every
/// refused file. A cancel stops at the next frame and leaves the catalogue as if the
/// unfinished clip had never started (the Importer's promise).
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ImportDialog(const QString &projectFolder, QWidget *parent = nullptr);
    /// Cancels a running import and waits for it.
    ~ImportDialog() override;

    void addPaths(const QStringList &paths);
    /// Starts importing the listed paths (the Import button).
    void startImport();
    /// Asks a running import to stop (the Cancel button).
    void cancelImport();
    bool isRunning() const { return m_watcher.isRunning(); }
    /// The summary of the last finished import.
    const ImportSummary &summary() const { return m_summary; }

signals:
    /// An import finished, was cancelled or failed; the catalogue may have changed.
    void importFinished(const iouslab::ImportSummary &summary);
    /// Progress of the running import, already on the GUI thread.
    void progressed(const iouslab::ImportProgress &progress);

protected:
    void reject() override;

private:
    void showProgress(const ImportProgress &progress);
    void showSummary(const ImportSummary &summary);

    std::unique_ptr<Ui::ImportDialog> m_ui;
    QString m_projectFolder;
    std::atomic<bool> m_cancel{false};
    QFutureWatcher<ImportSummary> m_watcher;
    ImportSummary m_summary;
};

} // namespace iouslab
