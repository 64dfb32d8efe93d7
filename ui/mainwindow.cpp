#include "ui/mainwindow.h"

#include "catalogue/project.h"
#include "core/logging.h"
#include "ui/adjudicationdialog.h"
#include "ui/agreementdialog.h"
#include "ui/balancedialog.h"
#include "ui/cataloguetreemodel.h"
#include "ui/evaluationdashboard.h"
#include "ui/frameloader.h"
#include "ui/frameview.h"
#include "ui/helpoverlay.h"
#include "ui/importdialog.h"
#include "ui/reviewmode.h"
#include "ui/theme.h"
#include "ui/timeline.h"
#include "ui_mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QMenuBar>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace iouslab {

namespace {

// Playback speeds offered, as multiples of the clip's frame rate.
const QList<double> speeds{0.25, 0.5, 1.0, 2.0, 4.0};
constexpr int normalSpeedIndex = 2;
// Stills and clips without a frame rate play at this many frames per second.
constexpr double fallbackFrameRate = 25.0;

// Runs on a worker thread with a connection of its own.
Expected<CatalogueCounts> loadCounts(const QString &cataloguePath)
{
    auto catalogue = Catalogue::open(cataloguePath, Catalogue::OpenMode::OpenExisting);
    if (!catalogue)
        return makeError(catalogue.error());
    // The GUI's connection leaves WAL checkpoints to this worker (see the constructor). A
    // passive checkpoint never waits for other connections; failing one only delays it.
    (*catalogue)->execute(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
    return (*catalogue)->counts();
}

QString labelName(std::optional<LabelValue> value)
{
    return value ? labelValueName(*value) : QObject::tr("unlabelled");
}

QString colouredName(LabelValue value)
{
    return QStringLiteral("<span style=\"color:%1\">%2</span>")
        .arg(theme::labelColour(value).name(), labelValueName(value));
}

} // namespace

MainWindow::MainWindow(const QString &projectFolder, const std::optional<ReaderRecord> &reader,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_projectFolder(projectFolder)
    , m_hasReader(reader.has_value())
{
    m_ui->setupUi(this);
    m_ui->projectLabel->setText(tr("Project: %1").arg(QDir::toNativeSeparators(projectFolder)));
    m_ui->readersTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_ui->readersTable->verticalHeader()->hide();
    m_ui->splitter->setStretchFactor(0, 0);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->splitter->setStretchFactor(2, 0);
    m_ui->splitter->setSizes({440, 740, 260});

    // The GUI thread's own connection, for label writes and the small per-clip reads.
    auto catalogue = Catalogue::open(cataloguePath(), Catalogue::OpenMode::OpenExisting);
    if (catalogue)
        m_catalogue = std::move(*catalogue);
    else
        say(catalogue.error());
    // A checkpoint copies the WAL into the database and syncs it: tens of milliseconds that
    // would land on whichever key press crosses the threshold. The GUI's connection leaves
    // them to the counts worker, which runs shortly after each burst of labels; every label
    // is still synced to the WAL before its key press returns.
    if (m_catalogue) {
        if (Status s = m_catalogue->execute(QStringLiteral("PRAGMA wal_autocheckpoint=0")); !s)
            qCWarning(lcUi) << "cannot leave checkpoints to the worker:" << s.error();
    }
    const ReaderRecord viewer = reader.value_or(ReaderRecord{});
    if (m_catalogue)
        m_session = std::make_unique<LabelSession>(*m_catalogue, viewer);
    m_ui->readerLabel->setText(
        m_hasReader ? tr("<b>%1</b> (%2)<br>%3")
                          .arg(viewer.name.toHtmlEscaped(), readerRoleName(viewer.role),
                               seesAllLabels(viewer) ? tr("sees every reader's labels")
                                                     : tr("blinded: sees only their own labels"))
                    : tr("No reader chosen: browsing only."));

    m_treeModel = new CatalogueTreeModel(this);
    m_filterModel = new CatalogueFilterModel(this);
    m_filterModel->setSourceModel(m_treeModel);
    m_ui->catalogueTree->setModel(m_filterModel);
    m_ui->catalogueTree->header()->setStretchLastSection(false);
    // Column widths are fitted once per load, not per change: ResizeToContents would measure
    // every row of the tree on each label.
    m_ui->catalogueTree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_ui->catalogueTree->header()->setSectionResizeMode(CatalogueTreeModel::NameColumn,
                                                        QHeaderView::Stretch);
    m_ui->catalogueTree->header()->setMinimumSectionSize(36);
    if (!seesAllLabels(viewer))
        m_ui->catalogueTree->hideColumn(CatalogueTreeModel::DisagreementsColumn);
    m_ui->filterCombo->addItem(tr("All clips"), int(CatalogueFilterModel::Filter::All));
    m_ui->filterCombo->addItem(tr("With unlabelled frames"),
                               int(CatalogueFilterModel::Filter::Unlabelled));
    m_ui->filterCombo->addItem(tr("With lesion frames"), int(CatalogueFilterModel::Filter::Lesion));
    if (seesAllLabels(viewer))
        m_ui->filterCombo->addItem(tr("With disagreements"),
                                   int(CatalogueFilterModel::Filter::Disagreements));
    connect(m_ui->filterCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_filterModel->setFilter(
            CatalogueFilterModel::Filter(m_ui->filterCombo->currentData().toInt()));
        m_ui->catalogueTree->expandAll();
    });
    connect(m_ui->catalogueTree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                const auto clip = m_treeModel->clipAt(m_filterModel->mapToSource(current));
                if (clip && (!m_session || clip->clipId != m_session->clipId()))
                    openClip(clip->clipId);
            });

