#include "ui/evaluationdashboard.h"

#include "app/evaluationreport.h"
#include "ui/calibrationchartview.h"
#include "ui/confusionmatrixview.h"
#include "ui/minirocdelegate.h"
#include "ui/patienttablemodel.h"
#include "ui/rocchartview.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace iouslab {

namespace {

constexpr int sliderSteps = 1000;

Expected<std::unique_ptr<Catalogue>> openCatalogue(const QString &path)
{
    return Catalogue::open(path, Catalogue::OpenMode::OpenExisting);
}

QString summaryText(const EvaluationRow &row)
{
    if (!row.summary)
        return QObject::tr("undefined");
    QString text = row.summary->toPercentText();
    if (row.foldsLeftOut == 1)
        text += QObject::tr(" (1 fold undefined)");
    else if (row.foldsLeftOut > 1)
        text += QObject::tr(" (%1 folds undefined)").arg(row.foldsLeftOut);
    return text;
}

QString intervalText(const std::optional<BootstrapInterval> &interval)
{
    return intervalPercentText(interval, QStringLiteral("–"));
}

// The architecture's first word ("compact", "resnet18", "baseline"), so that a baseline's
// predictions are not taken for a network's.
QString architectureName(const ModelVersionRecord &version)
{
    return version.architecture.section(QLatin1Char(':'), 0, 0).trimmed();
}

QString versionText(const ModelVersionRecord &version)
{
    QString text = QObject::tr("Version %1 · %2 · %3")
                       .arg(version.id)
                       .arg(architectureName(version))
                       .arg(QDateTime::fromMSecsSinceEpoch(version.createdAtMs)
                                .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    if (version.lockedThreshold)
        text += QObject::tr(" · locked at %1").arg(*version.lockedThreshold, 0, 'f', 3);
    return text;
}

QTableWidget *makeTable(QWidget *parent, const QStringList &headers, const QString &name)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setObjectName(name);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table->setWordWrap(false);
    return table;
}

void setCells(QTableWidget *table, int row, const QStringList &cells)
{
    for (int column = 0; column < cells.size(); ++column) {
        auto *item = new QTableWidgetItem(cells.at(column));
        if (column > 0)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table->setItem(row, column, item);
    }
}

QLabel *figureLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(QStringLiteral("–"), parent);
    label->setObjectName(name);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.25);
    label->setFont(font);
    label->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    label->setMinimumWidth(70);
    return label;
}

} // namespace

EvaluationDashboard::EvaluationDashboard(const QString &cataloguePath, QWidget *parent)
    : QDialog(parent)
    , m_cataloguePath(cataloguePath)
{
    setWindowTitle(tr("Evaluation dashboard"));
    resize(1400, 900);
    auto *layout = new QVBoxLayout(this);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Model version"), this));
    m_versionCombo = new QComboBox(this);
    m_versionCombo->setObjectName(QStringLiteral("versionCombo"));
    m_versionCombo->setMinimumContentsLength(32);
    bar->addWidget(m_versionCombo);
    bar->addSpacing(16);
    bar->addWidget(new QLabel(tr("Compare with"), this));
    m_compareCombo = new QComboBox(this);
    m_compareCombo->setObjectName(QStringLiteral("compareCombo"));
    m_compareCombo->setMinimumContentsLength(32);
    bar->addWidget(m_compareCombo);
    bar->addStretch(1);
    m_exportButton = new QPushButton(tr("Export PDF report…"), this);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    bar->addWidget(m_exportButton);
    layout->addLayout(bar);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(makeOverviewTab(), tr("Overview"));
    m_tabs->addTab(makePatientsTab(), tr("Patients"));
    m_tabs->addTab(makeComparisonTab(), tr("Comparison"));
    layout->addWidget(m_tabs, 1);
    m_status = new QLabel(tr("Evaluating…"), this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_versionCombo, &QComboBox::activated, this,
            [this](int index) { showVersion(m_versionCombo->itemData(index).toLongLong()); });
    connect(m_compareCombo, &QComboBox::activated, this,
            [this](int index) { compareWith(m_compareCombo->itemData(index).toLongLong()); });
    connect(m_exportButton, &QPushButton::clicked, this, [this] {
        if (!m_evaluation)
            return;
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the evaluation report"),
            QStringLiteral("evaluation-v%1.pdf").arg(m_evaluation->version.id), tr("PDF (*.pdf)"));
        if (!path.isEmpty())
            exportReport(path);
    });
    connect(&m_loadWatcher, &QFutureWatcher<Loaded>::finished, this,
            [this] { showLoaded(m_loadWatcher.result()); });
    connect(&m_compareWatcher, &QFutureWatcher<Compared>::finished, this,
            [this] { showComparison(m_compareWatcher.result()); });
    connect(&m_intervalWatcher, &QFutureWatcher<Intervals>::finished, this,
            [this] { showIntervals(m_intervalWatcher.result()); });
    connect(&m_reportWatcher, &QFutureWatcher<Status>::finished, this, [this] {
        const Status written = m_reportWatcher.result();
        m_exportButton->setEnabled(true);
        m_status->setText(written ? tr("Wrote %1").arg(m_reportPath) : written.error());
        emit reportWritten(m_reportPath, written ? QString() : written.error());
    });

    showVersion(0);
}

