#include "ui/mainwindow.h"

#include "catalogue/project.h"
#include "ui_mainwindow.h"

#include <QHeaderView>
#include <QLocale>
#include <QMap>
#include <QtConcurrent/QtConcurrentRun>

namespace iouslab {

namespace {

// Runs on a worker thread with a connection of its own.
Expected<CatalogueCounts> loadCounts(const QString &cataloguePath)
{
    auto catalogue = Catalogue::open(cataloguePath, Catalogue::OpenMode::OpenExisting);
    if (!catalogue)
        return makeError(catalogue.error());
    return (*catalogue)->counts();
}

} // namespace

MainWindow::MainWindow(const QString &projectFolder, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_projectFolder(projectFolder)
{
    m_ui->setupUi(this);
    m_ui->projectLabel->setText(tr("Project: %1").arg(projectFolder));
    m_ui->readersTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_ui->readersTable->verticalHeader()->hide();
    connect(&m_countsWatcher, &QFutureWatcher<Expected<CatalogueCounts>>::finished, this,
            [this] { showCounts(m_countsWatcher.result()); });
    refreshCounts();
}

MainWindow::~MainWindow()
{
    m_countsWatcher.waitForFinished();
}

void MainWindow::refreshCounts()
{
    statusBar()->showMessage(tr("Reading the catalogue…"));
    const QString path = m_projectFolder + QLatin1Char('/') + Project::catalogueFileName();
    m_countsWatcher.setFuture(QtConcurrent::run(loadCounts, path));
}

void MainWindow::showCounts(const Expected<CatalogueCounts> &counts)
{
    if (!counts) {
        statusBar()->showMessage(counts.error());
        emit countsShown();
        return;
    }
    const QLocale locale;
    m_ui->patientsValue->setText(locale.toString(counts->patients));
    m_ui->studiesValue->setText(locale.toString(counts->studies));
    m_ui->clipsValue->setText(locale.toString(counts->clips));
    m_ui->framesValue->setText(locale.toString(counts->frames));
    m_ui->labelsValue->setText(tr("%1 (normal %2, lesion %3, ungradable %4)")
                                   .arg(locale.toString(counts->labels))
                                   .arg(locale.toString(counts->normalLabels))
                                   .arg(locale.toString(counts->lesionLabels))
                                   .arg(locale.toString(counts->ungradableLabels)));

    QMap<QString, QMap<LabelValue, qint64>> byReader;
    QMap<QString, ReaderRole> roles;
    for (const ReaderLabelCount &entry : counts->byReader) {
        byReader[entry.reader][entry.value] = entry.count;
        roles[entry.reader] = entry.role;
    }
    m_ui->readersTable->setRowCount(int(byReader.size()));
    int row = 0;
    for (auto it = byReader.cbegin(); it != byReader.cend(); ++it, ++row) {
        const QStringList cells{it.key(), readerRoleName(roles.value(it.key())),
                                locale.toString(it->value(LabelValue::Normal)),
                                locale.toString(it->value(LabelValue::Lesion)),
                                locale.toString(it->value(LabelValue::Ungradable))};
        for (int column = 0; column < cells.size(); ++column)
            m_ui->readersTable->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    }
    statusBar()->showMessage(tr("Ready"));
    emit countsShown();
}

} // namespace iouslab