    m_loader = new FrameLoader(this);
    connect(m_loader, &FrameLoader::frameReady, this, [this](int index) {
        if (index == m_position)
            showFrame(index);
    });
    connect(m_loader, &FrameLoader::clipFailed, this,
            [this](const QString &message) { m_ui->frameView->setMessage(message); });
    connect(m_ui->timeline, &Timeline::seekRequested, this, &MainWindow::setCurrentFrame);
    connect(m_ui->frameView, &FrameView::zoomChanged, this, [this](double zoom) {
        m_ui->zoomLabel->setText(zoom == 1.0 ? tr("fit") : tr("%1 ×").arg(zoom, 0, 'f', 2));
    });

    for (double speed : speeds)
        m_ui->speedCombo->addItem(tr("%1 ×").arg(speed));
    m_ui->speedCombo->setCurrentIndex(normalSpeedIndex);
    connect(m_ui->speedCombo, &QComboBox::currentIndexChanged, this, &MainWindow::setSpeedIndex);
    m_playTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_playTimer, &QTimer::timeout, this, &MainWindow::playTick);
    connect(m_ui->playButton, &QToolButton::clicked, this, &MainWindow::togglePlay);
    connect(m_ui->fitButton, &QToolButton::clicked, m_ui->frameView, &FrameView::fit);

    if (m_session) {
        connect(m_session.get(), &LabelSession::labelsChanged, this, [this](ClipId clip) {
            if (clip == m_session->clipId()) {
                updateTimeline();
                updateLabelPanel();
            }
            m_countsDebounce.start();
        });
        connect(m_session.get(), &LabelSession::countsChanged, m_treeModel,
                &CatalogueTreeModel::setClipCounts);
    }

    // Training runs on a worker of the service; the window shows its state and lets each
    // label write count toward the next automatic round.
    m_training = new TrainingService(projectFolder, this);
    m_trainingLabel = new QLabel(this);
    m_trainingLabel->setObjectName(QStringLiteral("trainingStatus"));
    statusBar()->addPermanentWidget(m_trainingLabel);
    connect(m_training, &TrainingService::stateChanged, this, [this] {
        if (!m_training->isRunning())
            m_trainingProgress.clear();
        showTrainingState();
    });
    connect(m_training, &TrainingService::progress, this,
            [this](int fold, int foldCount, int epoch, int epochs, double, double auc, double eta) {
                const QString foldText = fold < foldCount
                                             ? tr("fold %1/%2").arg(fold + 1).arg(foldCount)
                                             : tr("final model");
                const QString aucText =
                    std::isfinite(auc) ? tr(", validation AUC %1").arg(auc, 0, 'f', 3) : QString();
                m_trainingProgress = tr("%1 epoch %2/%3%4, about %5 s left")
                                         .arg(foldText)
                                         .arg(epoch)
                                         .arg(epochs)
                                         .arg(aucText)
                                         .arg(qRound(eta));
                showTrainingState();
            });
    connect(m_training, &TrainingService::finished, this, [this](qint64 version) {
        say(tr("Model version %1 trained.").arg(version));
        showTrainingState();
    });
    connect(m_training, &TrainingService::failed, this,
            [this](const QString &message) { say(tr("Training failed: %1").arg(message)); });
    connect(m_training, &TrainingService::cancelled, this,
            [this] { say(tr("Training cancelled; no model version was written.")); });
    if (m_session)
        connect(m_session.get(), &LabelSession::labelsChanged, m_training,
                &TrainingService::labelsChanged);
    m_countsDebounce.setSingleShot(true);
    m_countsDebounce.setInterval(1500);
    connect(&m_countsDebounce, &QTimer::timeout, this, &MainWindow::refreshCounts);

    m_help = new HelpOverlay(m_ui->centralWidget);
    createActions();
    m_help->setKeys(m_keys);
    QStringList keyLines;
    for (const auto &[key, what] : m_keys.mid(0, 12))
        keyLines << QStringLiteral("<b>%1</b> %2").arg(key.toHtmlEscaped(), what.toHtmlEscaped());
    m_ui->keysLabel->setText(keyLines.join(QStringLiteral("<br>")) +
                             tr("<br><br><b>?</b> all keys"));

    connect(&m_countsWatcher, &QFutureWatcher<Expected<CatalogueCounts>>::finished, this,
            [this] { showCounts(m_countsWatcher.result()); });
    connect(&m_loadWatcher, &QFutureWatcher<Loaded>::finished, this,
            [this] { showLoaded(m_loadWatcher.result()); });
    m_ui->frameView->setMessage(tr("Reading the catalogue…"));
    m_ui->frameView->setFocus();
    updateLabelPanel();
    reload();
}

MainWindow::~MainWindow()
{
    m_playTimer.stop();
    m_countsWatcher.waitForFinished();
    m_loadWatcher.waitForFinished();
}

QString MainWindow::cataloguePath() const
{
    return m_projectFolder + QLatin1Char('/') + Project::catalogueFileName();
}

FrameView *MainWindow::frameView() const
{
    return m_ui->frameView;
}

Timeline *MainWindow::timeline() const
{
    return m_ui->timeline;
}