EvaluationDashboard::~EvaluationDashboard()
{
    m_loadWatcher.waitForFinished();
    m_compareWatcher.waitForFinished();
    m_intervalWatcher.waitForFinished();
    m_reportWatcher.waitForFinished();
}

QWidget *EvaluationDashboard::makeOverviewTab()
{
    auto *tab = new QWidget(this);
    auto *columns = new QHBoxLayout(tab);

    auto *left = new QVBoxLayout;
    columns->addLayout(left, 5);
    m_overall = makeTable(
        tab,
        {tr("Figure"), tr("This model (mean ± SD)"), tr("95 % interval"), tr("Published study")},
        QStringLiteral("overallTable"));
    m_overall->horizontalHeaderItem(2)->setToolTip(
        tr("Patient-clustered bootstrap interval of the pooled figure (patients resampled, "
           "not frames), each patient at the threshold of the fold that tested it"));
    m_overall->setMinimumHeight(270);
    // Figures with a note ("1 fold undefined") are wider than the rest: size to the contents.
    m_overall->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_overall->horizontalHeader()->setStretchLastSection(true);
    left->addWidget(m_overall, 3);
    m_pooledLabel = new QLabel(tab);
    m_pooledLabel->setObjectName(QStringLiteral("pooledLabel"));
    m_pooledLabel->setWordWrap(true);
    left->addWidget(m_pooledLabel);

    auto *point = new QGroupBox(tr("Operating point on the pooled out-of-fold frames"), tab);
    auto *pointLayout = new QVBoxLayout(point);
    auto *sliderRow = new QHBoxLayout;
    sliderRow->addWidget(new QLabel(tr("Threshold"), point));
    m_slider = new QSlider(Qt::Horizontal, point);
    m_slider->setObjectName(QStringLiteral("thresholdSlider"));
    m_slider->setRange(0, sliderSteps);
    m_slider->setPageStep(10);
    sliderRow->addWidget(m_slider, 1);
    m_thresholdSpin = new QDoubleSpinBox(point);
    m_thresholdSpin->setObjectName(QStringLiteral("thresholdSpin"));
    m_thresholdSpin->setRange(0.0, 1.0);
    m_thresholdSpin->setDecimals(3);
    m_thresholdSpin->setSingleStep(0.001);
    sliderRow->addWidget(m_thresholdSpin);
    pointLayout->addLayout(sliderRow);

    auto *figures = new QGridLayout;
    const auto addFigure = [&](int row, int column, const QString &name, QLabel *&label,
                               const QString &objectName) {
        figures->addWidget(new QLabel(name, point), row, column * 2);
        label = figureLabel(point, objectName);
        figures->addWidget(label, row, column * 2 + 1);
    };
    addFigure(0, 0, tr("Sensitivity"), m_sensitivity, QStringLiteral("sensitivityValue"));
    addFigure(0, 1, tr("Specificity"), m_specificity, QStringLiteral("specificityValue"));
    addFigure(0, 2, tr("Accuracy"), m_accuracy, QStringLiteral("accuracyValue"));
    addFigure(1, 0, tr("PPV"), m_ppv, QStringLiteral("ppvValue"));
    addFigure(1, 1, tr("NPV"), m_npv, QStringLiteral("npvValue"));
    addFigure(1, 2, tr("F1"), m_f1, QStringLiteral("f1Value"));
    figures->setHorizontalSpacing(12);
    for (int column : {1, 3, 5})
        figures->setColumnStretch(column, 1);
    pointLayout->addLayout(figures);
    m_matrixView = new ConfusionMatrixView(point);
    m_matrixView->setObjectName(QStringLiteral("confusionMatrix"));
    pointLayout->addWidget(m_matrixView, 1);

    auto *lockRow = new QHBoxLayout;
    m_lockButton = new QPushButton(tr("Lock this operating point"), point);
    m_lockButton->setObjectName(QStringLiteral("lockButton"));
    m_lockButton->setToolTip(
        tr("The review of flagged frames flags frames at or above the locked threshold"));
    m_unlockButton = new QPushButton(tr("Unlock"), point);
    m_unlockButton->setObjectName(QStringLiteral("unlockButton"));
    m_lockLabel = new QLabel(point);
    m_lockLabel->setObjectName(QStringLiteral("lockLabel"));
    lockRow->addWidget(m_lockButton);
    lockRow->addWidget(m_unlockButton);
    lockRow->addWidget(m_lockLabel, 1);
    pointLayout->addLayout(lockRow);
    left->addWidget(point, 4);

    auto *right = new QVBoxLayout;
    columns->addLayout(right, 4);
    m_roc = new RocChartView(tab);
    m_roc->setObjectName(QStringLiteral("rocChart"));
    right->addWidget(m_roc, 3);
    m_calibration = new CalibrationChartView(tab);
    m_calibration->setObjectName(QStringLiteral("calibrationChart"));
    right->addWidget(m_calibration, 2);

    connect(m_slider, &QSlider::valueChanged, this, [this](int value) {
        const QSignalBlocker blocker(m_thresholdSpin);
        m_thresholdSpin->setValue(value / double(sliderSteps));
        showOperatingPoint();
    });
    connect(m_thresholdSpin, &QDoubleSpinBox::valueChanged, this,
            [this](double value) { m_slider->setValue(int(std::lround(value * sliderSteps))); });
    connect(m_lockButton, &QPushButton::clicked, this, [this] {
        if (Status s = lockOperatingPoint(); !s)
            m_status->setText(s.error());
    });
    connect(m_unlockButton, &QPushButton::clicked, this, [this] {
        if (Status s = unlockOperatingPoint(); !s)
            m_status->setText(s.error());
    });
    return tab;
}

