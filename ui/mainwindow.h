#pragma once

#include "catalogue/records.h"
#include "core/expected.h"

#include <QFutureWatcher>
#include <QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}

namespace iouslab {

/// The workstation window. For now it shows the project's counts; it opens at once and fills
/// them in from a worker, since the GUI thread never waits on the disk.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// projectFolder must hold a catalogue that opens (the caller has opened it once).
    explicit MainWindow(const QString &projectFolder, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Reads the counts again in the background.
    void refreshCounts();

signals:
    /// The counts on screen are now those of the catalogue (or an error is shown instead).
    void countsShown();

private:
    void showCounts(const Expected<CatalogueCounts> &counts);

    std::unique_ptr<Ui::MainWindow> m_ui;
    QString m_projectFolder;
    QFutureWatcher<Expected<CatalogueCounts>> m_countsWatcher;
};

} // namespace iouslab