QAction *MainWindow::addKeyAction(QMenu *menu, const QString &text, const QList<QKeySequence> &keys,
                                  const std::function<void()> &slot)
{
    auto *action = new QAction(text, this);
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WindowShortcut);
    connect(action, &QAction::triggered, this, slot);
    addAction(action);
    if (menu)
        menu->addAction(action);
    QStringList keyNames;
    for (const QKeySequence &key : keys)
        keyNames << key.toString(QKeySequence::NativeText);
    QString what = text;
    what.remove(QLatin1Char('&'));
    m_keys << qMakePair(keyNames.join(QStringLiteral(" / ")), what);
    return action;
}

void MainWindow::createActions()
{
    QMenu *label = menuBar()->addMenu(tr("&Label"));
    addKeyAction(label, tr("Normal"), {QKeySequence(Qt::Key_N)},
                 [this] { giveLabel(LabelValue::Normal); });
    addKeyAction(label, tr("Lesion"), {QKeySequence(Qt::Key_L)},
                 [this] { giveLabel(LabelValue::Lesion); });
    addKeyAction(label, tr("Ungradable"), {QKeySequence(Qt::Key_U)},
                 [this] { giveLabel(LabelValue::Ungradable); });
    addKeyAction(label, tr("Clear label"),
                 {QKeySequence(Qt::Key_Backspace), QKeySequence(Qt::Key_Delete)},
                 [this] { giveLabel(std::nullopt); });
    label->addSeparator();
    addKeyAction(label, tr("Mark range start"), {QKeySequence(Qt::Key_BracketLeft)},
                 [this] { markRangeStart(); });
    addKeyAction(label, tr("Mark range end"), {QKeySequence(Qt::Key_BracketRight)},
                 [this] { markRangeEnd(); });
    addKeyAction(label, tr("Clear range / close"), {QKeySequence(Qt::Key_Escape)},
                 [this] { clearRange(); });
    label->addSeparator();
    addKeyAction(label, tr("Undo"), {QKeySequence(Qt::CTRL | Qt::Key_Z)}, [this] { undo(); });
    addKeyAction(
        label, tr("Redo"),
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)},
        [this] { redo(); });
    label->addSeparator();
    addKeyAction(label, tr("Next unlabelled frame"),
                 {QKeySequence(Qt::Key_J), QKeySequence(Qt::Key_Tab)},
                 [this] { nextUnlabelled(); });
    addKeyAction(label, tr("Next uncertain frame (model)"), {QKeySequence(Qt::Key_M)},
                 [this] { nextUncertain(); });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    addKeyAction(view, tr("Next frame"), {QKeySequence(Qt::Key_Right)}, [this] { step(1); });
    addKeyAction(view, tr("Previous frame"), {QKeySequence(Qt::Key_Left)}, [this] { step(-1); });
    addKeyAction(view, tr("Ten frames on"), {QKeySequence(Qt::SHIFT | Qt::Key_Right)},
                 [this] { step(10); });
    addKeyAction(view, tr("Ten frames back"), {QKeySequence(Qt::SHIFT | Qt::Key_Left)},
                 [this] { step(-10); });
    addKeyAction(view, tr("First frame"), {QKeySequence(Qt::Key_Home)},
                 [this] { setCurrentFrame(0); });
    addKeyAction(view, tr("Last frame"), {QKeySequence(Qt::Key_End)}, [this] {
        if (m_session)
            setCurrentFrame(m_session->frameCount() - 1);
    });
    addKeyAction(view, tr("Play / pause"), {QKeySequence(Qt::Key_Space)}, [this] { togglePlay(); });
    addKeyAction(view, tr("Slower"), {QKeySequence(Qt::Key_Comma)},
                 [this] { setSpeedIndex(qMax(0, m_ui->speedCombo->currentIndex() - 1)); });
    addKeyAction(view, tr("Faster"), {QKeySequence(Qt::Key_Period)}, [this] {
        setSpeedIndex(qMin(int(speeds.size()) - 1, m_ui->speedCombo->currentIndex() + 1));
    });
    view->addSeparator();
    addKeyAction(view, tr("Zoom in"), {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)},
                 [this] { m_ui->frameView->zoomIn(); });
    addKeyAction(view, tr("Zoom out"), {QKeySequence(Qt::Key_Minus)},
                 [this] { m_ui->frameView->zoomOut(); });
    addKeyAction(view, tr("Fit frame"), {QKeySequence(Qt::Key_F), QKeySequence(Qt::Key_0)},
                 [this] { m_ui->frameView->fit(); });
    // Four pan keys share one line of the key list.
    for (const auto &[key, dx, dy] :
         {std::tuple{Qt::Key_Left, 0.1, 0.0}, std::tuple{Qt::Key_Right, -0.1, 0.0},
          std::tuple{Qt::Key_Up, 0.0, 0.1}, std::tuple{Qt::Key_Down, 0.0, -0.1}}) {
        auto *pan = new QAction(this);
        pan->setShortcut(QKeySequence(Qt::ALT | key));
        connect(pan, &QAction::triggered, this,
                [this, dx = dx, dy = dy] { m_ui->frameView->pan(dx, dy); });
        addAction(pan);
    }
    m_keys << qMakePair(tr("Alt+arrows"), tr("Pan the frame (drag works too; wheel zooms)"));
    view->addSeparator();
    addKeyAction(view, tr("Next clip"), {QKeySequence(Qt::Key_PageDown)},
                 [this] { openNeighbourClip(1); });
    addKeyAction(view, tr("Previous clip"), {QKeySequence(Qt::Key_PageUp)},
                 [this] { openNeighbourClip(-1); });
    addKeyAction(view, tr("Go to the catalogue tree"), {QKeySequence(Qt::CTRL | Qt::Key_T)},
                 [this] { m_ui->catalogueTree->setFocus(); });
    addKeyAction(view, tr("Back to the frame"), {QKeySequence(Qt::CTRL | Qt::Key_E)},
                 [this] { m_ui->frameView->setFocus(); });
    addKeyAction(view, tr("Next tree filter"), {QKeySequence(Qt::CTRL | Qt::Key_F)}, [this] {
        m_ui->filterCombo->setCurrentIndex((m_ui->filterCombo->currentIndex() + 1) %
                                           m_ui->filterCombo->count());
    });
    addKeyAction(view, tr("Reload the catalogue"), {QKeySequence(Qt::Key_F5)},
                 [this] { reload(); });

    QMenu *review = menuBar()->addMenu(tr("&Review"));
    // The review views show or summarise every reader's labels: project leads only, so that
    // blinded readers stay blinded.
    QAction *agreement =
        addKeyAction(review, tr("Agreement…"), {QKeySequence(Qt::CTRL | Qt::Key_K)},
                     [this] { showAgreement(); });
    const bool lead = m_session && m_session->seesAllLabels();
    agreement->setEnabled(lead);
    QAction *queue =
        addKeyAction(review, tr("Adjudication queue…"), {QKeySequence(Qt::CTRL | Qt::Key_D)},
                     [this] { showAdjudicationQueue(); });
    QAction *balance =
        addKeyAction(review, tr("Dataset balance…"), {QKeySequence(Qt::CTRL | Qt::Key_B)},
                     [this] { showBalance(); });
    queue->setEnabled(lead);
    balance->setEnabled(lead);
    // A surgeon's review of a case's flagged frames; anyone may look, a surgeon decides.
    review->addSeparator();
    addKeyAction(review, tr("Case review (flagged frames)…"), {QKeySequence(Qt::CTRL | Qt::Key_R)},
                 [this] {
                     auto *mode =
                         new ReviewMode(m_projectFolder,
                                        m_session ? std::optional<ReaderRecord>(m_session->reader())
                                                  : std::nullopt,
                                        this);
                     mode->setAttribute(Qt::WA_DeleteOnClose);
                     mode->show();
                     mode->startScoring();
                 })
        ->setObjectName(QStringLiteral("caseReviewAction"));

    QMenu *file = menuBar()->addMenu(tr("&File"));
    menuBar()->insertMenu(label->menuAction(), file);
    addKeyAction(file, tr("Import…"), {QKeySequence(Qt::CTRL | Qt::Key_I)},
                 [this] { showImportDialog(); });
    addKeyAction(file, tr("Quit"), {QKeySequence(Qt::CTRL | Qt::Key_Q)}, [this] { close(); });

    QMenu *model = menuBar()->addMenu(tr("&Model"));
    m_trainAction = addKeyAction(model, tr("Train now"),
                                 {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T)}, [this] {
                                     if (!m_training->start())
                                         say(tr("A training is already running."));
                                 });
    m_pauseAction =
        addKeyAction(model, tr("Pause training"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)},
                     [this] { m_training->pause(); });
    m_resumeAction =
        addKeyAction(model, tr("Resume training"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)},
                     [this] { m_training->resume(); });
    m_cancelAction =
        addKeyAction(model, tr("Cancel training"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)},
                     [this] { m_training->cancel(); });
    model->addSeparator();
    QAction *threshold = model->addAction(tr("Auto-retrain after…"), this, [this] {
        bool ok = false;
        const int changes = QInputDialog::getInt(
            this, tr("Auto-retrain"),
            tr("Start a training by itself after this many label changes (0: never):"),
            m_training->autoRetrainThreshold(), 0, 1000000, 50, &ok);
        if (!ok)
            return;
        if (Status stored = m_training->setAutoRetrainThreshold(changes); !stored)
            say(tr("The threshold holds until the window closes: %1").arg(stored.error()));
        showTrainingState();
        m_training->checkPendingLabels();
    });
    threshold->setObjectName(QStringLiteral("autoRetrainAction"));
    showTrainingState();

    // The evaluation dashboard summarises every reader's labels through the reference: project
    // leads only, as the review views.
    model->addSeparator();
    QAction *dashboard = addKeyAction(model, tr("Evaluation dashboard…"),
                                      {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)},
                                      [this] { showEvaluationDashboard(); });
    dashboard->setObjectName(QStringLiteral("evaluationDashboardAction"));
    dashboard->setEnabled(m_session && m_session->seesAllLabels());
    // The frame list is stepped through from the dashboard as well as from the window.
    for (const auto &[text, key, direction] :
         {std::tuple{tr("Next frame of the list"), Qt::Key_BracketRight, 1},
          std::tuple{tr("Previous frame of the list"), Qt::Key_BracketLeft, -1}}) {
        addKeyAction(model, text, {QKeySequence(Qt::CTRL | key)}, [this, direction = direction] {
            stepFrameList(direction);
        })->setShortcutContext(Qt::ApplicationShortcut);
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    addKeyAction(help, tr("Keys"), {QKeySequence(Qt::Key_Question), QKeySequence(Qt::Key_F1)},
                 [this] { m_help->toggle(); });
}