QWidget *EvaluationDashboard::makePatientsTab()
{
    auto *tab = new QWidget(this);
    auto *layout = new QVBoxLayout(tab);
    auto *hint = new QLabel(tr("Per patient, at the threshold of the fold that tested the "
                               "patient. Click a column to sort; double-click a patient (or press "
                               "Enter) to step through their frames in the viewer, the most wrong "
                               "first (Ctrl+] next, Ctrl+[ back)."),
                            tab);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    m_patientModel = new PatientTableModel(this);
    m_patientSort = new QSortFilterProxyModel(this);
    m_patientSort->setSourceModel(m_patientModel);
    m_patientSort->setSortRole(PatientTableModel::SortRole);
    m_patientTable = new QTableView(tab);
    m_patientTable->setObjectName(QStringLiteral("patientTable"));
    m_patientTable->setModel(m_patientSort);
    m_patientTable->setSortingEnabled(true);
    m_patientTable->sortByColumn(PatientTableModel::PatientColumn, Qt::AscendingOrder);
    m_patientTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_patientTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_patientTable->setItemDelegateForColumn(PatientTableModel::RocColumn,
                                             new MiniRocDelegate(m_patientTable));
    m_patientTable->verticalHeader()->setDefaultSectionSize(52);
    m_patientTable->verticalHeader()->hide();
    m_patientTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_patientTable->horizontalHeader()->setSectionResizeMode(PatientTableModel::RocColumn,
                                                             QHeaderView::Fixed);
    m_patientTable->horizontalHeader()->resizeSection(PatientTableModel::RocColumn, 90);
    layout->addWidget(m_patientTable, 1);
    connect(m_patientTable, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        requestPatientFrames(index.data(PatientTableModel::PatientIdRole).toLongLong());
    });
    return tab;
}

QWidget *EvaluationDashboard::makeComparisonTab()
{
    auto *tab = new QWidget(this);
    auto *layout = new QVBoxLayout(tab);
    m_comparisonTable =
        makeTable(tab, {tr("Figure"), tr("Version A"), tr("Version B"), tr("B − A (points)")},
                  QStringLiteral("comparisonTable"));
    m_comparisonTable->setMinimumHeight(12 * 30 + 30);
    layout->addWidget(m_comparisonTable, 5);
    m_deLongLabel = new QLabel(tr("Pick a version to compare with at the top."), tab);
    m_deLongLabel->setObjectName(QStringLiteral("deLongLabel"));
    m_deLongLabel->setWordWrap(true);
    layout->addWidget(m_deLongLabel);
    m_changesLabel = new QLabel(tab);
    m_changesLabel->setObjectName(QStringLiteral("changesLabel"));
    m_changesLabel->setWordWrap(true);
    layout->addWidget(m_changesLabel);
    m_changesTable = makeTable(tab,
                               {tr("Patient"), tr("Paired frames"), tr("AUC A"), tr("AUC B"),
                                tr("Brier A"), tr("Brier B"), tr("Change")},
                               QStringLiteral("changesTable"));
    m_changesTable->setSortingEnabled(true);
    layout->addWidget(m_changesTable, 4);
    return tab;
}

QString EvaluationDashboard::percentText(const std::optional<double> &value)
{
    return value ? QString::number(*value * 100.0, 'f', 1) + QStringLiteral(" %")
                 : QStringLiteral("–");
}

void EvaluationDashboard::showVersion(ModelVersionId id)
{
    m_status->setText(tr("Evaluating…"));
    m_versionCombo->setEnabled(false);
    const QString path = m_cataloguePath;
    m_loadWatcher.setFuture(QtConcurrent::run([path, id] {
        Loaded loaded;
        auto catalogue = openCatalogue(path);
        if (!catalogue) {
            loaded.versions = makeError(catalogue.error());
            loaded.evaluation = makeError(catalogue.error());
            return loaded;
        }
        loaded.versions = (*catalogue)->modelVersions();
        // Figures first; the bootstrap intervals follow from showIntervals.
        BootstrapOptions noBootstrap;
        noBootstrap.resamples = 0;
        loaded.evaluation = evaluateModelVersion(**catalogue, id, noBootstrap);
        return loaded;
    }));
}

void EvaluationDashboard::compareWith(ModelVersionId id)
{
    m_compareCombo->setCurrentIndex(qMax(0, m_compareCombo->findData(qlonglong(id))));
    if (id == 0 || !m_evaluation) {
        m_compared.reset();
        m_comparison.reset();
        m_comparisonTable->setRowCount(0);
        m_changesTable->setRowCount(0);
        m_changesLabel->clear();
        m_deLongLabel->setText(tr("Pick a version to compare with at the top."));
        return;
    }
    m_status->setText(tr("Evaluating version %1 for the comparison…").arg(id));
    const QString path = m_cataloguePath;
    const ModelEvaluation first = *m_evaluation;
    m_compareWatcher.setFuture(QtConcurrent::run([path, id, first] {
        Compared compared;
        auto catalogue = openCatalogue(path);
        if (!catalogue) {
            compared.evaluation = makeError(catalogue.error());
            return compared;
        }
        // The comparison shows no bootstrap interval of B.
        BootstrapOptions noBootstrap;
        noBootstrap.resamples = 0;
        compared.evaluation = evaluateModelVersion(**catalogue, id, noBootstrap);
        if (compared.evaluation)
            compared.comparison = compareEvaluations(first, *compared.evaluation);
        else
            compared.comparison = makeError(compared.evaluation.error());
        return compared;
    }));
}