void MainWindow::say(const QString &message)
{
    statusBar()->showMessage(message, 8000);
}

QString MainWindow::trainingStatusText() const
{
    switch (m_training->state()) {
    case TrainingService::State::Training:
        return m_trainingProgress.isEmpty() ? tr("Model: training")
                                            : tr("Model: training %1").arg(m_trainingProgress);
    case TrainingService::State::Paused:
        return tr("Model: paused");
    case TrainingService::State::Cancelling:
        return tr("Model: cancelling");
    case TrainingService::State::Idle:
        break;
    }
    std::optional<ModelVersionId> last = m_training->lastVersion();
    if (!last && m_catalogue) {
        if (auto versions = m_catalogue->modelVersions(); versions) {
            if (auto latest = latestWithWeights(*versions))
                last = latest->id;
        }
    }
    QString text = last ? tr("Model: idle, version %1").arg(*last) : tr("Model: idle");
    const int threshold = m_training->autoRetrainThreshold();
    if (threshold <= 0)
        return tr("%1; auto-retrain off").arg(text);
    return tr("%1; %2 of %3 label changes toward the next training")
        .arg(text)
        .arg(m_training->pendingLabelChanges())
        .arg(threshold);
}

void MainWindow::showTrainingState()
{
    if (!m_training || !m_trainAction)
        return;
    const TrainingService::State state = m_training->state();
    m_trainingLabel->setText(trainingStatusText());
    m_trainAction->setEnabled(state == TrainingService::State::Idle);
    m_pauseAction->setEnabled(state == TrainingService::State::Training);
    m_resumeAction->setEnabled(state == TrainingService::State::Paused);
    m_cancelAction->setEnabled(state == TrainingService::State::Training ||
                               state == TrainingService::State::Paused);
}