void EvaluationDashboard::showLoaded(const Loaded &loaded)
{
    m_versionCombo->setEnabled(true);
    if (loaded.versions)
        m_versions = *loaded.versions;
    if (!loaded.evaluation) {
        m_error = loaded.evaluation.error();
        m_evaluation.reset();
        m_status->setText(m_error);
        fillVersionCombos();
        emit evaluationShown();
        return;
    }
    m_error.clear();
    m_evaluation = *loaded.evaluation;
    fillVersionCombos();
    showEvaluation();
    // A comparison shown before was of the version shown before.
    const ModelVersionId compared = m_compareCombo->currentData().toLongLong();
    compareWith(compared == m_evaluation->version.id ? 0 : compared);
    emit evaluationShown();
}

void EvaluationDashboard::fillVersionCombos()
{
    const QSignalBlocker versionBlocker(m_versionCombo);
    const QSignalBlocker compareBlocker(m_compareCombo);
    const ModelVersionId compared = m_compareCombo->currentData().toLongLong();
    m_versionCombo->clear();
    m_compareCombo->clear();
    m_compareCombo->addItem(tr("(none)"), qlonglong(0));
    // Newest first: the version a lead looks at most.
    for (auto it = m_versions.crbegin(); it != m_versions.crend(); ++it) {
        m_versionCombo->addItem(versionText(*it), it->id);
        m_compareCombo->addItem(versionText(*it), it->id);
    }
    if (m_evaluation)
        m_versionCombo->setCurrentIndex(m_versionCombo->findData(m_evaluation->version.id));
    m_compareCombo->setCurrentIndex(qMax(0, m_compareCombo->findData(compared)));
}

void EvaluationDashboard::showEvaluation()
{
    const ModelEvaluation &evaluation = *m_evaluation;

    m_intervalsShown = false;
    showTable();
    QStringList pooled;
    pooled << tr("%1 frames (%2 lesion) from %3 patients in %4 folds.")
                  .arg(evaluation.frames.size())
                  .arg(evaluation.pooled.lesionCount())
                  .arg(evaluation.patients.size())
                  .arg(evaluation.folds.size());
    if (evaluation.pooledAuc)
        pooled << tr("Pooled AUC %1.").arg(percentText(evaluation.pooledAuc));
    pooled << evaluation.notes;
    m_pooledLabel->setText(pooled.join(QLatin1Char(' ')));
    m_roc->setEvaluation(evaluation);
    m_calibration->setCalibration(evaluation.calibration, evaluation.brier);
    m_patientModel->setEvaluation(evaluation);

    // The slider starts at the locked operating point, else at the mean of the thresholds
    // the folds chose on their validation patients.
    double start = 0.5;
    if (evaluation.version.lockedThreshold) {
        start = *evaluation.version.lockedThreshold;
    } else if (!evaluation.folds.empty()) {
        double sum = 0.0;
        for (const FoldEvaluation &fold : evaluation.folds)
            sum += fold.threshold;
        start = sum / double(evaluation.folds.size());
    }
    {
        const QSignalBlocker blocker(m_slider);
        m_slider->setValue(int(std::lround(start * sliderSteps)));
    }
    {
        const QSignalBlocker blocker(m_thresholdSpin);
        m_thresholdSpin->setValue(threshold());
    }
    showOperatingPoint();
    showLock();
    m_status->setText(tr("Model version %1: figures at each fold's threshold (chosen on its "
                         "validation patients for %2 % sensitivity), mean ± SD over folds; "
                         "computing the patient bootstrap intervals…")
                          .arg(evaluation.version.id)
                          .arg(evaluation.targetSensitivity * 100.0, 0, 'g', 3));

    // The bootstrap works on a copy; only the intervals come back.
    m_intervalWatcher.setFuture(QtConcurrent::run([copy = evaluation]() mutable {
        addBootstrapIntervals(copy);
        Intervals intervals;
        intervals.version = copy.version.id;
        intervals.pooledAuc = copy.pooledAucInterval;
        for (const EvaluationRow &row : copy.table)
            intervals.rows.push_back(row.interval);
        intervals.notes = copy.notes;
        return intervals;
    }));
}

void EvaluationDashboard::showTable()
{
    const ModelEvaluation &evaluation = *m_evaluation;
    const bool pending = !m_intervalsShown;
    m_overall->setRowCount(int(evaluation.table.size()));
    for (std::size_t i = 0; i < evaluation.table.size(); ++i) {
        const EvaluationRow &row = evaluation.table[i];
        setCells(m_overall, int(i),
                 {row.name, summaryText(row),
                  pending && !row.interval ? QStringLiteral("…") : intervalText(row.interval),
                  row.published.isEmpty() ? QStringLiteral("–") : row.published});
    }
}

void EvaluationDashboard::showIntervals(const Intervals &intervals)
{
    // A version picked meanwhile has its own intervals coming.
    if (!m_evaluation || m_evaluation->version.id != intervals.version)
        return;
    m_evaluation->pooledAucInterval = intervals.pooledAuc;
    for (std::size_t i = 0; i < intervals.rows.size() && i < m_evaluation->table.size(); ++i)
        m_evaluation->table[i].interval = intervals.rows[i];
    m_evaluation->notes = intervals.notes;
    m_intervalsShown = true;
    showTable();
    QString pooled = m_pooledLabel->text();
    if (intervals.pooledAuc)
        pooled += tr(" Pooled AUC 95 % patient bootstrap interval %1 (%2 resamples).")
                      .arg(intervalText(intervals.pooledAuc))
                      .arg(intervals.pooledAuc->resamples);
    m_pooledLabel->setText(pooled);
    m_status->setText(tr("Model version %1: figures at each fold's threshold (chosen on its "
                         "validation patients for %2 % sensitivity), mean ± SD over folds.")
                          .arg(m_evaluation->version.id)
                          .arg(m_evaluation->targetSensitivity * 100.0, 0, 'g', 3));
    emit intervalsShown();
}

double EvaluationDashboard::threshold() const
{
    return m_slider->value() / double(sliderSteps);
}

void EvaluationDashboard::setThreshold(double threshold)
{
    m_slider->setValue(int(std::lround(threshold * sliderSteps)));
}

void EvaluationDashboard::showOperatingPoint()
{
    if (!m_evaluation)
        return;
    m_operatingMatrix = m_evaluation->pooledSweep.at(threshold());
    const ConfusionMatrix &matrix = m_operatingMatrix;
    m_sensitivity->setText(percentText(matrix.sensitivity()));
    m_specificity->setText(percentText(matrix.specificity()));
    m_ppv->setText(percentText(matrix.ppv()));
    m_npv->setText(percentText(matrix.npv()));
    m_accuracy->setText(percentText(matrix.accuracy()));
    m_f1->setText(percentText(matrix.f1()));
    m_matrixView->setMatrix(matrix);
    const std::optional<double> specificity = matrix.specificity();
    m_roc->setOperatingPoint(specificity ? std::optional<double>(1.0 - *specificity) : std::nullopt,
                             matrix.sensitivity());
    showLock();
}

void EvaluationDashboard::showLock()
{
    if (!m_evaluation) {
        m_lockButton->setEnabled(false);
        m_unlockButton->setEnabled(false);
        return;
    }
    const std::optional<double> locked = m_evaluation->version.lockedThreshold;
    const bool here = locked && std::abs(*locked - threshold()) < 0.5 / sliderSteps;
    m_lockButton->setEnabled(!here);
    m_unlockButton->setEnabled(locked.has_value());
    m_lockLabel->setText(
        locked ? tr("🔒 Locked at %1 for version %2%3")
                     .arg(*locked, 0, 'f', 3)
                     .arg(m_evaluation->version.id)
                     .arg(here ? QString() : tr(" (the slider is elsewhere)"))
               : tr("No operating point locked for version %1").arg(m_evaluation->version.id));
}