void MainWindow::refreshCounts()
{
    showTrainingState();
    if (m_countsWatcher.isRunning())
        return;
    m_countsWatcher.setFuture(QtConcurrent::run(loadCounts, cataloguePath()));
}

void MainWindow::reload()
{
    if (m_loadWatcher.isRunning())
        return;
    statusBar()->showMessage(tr("Reading the catalogue…"));
    const QString path = cataloguePath();
    const ReaderRecord viewer = m_session ? m_session->reader() : ReaderRecord{};
    m_loadWatcher.setFuture(QtConcurrent::run([path, viewer] {
        Loaded loaded;
        auto catalogue = Catalogue::open(path, Catalogue::OpenMode::OpenExisting);
        if (!catalogue) {
            loaded.counts = makeError(catalogue.error());
            loaded.snapshot = makeError(catalogue.error());
            return loaded;
        }
        loaded.counts = (*catalogue)->counts();
        loaded.snapshot = loadReviewSnapshot(**catalogue);
        if (loaded.snapshot)
            loaded.clipCounts = clipLabelCounts(*loaded.snapshot, viewer);
        return loaded;
    }));
}

void MainWindow::showLoaded(const Loaded &loaded)
{
    showCounts(loaded.counts);
    if (!loaded.snapshot) {
        say(loaded.snapshot.error());
        emit catalogueLoaded();
        return;
    }
    const ClipId open = m_session ? m_session->clipId() : 0;
    m_readerNames.clear();
    for (const ReaderRecord &reader : loaded.snapshot->readers)
        m_readerNames.insert(reader.id, reader.name);
    m_treeModel->setSnapshot(*loaded.snapshot, loaded.clipCounts);
    m_ui->catalogueTree->expandAll();
    for (int column = CatalogueTreeModel::FramesColumn; column < CatalogueTreeModel::ColumnCount;
         ++column)
        m_ui->catalogueTree->resizeColumnToContents(column);
    if (open && m_treeModel->indexOfClip(open).isValid()) {
        const int position = m_position;
        openClip(open);
        setCurrentFrame(position);
    } else if (!loaded.snapshot->clips.isEmpty()) {
        openClip(m_treeModel->clips().first().clipId);
    } else {
        m_ui->frameView->setMessage(tr("The project has no clips yet: File > Import (Ctrl+I)."));
    }
    if (!m_checkedPendingLabels) {
        // Labels that came in while the window was closed (a CSV import, the demo's readers)
        // count too: a project with enough of them trains its first model without being asked.
        m_checkedPendingLabels = true;
        m_training->checkPendingLabels();
    }
    showTrainingState();
    emit catalogueLoaded();
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
    // Other readers' counts, even summed, would unblind a blinded reader: only a project lead,
    // or a window without a reader (the counts summary of a project), shows them all.
    const bool showAll = !m_hasReader || (m_session && m_session->seesAllLabels());
    qint64 labels[4] = {counts->labels, counts->normalLabels, counts->lesionLabels,
                        counts->ungradableLabels};
    if (!showAll) {
        std::fill(std::begin(labels), std::end(labels), 0);
        for (const ReaderLabelCount &entry : counts->byReader) {
            if (entry.reader != m_session->reader().name)
                continue;
            labels[0] += entry.count;
            labels[1 + int(entry.value)] += entry.count;
        }
        m_ui->labelsCaption->setText(tr("Your labels"));
    }
    m_ui->labelsValue->setText(tr("%1 (normal %2, lesion %3, ungradable %4)")
                                   .arg(locale.toString(labels[0]))
                                   .arg(locale.toString(labels[1]))
                                   .arg(locale.toString(labels[2]))
                                   .arg(locale.toString(labels[3])));

    QMap<QString, QMap<LabelValue, qint64>> byReader;
    QMap<QString, ReaderRole> roles;
    for (const ReaderLabelCount &entry : counts->byReader) {
        if (!showAll && entry.reader != m_session->reader().name)
            continue;
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
    statusBar()->showMessage(tr("Ready"), 3000);
    emit countsShown();
}

bool MainWindow::openClip(ClipId clipId)
{
    const QModelIndex index = m_treeModel->indexOfClip(clipId);
    const auto clip = m_treeModel->clipAt(index);
    if (!clip || !m_session)
        return false;
    // The clip's label rows are read here on the GUI thread: one indexed query of a few
    // thousand rows at most. Frames themselves are left to the loader.
    if (Status s = m_session->openClip(*clip); !s) {
        say(s.error());
        return false;
    }
    m_playTimer.stop();
    m_ui->playButton->setText(tr("Play"));
    m_rangeStart = m_rangeEnd = -1;
    m_position = 0;
    m_probabilities.clear();
    if (auto probabilities = m_catalogue->clipProbabilities(clip->clipId, clip->frameCount))
        m_probabilities =
            QVector<std::optional<double>>(probabilities->cbegin(), probabilities->cend());
    m_loader->setClip(QDir(m_projectFolder).filePath(QStringLiteral("frames")), clip->contentHash);
    m_ui->frameView->setMessage(tr("Loading…"));
    m_ui->timeline->setFrameCount(m_session->frameCount());
    m_ui->timeline->setProbabilities(m_probabilities);
    m_ui->clipLabel->setText(
        tr("%1 › %2  ·  %3 frames%4")
            .arg(clip->pseudonym, QFileInfo(clip->sourcePath).fileName())
            .arg(clip->frameCount)
            .arg(clip->frameRate ? tr(" at %1 fps").arg(*clip->frameRate, 0, 'f', 1) : QString()));

    const QModelIndex proxy = m_filterModel->mapFromSource(index);
    if (proxy.isValid() && m_ui->catalogueTree->currentIndex() != proxy) {
        const QSignalBlocker blocker(m_ui->catalogueTree->selectionModel());
        m_ui->catalogueTree->setCurrentIndex(proxy);
        m_ui->catalogueTree->viewport()->update();
    }
    updateTimeline();
    setCurrentFrame(0);
    return true;
}

void MainWindow::setCurrentFrame(int index)
{
    if (!m_session || m_session->frameCount() == 0)
        return;
    m_position = qBound(0, index, m_session->frameCount() - 1);
    m_loader->setPosition(m_position);
    if (m_loader->hasFrame(m_position))
        showFrame(m_position);
    m_ui->timeline->setPosition(m_position);
    m_ui->timeline->setRange(m_rangeStart, m_rangeEnd);
    m_ui->positionLabel->setText(
        tr("frame %1 / %2").arg(m_position + 1).arg(m_session->frameCount()));
    updateLabelPanel();
}

void MainWindow::showFrame(int index)
{
    const QImage image = m_loader->frame(index);
    if (image.isNull())
        return;
    m_ui->frameView->setImage(image);
    emit frameShown(index);
}

void MainWindow::updateTimeline()
{
    if (!m_session)
        return;
    const int count = m_session->frameCount();
    QVector<std::optional<LabelValue>> own(count);
    QVector<ReferenceState> references;
    if (m_session->seesAllLabels())
        references.resize(count);
    for (int i = 0; i < count; ++i) {
        own[i] = m_session->ownLabel(i);
        if (!references.isEmpty())
            references[i] = m_session->reference(i);
    }
    m_ui->timeline->setOwnLabels(own);
    m_ui->timeline->setReferences(references);
}

void MainWindow::updateLabelPanel()
{
    if (!m_session || m_session->frameCount() == 0) {
        m_ui->currentLabel->setText(QStringLiteral("–"));
        m_ui->readsLabel->clear();
        updateRangeText();
        return;
    }
    const auto own = m_hasReader ? m_session->ownLabel(m_position) : std::nullopt;
    const QColor colour = own ? theme::labelColour(*own) : QColor(70, 70, 78);
    m_ui->currentLabel->setText(labelName(own).toUpper());
    // A style sheet change restyles the widget: only when the colour changes.
    if (m_ui->currentLabel->property("labelColour").value<QColor>() != colour) {
        m_ui->currentLabel->setProperty("labelColour", colour);
        m_ui->currentLabel->setStyleSheet(
            QStringLiteral("QLabel { background: %1; color: %2; font-size: 20pt; "
                           "font-weight: bold; border-radius: 6px; }")
                .arg(colour.name(), own && *own == LabelValue::Lesion ? QStringLiteral("black")
                                                                      : QStringLiteral("white")));
    }

    QStringList lines;
    const QLocale locale;
    for (const ReviewLabel &read : m_session->visibleLabels(m_position)) {
        const QString who =
            read.readerId == m_session->reader().id
                ? tr("you")
                : m_readerNames.value(read.readerId, tr("reader %1").arg(read.readerId));
        lines << tr("%1: %2, %3")
                     .arg(who.toHtmlEscaped(), colouredName(read.value),
                          locale.toString(QDateTime::fromMSecsSinceEpoch(read.labelledAtMs),
                                          QLocale::ShortFormat));
    }
    if (m_session->seesAllLabels()) {
        const ReferenceState reference = m_session->reference(m_position);
        if (const auto adjudication = m_session->adjudication(m_position))
            lines << tr("Reference: %1 (adjudicated)").arg(colouredName(adjudication->value));
        else if (reference == ReferenceState::Unresolved)
            lines << tr("Reference: <span style=\"color:%1\">unresolved</span> (readers "
                        "disagree)")
                         .arg(theme::referenceColour(reference).name());
        else if (const auto value = referenceValue(reference))
            lines << tr("Reference: %1 (readers agree)").arg(colouredName(*value));
    }
    if (!m_probabilities.isEmpty() && m_position < m_probabilities.size() &&
        m_probabilities.at(m_position))
        lines << tr("Model: %1 lesion probability")
                     .arg(locale.toString(*m_probabilities.at(m_position), 'f', 2));
    m_ui->readsLabel->setText(lines.join(QStringLiteral("<br>")));
    updateRangeText();
}

void MainWindow::updateRangeText()
{
    if (m_rangeStart < 0 && m_rangeEnd < 0) {
        m_ui->rangeLabel->clear();
        return;
    }
    const int start = m_rangeStart >= 0 ? m_rangeStart : m_position;
    const int end = m_rangeEnd >= 0 ? m_rangeEnd : m_position;
    m_ui->rangeLabel->setText(tr("Range: frames %1 to %2 (%3 frames); N, L or U labels it all.")
                                  .arg(qMin(start, end) + 1)
                                  .arg(qMax(start, end) + 1)
                                  .arg(qAbs(end - start) + 1));
}

bool MainWindow::canLabel(bool quiet)
{
    if (m_hasReader && m_session && m_session->frameCount() > 0)
        return true;
    if (!quiet)
        say(m_hasReader ? tr("Open a clip first.")
                        : tr("No reader chosen: restart and pick a reader to label."));
    return false;
}

void MainWindow::giveLabel(std::optional<LabelValue> value)
{
    if (!canLabel())
        return;
    int first = m_position;
    int last = m_position;
    if (m_rangeStart >= 0 || m_rangeEnd >= 0) {
        first = m_rangeStart >= 0 ? m_rangeStart : m_position;
        last = m_rangeEnd >= 0 ? m_rangeEnd : m_position;
        m_rangeStart = m_rangeEnd = -1;
        m_ui->timeline->setRange(-1, -1);
    }
    if (Status s = m_session->label(first, last, value); !s)
        say(tr("The label was not saved: %1").arg(s.error()));
    updateLabelPanel();
}

void MainWindow::step(int frames)
{
    if (m_playTimer.isActive())
        togglePlay();
    setCurrentFrame(m_position + frames);
}

double MainWindow::playbackSpeed() const
{
    return speeds.value(m_ui->speedCombo->currentIndex(), 1.0);
}

void MainWindow::setSpeedIndex(int index)
{
    if (m_ui->speedCombo->currentIndex() != index)
        m_ui->speedCombo->setCurrentIndex(index);
    // The cine clock starts again at the new speed.
    m_playClock.restart();
    m_playedFrames = 0;
}

double MainWindow::playRate() const
{
    const double rate =
        m_session ? m_session->clip().frameRate.value_or(fallbackFrameRate) : fallbackFrameRate;
    return qMax(rate, 1.0) * playbackSpeed();
}

void MainWindow::togglePlay()
{
    if (m_playTimer.isActive()) {
        m_playTimer.stop();
        m_ui->playButton->setText(tr("Play"));
        return;
    }
    if (!m_session || m_session->frameCount() < 2)
        return;
    // The timer ticks at twice the frame rate; the clock decides when a frame is due, so the
    // rate holds exactly instead of rounding to whole milliseconds per frame.
    m_playTimer.setInterval(qMax(1, int(500.0 / playRate())));
    m_playClock.restart();
    m_playedFrames = 0;
    m_playTimer.start();
    m_ui->playButton->setText(tr("Pause"));
}

void MainWindow::playTick()
{
    const double due = m_playClock.nsecsElapsed() / 1e9 * playRate();
    if (m_playedFrames + 1 > due)
        return;
    // Cine waits for a frame that is not loaded yet rather than skip it: every frame is seen.
    const int next = (m_position + 1) % qMax(1, m_session->frameCount());
    if (!m_loader->hasFrame(next)) {
        m_loader->setPosition(next);
        return;
    }
    setCurrentFrame(next);
    ++m_playedFrames;
    // After a wait, play on from here rather than rush to catch up.
    if (due - m_playedFrames > 2) {
        m_playClock.restart();
        m_playedFrames = 0;
    }
}

void MainWindow::markRangeStart()
{
    m_rangeStart = m_position;
    m_ui->timeline->setRange(m_rangeStart, m_rangeEnd);
    updateRangeText();
}

void MainWindow::markRangeEnd()
{
    m_rangeEnd = m_position;
    m_ui->timeline->setRange(m_rangeStart, m_rangeEnd);
    updateRangeText();
}

void MainWindow::clearRange()
{
    if (m_help->isVisible()) {
        m_help->hide();
        return;
    }
    m_rangeStart = m_rangeEnd = -1;
    m_ui->timeline->setRange(-1, -1);
    updateRangeText();
}

void MainWindow::undo()
{
    if (!canLabel())
        return;
    if (!m_session->canUndo()) {
        say(tr("Nothing to undo in this clip."));
        return;
    }
    if (Status s = m_session->undo(); !s)
        say(s.error());
}

void MainWindow::redo()
{
    if (!canLabel())
        return;
    if (!m_session->canRedo()) {
        say(tr("Nothing to redo."));
        return;
    }
    if (Status s = m_session->redo(); !s)
        say(s.error());
}

void MainWindow::nextUnlabelled()
{
    if (!canLabel())
        return;
    if (const auto next = m_session->nextUnlabelled(m_position)) {
        setCurrentFrame(*next);
        return;
    }
    // This clip is done: on to the next clip (in tree order) with unlabelled frames.
    const QList<ReviewClip> clips = m_treeModel->clips();
    int at = 0;
    while (at < clips.size() && clips.at(at).clipId != m_session->clipId())
        ++at;
    for (int step = 1; step <= clips.size(); ++step) {
        const ReviewClip &clip = clips.at((at + step) % clips.size());
        const LabelCounts counts = m_treeModel->countsAt(m_treeModel->indexOfClip(clip.clipId));
        if (counts.labelled < counts.frames && openClip(clip.clipId)) {
            if (m_session->ownLabel(0))
                setCurrentFrame(m_session->nextUnlabelled(0).value_or(0));
            return;
        }
    }
    say(tr("Every frame of the project carries your label."));
}

void MainWindow::nextUncertain()
{
    if (!canLabel())
        return;
    if (m_uncertain.isEmpty()) {
        // One indexed query for a few hundred rows; repeated only when the list runs out.
        auto candidates = m_catalogue->uncertainFrames(m_session->reader().id, 300);
        if (!candidates) {
            say(candidates.error());
            return;
        }
        m_uncertain = spreadAcrossPatients(*candidates);
    }
    while (!m_uncertain.isEmpty()) {
        const UncertainFrame frame = m_uncertain.takeFirst();
        if (frame.clipId != m_session->clipId() && !openClip(frame.clipId))
            continue;
        if (m_session->ownLabel(frame.frameIndex))
            continue;
        setCurrentFrame(frame.frameIndex);
        say(tr("Model probability %1: among the least certain frames.")
                .arg(frame.probability, 0, 'f', 2));
        return;
    }
    say(tr("No frame waits for you where a model is uncertain (no model has scored the project, "
           "or you labelled them all)."));
}

void MainWindow::openNeighbourClip(int direction)
{
    const QList<ReviewClip> clips = m_treeModel->clips();
    if (clips.isEmpty() || !m_session)
        return;
    int at = 0;
    while (at < clips.size() && clips.at(at).clipId != m_session->clipId())
        ++at;
    const int next = (at + direction + int(clips.size())) % int(clips.size());
    openClip(clips.at(next).clipId);
}

void MainWindow::showImportDialog()
{
    auto *dialog = new ImportDialog(m_projectFolder, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::importFinished, this, [this] { reload(); });
    dialog->show();
}

void MainWindow::showAgreement()
{
    if (!m_session || !m_session->seesAllLabels()) {
        say(tr("Reader agreement is for project leads: it would unblind the readers."));
        return;
    }
    auto *dialog = new AgreementDialog(cataloguePath(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::showAdjudicationQueue()
{
    if (!m_session || !m_session->seesAllLabels()) {
        say(tr("The adjudication queue is for project leads."));
        return;
    }
    auto *dialog = new AdjudicationDialog(cataloguePath(), *m_session, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AdjudicationDialog::showFrameRequested, this, [this](ClipId clip, int index) {
        if (clip == m_session->clipId() || openClip(clip))
            setCurrentFrame(index);
    });
    connect(m_session.get(), &LabelSession::adjudicated, dialog,
            [this] { m_countsDebounce.start(); });
    // Decisions may touch clips other than the open one: the tree is read again afterwards.
    connect(dialog, &QObject::destroyed, this, &MainWindow::reload);
    dialog->show();
}

void MainWindow::showBalance()
{
    if (!m_session || !m_session->seesAllLabels()) {
        say(tr("The dataset balance charts are for project leads."));
        return;
    }
    auto *dialog = new BalanceDialog(cataloguePath(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

EvaluationDashboard *MainWindow::showEvaluationDashboard()
{
    if (!m_session || !m_session->seesAllLabels()) {
        say(tr("The evaluation dashboard is for project leads."));
        return nullptr;
    }
    auto *dashboard = new EvaluationDashboard(cataloguePath(), this);
    dashboard->setAttribute(Qt::WA_DeleteOnClose);
    connect(dashboard, &EvaluationDashboard::patientFramesRequested, this,
            &MainWindow::showFrameList);
    dashboard->show();
    return dashboard;
}

void MainWindow::showFrameList(const QList<QPair<ClipId, int>> &frames, const QString &title)
{
    m_frameList = frames;
    m_frameListTitle = title;
    m_frameListPosition = -1;
    stepFrameList(1);
    raise();
    activateWindow();
}

void MainWindow::stepFrameList(int direction)
{
    if (m_frameList.isEmpty()) {
        say(tr("No frame list: pick a patient in the evaluation dashboard."));
        return;
    }
    const int next = qBound(0, m_frameListPosition + direction, int(m_frameList.size()) - 1);
    const auto [clip, index] = m_frameList.at(next);
    if (clip != (m_session ? m_session->clipId() : 0) && !openClip(clip)) {
        say(tr("The clip of that frame is not in the tree; reload the catalogue (F5)."));
        return;
    }
    m_frameListPosition = next;
    setCurrentFrame(index);
    say(tr("%1: frame %2 of %3, the most wrong first (Ctrl+] next, Ctrl+[ back)")
            .arg(m_frameListTitle)
            .arg(next + 1)
            .arg(m_frameList.size()));
}

} // namespace iouslab