Status EvaluationDashboard::writeLock(const std::optional<double> &threshold)
{
    if (!m_evaluation)
        return makeError(tr("no model version is shown"));
    auto catalogue = openCatalogue(m_cataloguePath);
    if (!catalogue)
        return makeError(catalogue.error());
    if (Status s = (*catalogue)->setLockedThreshold(m_evaluation->version.id, threshold); !s)
        return s;
    m_evaluation->version.lockedThreshold = threshold;
    for (ModelVersionRecord &version : m_versions) {
        if (version.id == m_evaluation->version.id)
            version.lockedThreshold = threshold;
    }
    fillVersionCombos();
    showLock();
    m_status->setText(
        threshold
            ? tr("Locked the operating point of version %1 at %2.")
                  .arg(m_evaluation->version.id)
                  .arg(*threshold, 0, 'f', 3)
            : tr("Unlocked the operating point of version %1.").arg(m_evaluation->version.id));
    return {};
}

Status EvaluationDashboard::lockOperatingPoint()
{
    return writeLock(threshold());
}

Status EvaluationDashboard::unlockOperatingPoint()
{
    return writeLock(std::nullopt);
}

void EvaluationDashboard::showComparison(const Compared &compared)
{
    m_comparisonTable->setRowCount(0);
    m_changesTable->setRowCount(0);
    if (!compared.comparison) {
        m_compared.reset();
        m_comparison.reset();
        m_deLongLabel->setText(compared.comparison.error());
        m_changesLabel->clear();
        m_status->setText(compared.comparison.error());
        emit comparisonShown();
        return;
    }
    m_compared = *compared.evaluation;
    m_comparison = *compared.comparison;
    const ModelEvaluation &a = *m_evaluation;
    const ModelEvaluation &b = *m_compared;
    const ModelComparison &comparison = *m_comparison;
    m_comparisonTable->setHorizontalHeaderLabels(
        {tr("Figure"), tr("Version A (%1, %2)").arg(a.version.id).arg(architectureName(a.version)),
         tr("Version B (%1, %2)").arg(b.version.id).arg(architectureName(b.version)),
         tr("B − A (points)")});

    // Every row of the study table, then the pooled figures.
    const auto difference = [](const std::optional<double> &first,
                               const std::optional<double> &second) {
        return first && second ? QStringLiteral("%1%2")
                                     .arg(*second >= *first ? QStringLiteral("+") : QString())
                                     .arg((*second - *first) * 100.0, 0, 'f', 1)
                               : QStringLiteral("–");
    };
    for (std::size_t i = 0; i < a.table.size() && i < b.table.size(); ++i) {
        const EvaluationRow &rowA = a.table[i];
        const EvaluationRow &rowB = b.table[i];
        const auto mean = [](const EvaluationRow &row) {
            return row.summary ? std::optional<double>(row.summary->mean) : std::nullopt;
        };
        const int at = m_comparisonTable->rowCount();
        m_comparisonTable->insertRow(at);
        setCells(
            m_comparisonTable, at,
            {rowA.name, summaryText(rowA), summaryText(rowB), difference(mean(rowA), mean(rowB))});
    }
    const auto addRow = [&](const QString &name, const std::optional<double> &first,
                            const std::optional<double> &second) {
        const int at = m_comparisonTable->rowCount();
        m_comparisonTable->insertRow(at);
        setCells(m_comparisonTable, at,
                 {name, percentText(first), percentText(second), difference(first, second)});
    };
    addRow(tr("Pooled AUC"), a.pooledAuc, b.pooledAuc);
    const ConfusionMatrix sweepA = a.pooledSweep.at(threshold());
    const ConfusionMatrix sweepB = b.pooledSweep.at(threshold());
    addRow(tr("Sensitivity at threshold %1 (pooled)").arg(threshold(), 0, 'f', 3),
           sweepA.sensitivity(), sweepB.sensitivity());
    addRow(tr("Specificity at threshold %1 (pooled)").arg(threshold(), 0, 'f', 3),
           sweepA.specificity(), sweepB.specificity());
    {
        const auto number = [](const std::optional<double> &value) {
            return value ? QString::number(*value, 'f', 4) : QStringLiteral("–");
        };
        const int at = m_comparisonTable->rowCount();
        m_comparisonTable->insertRow(at);
        setCells(m_comparisonTable, at,
                 {tr("Brier score (lower is better)"), number(a.brier), number(b.brier),
                  a.brier && b.brier
                      ? QStringLiteral("%1%2")
                            .arg(*b.brier >= *a.brier ? QStringLiteral("+") : QString())
                            .arg(*b.brier - *a.brier, 0, 'f', 4)
                      : QStringLiteral("–")});
    }

    if (comparison.deLong) {
        const PairedAucComparison &d = *comparison.deLong;
        m_deLongLabel->setText(
            tr("AUC(B) − AUC(A) on %1 paired frames: %2%3 points, 95 % interval %4 to %5, "
               "p = %6 (DeLong's paired test; it takes frames as independent, so on cine loops "
               "the interval is too narrow).")
                .arg(comparison.pairedFrames)
                .arg(d.difference >= 0 ? QStringLiteral("+") : QString())
                .arg(d.difference * 100.0, 0, 'f', 1)
                .arg(d.lower * 100.0, 0, 'f', 1)
                .arg(d.upper * 100.0, 0, 'f', 1)
                .arg(d.pValue, 0, 'g', 3));
    } else {
        m_deLongLabel->setText(tr("No DeLong comparison on the %1 paired frames: %2")
                                   .arg(comparison.pairedFrames)
                                   .arg(comparison.deLongError));
    }

    int better = 0;
    int worse = 0;
    m_changesTable->setSortingEnabled(false);
    m_changesTable->setRowCount(int(comparison.patients.size()));
    for (std::size_t i = 0; i < comparison.patients.size(); ++i) {
        const PatientChange &change = comparison.patients[i];
        QString verdict = tr("same");
        QColor colour;
        if (change.verdict == PatientChange::Verdict::Better) {
            verdict = tr("better");
            colour = QColor(0x00, 0x9E, 0x73);
            ++better;
        } else if (change.verdict == PatientChange::Verdict::Worse) {
            verdict = tr("worse");
            colour = QColor(0xD5, 0x5E, 0x00);
            ++worse;
        }
        setCells(m_changesTable, int(i),
                 {change.pseudonym, QString::number(change.frames), percentText(change.aucA),
                  percentText(change.aucB), QString::number(change.brierA, 'f', 3),
                  QString::number(change.brierB, 'f', 3), verdict});
        if (colour.isValid())
            m_changesTable->item(int(i), 6)->setForeground(colour);
    }
    m_changesTable->setSortingEnabled(true);
    m_changesLabel->setText(tr("Per patient, by the Brier score of the paired frames (a change "
                               "under 0.005 counts as the same): %1 better, %2 worse, %3 the same.")
                                .arg(better)
                                .arg(worse)
                                .arg(int(comparison.patients.size()) - better - worse));
    m_status->setText(
        tr("Version %1 (A) beside version %2 (B).").arg(a.version.id).arg(b.version.id));
    emit comparisonShown();
}

void EvaluationDashboard::exportReport(const QString &path)
{
    if (!m_evaluation) {
        emit reportWritten(path, tr("no evaluation to report"));
        return;
    }
    m_reportPath = path;
    m_exportButton->setEnabled(false);
    m_status->setText(tr("Writing %1…").arg(path));
    const QString folder = QFileInfo(m_cataloguePath).absolutePath();
    // The report always has its intervals, computed here if the dashboard's are still coming.
    m_reportWatcher.setFuture(QtConcurrent::run(
        [evaluation = *m_evaluation, needsIntervals = !m_intervalsShown, folder, path]() mutable {
            if (needsIntervals)
                addBootstrapIntervals(evaluation);
            return writeEvaluationReport(evaluation, folder, path);
        }));
}

void EvaluationDashboard::requestPatientFrames(PatientId patient)
{
    if (!m_evaluation)
        return;
    QList<QPair<ClipId, int>> frames;
    QString pseudonym;
    for (const EvaluatedFrame &frame : framesByError(*m_evaluation, patient)) {
        frames << qMakePair(frame.clipId, frame.frameIndex);
        pseudonym = frame.pseudonym;
    }
    if (!frames.isEmpty())
        emit patientFramesRequested(frames, pseudonym);
}

} // namespace iouslab
