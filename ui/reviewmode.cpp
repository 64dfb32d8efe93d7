#include "ui/reviewmode.h"

#include "app/casereport.h"
#include "app/heatmapimage.h"
#include "catalogue/project.h"
#include "ui/frameloader.h"
#include "ui/frameview.h"
#include "ui/reviewqueuemodel.h"
#include "ui/reviewstrip.h"

#include <QAction>
#include <QBoxLayout>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QTableView>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace iouslab {

namespace {

constexpr int thumbnailHeight = 54;
constexpr int cineMargin = 15; ///< frames shown before and after an event in cine
const EventSettings eventSettings{};

} // namespace

ReviewMode::ReviewMode(const QString &projectFolder, const std::optional<ReaderRecord> &reader,
                       QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_projectFolder(projectFolder)
    , m_reader(reader)
    , m_queue(new ReviewQueueModel(this))
    , m_loader(new FrameLoader(this))
{
    setWindowTitle(tr("Case review"));
    setObjectName(QStringLiteral("reviewMode"));
    auto catalogue = Catalogue::open(QDir(projectFolder).filePath(Project::catalogueFileName()),
                                     Catalogue::OpenMode::OpenExisting);
    if (catalogue)
        m_catalogue = std::move(*catalogue);

    buildLayout();
    createActions();
    fillPickers();
    if (!catalogue)
        say(catalogue.error());

    m_loader->setWindow(cineMargin, cineMargin * 2);
    connect(
        m_loader, &FrameLoader::frameReady, this,
        [this](int index) {
            if (index == m_position)
                showFrame(index);
        },
        Qt::QueuedConnection);
    connect(&m_scoreWatcher, &QFutureWatcher<Scored>::finished, this, &ReviewMode::showScored);
    connect(&m_heatWatcher, &QFutureWatcher<HeatResult>::finished, this,
            &ReviewMode::heatMapArrived);
    connect(&m_reportWatcher, &QFutureWatcher<QString>::finished, this, [this] {
        const QString error = m_reportWatcher.result();
        say(error.isEmpty() ? tr("Case summary written to %1").arg(m_reportPath)
                            : tr("The case summary was not written: %1").arg(error));
        updateButtons();
        emit reportWritten(m_reportPath, error);
    });
    connect(&m_cine, &QTimer::timeout, this, &ReviewMode::cineTick);
    updateButtons();
}

ReviewMode::~ReviewMode()
{
    if (m_cancel)
        m_cancel->store(true);
    m_scoreWatcher.waitForFinished();
    m_heatWatcher.waitForFinished();
    m_reportWatcher.waitForFinished();
}

void ReviewMode::closeEvent(QCloseEvent *event)
{
    m_cine.stop();
    cancelScoring();
    QWidget::closeEvent(event);
}

void ReviewMode::buildLayout()
{
    // Top: what is reviewed, and the work on it.
    m_caseCombo = new QComboBox;
    m_caseCombo->setToolTip(tr("The case: a patient's study (newest imports first)"));
    m_versionCombo = new QComboBox;
    m_versionCombo->setToolTip(tr("The model version that scores the case"));
    m_scoreButton = new QPushButton(tr("Score case"));
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_exportButton = new QPushButton(tr("Export PDF…"));
    m_progress = new QProgressBar;
    m_progress->setTextVisible(true);
    m_progress->setFormat(tr("%v of %m frames"));
    m_progress->setMinimumWidth(160);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Case")));
    top->addWidget(m_caseCombo, 2);
    top->addWidget(new QLabel(tr("Model")));
    top->addWidget(m_versionCombo, 2);
    top->addWidget(m_scoreButton);
    top->addWidget(m_progress, 1);
    top->addWidget(m_cancelButton);
    top->addWidget(m_exportButton);
    m_caseLabel = new QLabel;
    m_caseLabel->setWordWrap(true);

    // Left: the queue.
    m_queueView = new QTableView;
    m_queueView->setModel(m_queue);
    m_queueView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_queueView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_queueView->setIconSize(QSize(thumbnailHeight * 4 / 3, thumbnailHeight));
    m_queueView->verticalHeader()->setDefaultSectionSize(thumbnailHeight + 6);
    m_queueView->verticalHeader()->hide();
    m_queueView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_queueView->horizontalHeader()->setSectionResizeMode(ReviewQueueModel::EventColumn,
                                                          QHeaderView::Stretch);
    m_queueView->setMinimumWidth(440);
    m_queueView->setWordWrap(false);
    connect(m_queueView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid() && current.row() != m_row)
                    openEvent(current.row());
            });

    // Centre: the frame, its heat map and cine.
    m_view = new FrameView;
    m_frameLabel = new QLabel;
    m_heatToggle = new QCheckBox(tr("Heat map (H)"));
    m_heatToggle->setChecked(true);
    m_heatToggle->setToolTip(tr("Grad-CAM on the last convolutional layer: where the model saw "
                                "lesion evidence in the peak frame (red: strongest)"));
    m_opacity = new QSlider(Qt::Horizontal);
    m_opacity->setRange(0, 100);
    m_opacity->setValue(50);
    m_opacity->setMaximumWidth(160);
    m_opacity->setToolTip(tr("How strongly the heat map is laid over the frame"));
    m_playButton = new QPushButton(tr("Play event (Space)"));
    m_playButton->setFocusPolicy(Qt::NoFocus);
    connect(m_heatToggle, &QCheckBox::toggled, this, [this] { showFrame(m_position); });
    connect(m_opacity, &QSlider::valueChanged, this, [this] { showFrame(m_position); });
    connect(m_playButton, &QPushButton::clicked, this, &ReviewMode::togglePlay);
    auto *viewBar = new QHBoxLayout;
    viewBar->addWidget(m_frameLabel, 1);
    viewBar->addWidget(m_heatToggle);
    viewBar->addWidget(new QLabel(tr("Blend")));
    viewBar->addWidget(m_opacity);
    viewBar->addWidget(m_playButton);
    m_strip = new ReviewStrip;
    connect(m_strip, &ReviewStrip::seekRequested, this, [this](int index) {
        m_cine.stop();
        showFrame(index);
    });

    // Bottom: the decision.
    m_acceptButton = new QPushButton(tr("Accept: lesion (A)"));
    m_rejectButton = new QPushButton(tr("Reject: normal (R)"));
    m_unsureButton = new QPushButton(tr("Unsure (U)"));
    for (auto [button, decision] : {std::pair{m_acceptButton, SurgeonDecision::Accept},
                                    std::pair{m_rejectButton, SurgeonDecision::Reject},
                                    std::pair{m_unsureButton, SurgeonDecision::Unsure}}) {
        button->setFocusPolicy(Qt::NoFocus);
        button->setMinimumHeight(34);
        connect(button, &QPushButton::clicked, this, [this, d = decision] { decide(d); });
    }
    m_statusLabel = new QLabel;
    m_statusLabel->setWordWrap(true);
    auto *decisionBar = new QHBoxLayout;
    decisionBar->addWidget(m_acceptButton);
    decisionBar->addWidget(m_rejectButton);
    decisionBar->addWidget(m_unsureButton);
    decisionBar->addWidget(m_statusLabel, 1);

    auto *centre = new QWidget;
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->addWidget(m_view, 1);
    centreLayout->addLayout(viewBar);
    centreLayout->addWidget(m_strip);
    centreLayout->addLayout(decisionBar);

    auto *splitter = new QSplitter;
    splitter->addWidget(m_queueView);
    splitter->addWidget(centre);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_caseLabel);
    layout->addWidget(splitter, 1);

    connect(m_scoreButton, &QPushButton::clicked, this, &ReviewMode::startScoring);
    connect(m_cancelButton, &QPushButton::clicked, this, &ReviewMode::cancelScoring);
    connect(m_exportButton, &QPushButton::clicked, this, [this] {
        const QString suggested = QDir::home().filePath(
            QStringLiteral("case-review-%1.pdf")
                .arg(m_review ? caseName(m_review->reviewCase()).replace(QLatin1Char('/'), '-')
                              : QString()));
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the case summary"),
                                                          suggested, tr("PDF (*.pdf)"));
        if (!path.isEmpty())
            exportReport(path);
    });
    resize(1400, 900);
}

void ReviewMode::createActions()
{
    const auto key = [this](const QList<QKeySequence> &keys, const std::function<void()> &slot) {
        auto *action = new QAction(this);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
    };
    key({QKeySequence(Qt::Key_A)}, [this] { decide(SurgeonDecision::Accept); });
    key({QKeySequence(Qt::Key_R)}, [this] { decide(SurgeonDecision::Reject); });
    key({QKeySequence(Qt::Key_U)}, [this] { decide(SurgeonDecision::Unsure); });
    key({QKeySequence(Qt::Key_H)}, [this] { m_heatToggle->toggle(); });
    key({QKeySequence(Qt::Key_Space)}, [this] { togglePlay(); });
    key({QKeySequence(Qt::Key_J), QKeySequence(Qt::Key_PageDown)},
        [this] { selectRow(std::min(m_row + 1, m_queue->rowCount() - 1)); });
    key({QKeySequence(Qt::Key_K), QKeySequence(Qt::Key_PageUp)},
        [this] { selectRow(std::max(m_row - 1, 0)); });
    key({QKeySequence(Qt::Key_Right)}, [this] { step(1); });
    key({QKeySequence(Qt::Key_Left)}, [this] { step(-1); });
    key({QKeySequence(Qt::Key_P)}, [this] {
        if (m_row >= 0)
            openEvent(m_row); // back to the peak
    });
    key({QKeySequence(Qt::CTRL | Qt::Key_Return)}, [this] { startScoring(); });
    key({QKeySequence(Qt::CTRL | Qt::Key_W), QKeySequence(Qt::Key_Escape)}, [this] { close(); });
}

void ReviewMode::fillPickers()
{
    if (!m_catalogue)
        return;
    // Cases: every study with clips, the newest import first.
    auto clips = m_catalogue->reviewClips();
    if (!clips) {
        say(clips.error());
        return;
    }
    struct Study
    {
        StudyId id = 0;
        QString pseudonym;
        int clips = 0;
        int frames = 0;
        int number = 0;
    };
    QList<Study> studies;
    QHash<StudyId, int> place;
    QHash<PatientId, int> studiesOfPatient;
    for (const ReviewClip &clip : *clips) {
        if (!place.contains(clip.studyId)) {
            place.insert(clip.studyId, int(studies.size()));
            studies.append(
                {clip.studyId, clip.pseudonym, 0, 0, ++studiesOfPatient[clip.patientId]});
        }
        Study &study = studies[place.value(clip.studyId)];
        ++study.clips;
        study.frames += clip.frameCount;
    }
    std::stable_sort(studies.begin(), studies.end(),
                     [](const Study &a, const Study &b) { return a.id > b.id; });
    m_caseCombo->clear();
    for (const Study &study : studies)
        m_caseCombo->addItem(tr("%1  study %2  (%3 clips, %4 frames)")
                                 .arg(study.pseudonym)
                                 .arg(study.number)
                                 .arg(study.clips)
                                 .arg(study.frames),
                             study.id);

    auto versions = m_catalogue->modelVersions();
    if (!versions) {
        say(versions.error());
        return;
    }
    m_versionCombo->clear();
    for (auto it = versions->crbegin(); it != versions->crend(); ++it) {
        if (!it->hasWeights())
            continue; // a baseline's predictions: nothing to score a case with
        const QString point = it->lockedThreshold
                                  ? tr("locked at %1").arg(*it->lockedThreshold, 0, 'g', 3)
                                  : tr("no operating point locked");
        m_versionCombo->addItem(tr("Version %1  %2, %3, %4")
                                    .arg(it->id)
                                    .arg(it->architecture)
                                    .arg(QDateTime::fromMSecsSinceEpoch(it->createdAtMs)
                                             .toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                                    .arg(point),
                                it->id);
    }
    if (studies.isEmpty())
        say(tr("The project has no cases yet: import a study first."));
    else if (m_versionCombo->count() == 0)
        say(tr("The project has no trained model version yet: train one (Model > Train now)."));
}

bool ReviewMode::setCase(StudyId study)
{
    const int index = m_caseCombo->findData(study);
    if (index >= 0)
        m_caseCombo->setCurrentIndex(index);
    return index >= 0;
}

bool ReviewMode::setVersion(ModelVersionId version)
{
    const int index = m_versionCombo->findData(version);
    if (index >= 0)
        m_versionCombo->setCurrentIndex(index);
    return index >= 0;
}

bool ReviewMode::isScoring() const
{
    return m_scoreWatcher.isRunning();
}

void ReviewMode::startScoring()
{
    if (isScoring() || m_caseCombo->currentIndex() < 0 || m_versionCombo->currentIndex() < 0)
        return;
    const StudyId study = m_caseCombo->currentData().toLongLong();
    const ModelVersionId version = m_versionCombo->currentData().toLongLong();
    m_cine.stop();
    m_review.reset();
    m_heat.reset();
    m_row = -1;
    m_queue->setEvents({}, {}, {});
    m_view->setMessage(tr("Scoring the case…"));
    m_progress->setRange(0, 0);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    say(tr("Scoring in the background; the queue fills when it is done."));

    // Progress goes to the GUI thread through the event loop: the worker never touches a
    // widget. The window waits for the worker before it is destroyed.
    QPointer<ReviewMode> self(this);
    const auto progress = [self](int done, int total) {
        QMetaObject::invokeMethod(
            self,
            [self, done, total] {
                if (self) {
                    self->m_progress->setRange(0, total);
                    self->m_progress->setValue(done);
                }
            },
            Qt::QueuedConnection);
    };
    const QString folder = m_projectFolder;
    const std::shared_ptr<std::atomic<bool>> cancel = m_cancel;
    m_scoreWatcher.setFuture(QtConcurrent::run([folder, study, version, progress, cancel] {
        Scored scored;
        auto review = CaseReview::open(folder, study, version);
        if (!review) {
            scored.error = review.error();
            return scored;
        }
        auto summary = (*review)->score({progress, cancel.get()});
        if (!summary) {
            scored.error = summary.error();
            return scored;
        }
        scored.summary = *summary;
        scored.events = (*review)->events(eventSettings);
        for (const ReviewEvent &event : scored.events) {
            const QImage frame = (*review)->displayFrame(event.clipOrder, event.run.peak);
            scored.thumbnails << frame.scaledToHeight(thumbnailHeight, Qt::SmoothTransformation);
        }
        scored.review = std::shared_ptr<CaseReview>(std::move(*review));
        return scored;
    }));
    updateButtons();
}

void ReviewMode::cancelScoring()
{
    if (m_cancel)
        m_cancel->store(true);
}

void ReviewMode::showScored()
{
    Scored scored = m_scoreWatcher.result();
    m_progress->setRange(0, std::max(1, scored.summary.frames));
    m_progress->setValue(scored.summary.frames);
    if (!scored.review) {
        m_view->setMessage(tr("Not scored: %1").arg(scored.error));
        say(scored.error);
        updateButtons();
        emit scoringFinished(scored.error);
        return;
    }
    m_review = scored.review;
    m_summary = scored.summary;
    if (m_reader && m_catalogue) {
        if (Status s = loadDecisions(*m_catalogue, *m_reader, scored.events); !s)
            say(s.error());
    }
    QList<double> rates;
    for (const ScoredClip &clip : m_review->clips())
        rates << clip.clip.frameRate.value_or(0.0);
    m_queue->setEvents(std::move(scored.events), scored.thumbnails, rates);

    updateCaseLabel();
    if (m_queue->rowCount() == 0) {
        m_view->setMessage(tr("No frame of this case reached the operating point."));
        m_strip->setClip({}, m_review->operatingPoint().threshold);
    } else {
        const int first = m_queue->nextUndecided(-1);
        selectRow(first >= 0 ? first : 0);
    }
    say(decisionsNeedText());
    updateButtons();
    emit scoringFinished(QString());
}

void ReviewMode::updateCaseLabel()
{
    if (!m_review)
        return;
    const ReviewCase &reviewCase = m_review->reviewCase();
    const QString point = m_review->operatingPoint().description;
    m_caseLabel->setText(tr("<b>%1</b>, study %2 of %3: %4 frames in %5 clips scored (%6 new). "
                            "%7. %8 events; %9 to review.")
                             .arg(reviewCase.patient.pseudonym)
                             .arg(reviewCase.studyNumber)
                             .arg(reviewCase.studyCount)
                             .arg(m_summary.frames)
                             .arg(m_review->clips().size())
                             .arg(m_summary.scored)
                             .arg(point.left(1).toUpper() + point.mid(1))
                             .arg(m_queue->rowCount())
                             .arg(m_queue->undecidedCount()));
}

void ReviewMode::selectRow(int row)
{
    if (row < 0 || row >= m_queue->rowCount())
        return;
    m_queueView->selectionModel()->setCurrentIndex(
        m_queue->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (row != m_row)
        openEvent(row);
}

void ReviewMode::openEvent(int row)
{
    if (!m_review || row < 0 || row >= m_queue->rowCount())
        return;
    m_cine.stop();
    m_playButton->setText(tr("Play event (Space)"));
    const bool sameClip =
        m_row >= 0 && m_queue->event(m_row).clipOrder == m_queue->event(row).clipOrder;
    m_row = row;
    const ReviewEvent &event = m_queue->event(row);
    const ScoredClip &clip = m_review->clips()[size_t(event.clipOrder)];
    if (!sameClip) {
        m_loader->setClip(QDir(m_projectFolder).filePath(QStringLiteral("frames")),
                          clip.clip.contentHash);
        m_strip->setClip(clip.probabilities, m_review->operatingPoint().threshold);
    }
    std::vector<ReviewEvent> ofClip;
    for (const ReviewEvent &other : m_queue->events()) {
        if (other.clipOrder == event.clipOrder)
            ofClip.push_back(other);
    }
    m_strip->setEvents(std::move(ofClip), event.number);
    if (m_heatEventNumber != event.number)
        m_heat.reset();
    requestHeatMap();
    showFrame(event.run.peak);
    updateButtons();
}

void ReviewMode::showFrame(int index)
{
    m_position = index;
    m_strip->setPosition(index);
    if (m_row < 0 || !m_review)
        return;
    const ReviewEvent &event = m_queue->event(m_row);
    const ScoredClip &clip = m_review->clips()[size_t(event.clipOrder)];
    m_loader->setPosition(index);
    const QImage frame = m_loader->frame(index);
    const double p = index >= 0 && index < int(clip.probabilities.size())
                         ? clip.probabilities[size_t(index)]
                         : 0.0;
    QString text = tr("Event %1 of %2 · clip %3, frame %4 of %5 · p = %6")
                       .arg(event.number)
                       .arg(m_queue->rowCount())
                       .arg(event.clipOrder + 1)
                       .arg(index)
                       .arg(clip.probabilities.size())
                       .arg(p, 0, 'f', 3);
    if (index == event.run.peak)
        text += tr(" · peak");
    // The heat map is of the peak frame; other frames (cine) show without it.
    const bool overlay = m_heatToggle->isChecked() && index == event.run.peak && m_heat &&
                         m_heatEventNumber == event.number;
    if (m_heatToggle->isChecked() && index == event.run.peak && !overlay)
        text += tr(" · heat map coming");
    m_frameLabel->setText(text);
    if (frame.isNull())
        return; // frameReady brings it
    m_view->setImage(overlay ? heatmap::blend(frame, *m_heat, m_opacity->value() / 100.0) : frame);
}

void ReviewMode::requestHeatMap()
{
    if (m_row < 0 || !m_review || (m_heat && m_heatEventNumber == m_queue->event(m_row).number))
        return;
    if (m_heatWatcher.isRunning()) {
        m_heatWanted = true; // made when the running one is done
        return;
    }
    m_heatWanted = false;
    const ReviewEvent &event = m_queue->event(m_row);
    const std::shared_ptr<CaseReview> review = m_review;
    const int number = event.number;
    const int clipOrder = event.clipOrder;
    const int peak = event.run.peak;
    m_heatWatcher.setFuture(QtConcurrent::run([review, number, clipOrder, peak] {
        return HeatResult{number, review->heatMap(clipOrder, peak)};
    }));
}

void ReviewMode::heatMapArrived()
{
    const HeatResult result = m_heatWatcher.result();
    const bool current = m_row >= 0 && m_queue->event(m_row).number == result.eventNumber;
    if (current) {
        if (result.map) {
            m_heat = *result.map;
            m_heatEventNumber = result.eventNumber;
        } else {
            say(result.map.error());
        }
        showFrame(m_position);
        emit heatMapReady();
    }
    if (m_heatWanted || !current)
        requestHeatMap();
}

bool ReviewMode::heatMapShown() const
{
    return m_heatToggle->isChecked() && m_heat.has_value() && m_row >= 0 &&
           m_heatEventNumber == m_queue->event(m_row).number &&
           m_position == m_queue->event(m_row).run.peak;
}

void ReviewMode::setHeatMapShown(bool shown)
{
    m_heatToggle->setChecked(shown);
}

void ReviewMode::setHeatMapOpacity(int percent)
{
    m_opacity->setValue(percent);
}

void ReviewMode::togglePlay()
{
    if (m_row < 0)
        return;
    if (m_cine.isActive()) {
        m_cine.stop();
        m_playButton->setText(tr("Play event (Space)"));
        return;
    }
    const ScoredClip &clip = m_review->clips()[size_t(m_queue->event(m_row).clipOrder)];
    const double rate = clip.clip.frameRate.value_or(25.0);
    m_cine.start(int(1000.0 / std::clamp(rate, 1.0, 120.0)));
    m_playButton->setText(tr("Pause (Space)"));
}

void ReviewMode::cineTick()
{
    if (m_row < 0 || !m_review)
        return;
    const ReviewEvent &event = m_queue->event(m_row);
    const int frames = int(m_review->clips()[size_t(event.clipOrder)].probabilities.size());
    const int start = std::max(0, event.run.first - cineMargin);
    const int end = std::min(frames - 1, event.run.last + cineMargin);
    const int next = m_position + 1 > end || m_position < start ? start : m_position + 1;
    showFrame(next);
}

void ReviewMode::step(int frames)
{
    if (m_row < 0 || !m_review)
        return;
    m_cine.stop();
    const int count =
        int(m_review->clips()[size_t(m_queue->event(m_row).clipOrder)].probabilities.size());
    showFrame(std::clamp(m_position + frames, 0, count - 1));
}

void ReviewMode::decide(SurgeonDecision decision)
{
    if (m_row < 0 || !m_catalogue)
        return;
    if (!m_reader || m_reader->role != ReaderRole::Surgeon) {
        say(decisionsNeedText());
        return;
    }
    const int row = m_row;
    if (Status s = recordDecision(*m_catalogue, m_queue->event(row), *m_reader, decision); !s) {
        say(tr("The decision was not saved: %1").arg(s.error()));
        return;
    }
    m_queue->setDecision(row, decision);
    updateCaseLabel();
    emit decided(row, decision);

    // The queue follows: the next event not decided yet, in time order.
    const int next = m_queue->nextUndecided(row);
    if (next >= 0) {
        selectRow(next);
        say(tr("Event %1: %2. %3 events left to review.")
                .arg(m_queue->event(row).number)
                .arg(surgeonDecisionName(decision))
                .arg(m_queue->undecidedCount()));
    } else {
        openEvent(row); // the strip shows the decision's colour
        say(tr("Every event of the case is decided; export the case summary (PDF)."));
    }
}

void ReviewMode::exportReport(const QString &path)
{
    if (!m_review || m_reportWatcher.isRunning())
        return;
    m_reportPath = path;
    CaseReportContent content{m_queue->events(), m_summary, eventSettings,
                              m_reader ? m_reader->name : QString()};
    const std::shared_ptr<CaseReview> review = m_review;
    say(tr("Writing the case summary…"));
    m_reportWatcher.setFuture(QtConcurrent::run([review, content, path] {
        const Status written = writeCaseReport(*review, content, path);
        return written ? QString() : written.error();
    }));
    updateButtons();
}

void ReviewMode::updateButtons()
{
    const bool scoring = isScoring();
    const bool canDecide = m_row >= 0 && m_reader && m_reader->role == ReaderRole::Surgeon;
    m_scoreButton->setEnabled(!scoring && m_caseCombo->count() > 0 && m_versionCombo->count() > 0);
    m_cancelButton->setEnabled(scoring);
    m_exportButton->setEnabled(m_review && !scoring && !m_reportWatcher.isRunning());
    for (QPushButton *button : {m_acceptButton, m_rejectButton, m_unsureButton}) {
        button->setEnabled(canDecide);
        button->setToolTip(canDecide ? QString() : decisionsNeedText());
    }
    m_playButton->setEnabled(m_row >= 0);
}

QString ReviewMode::decisionsNeedText() const
{
    if (!m_reader || m_reader->role != ReaderRole::Surgeon)
        return tr("Decisions are a surgeon's: open the workstation as a reader with the surgeon "
                  "role to accept or reject events.");
    return tr("%1 reviewing: A accepts (lesion), R rejects (normal), U marks unsure.")
        .arg(m_reader->name);
}

void ReviewMode::say(const QString &message)
{
    m_statusLabel->setText(message);
}

} // namespace iouslab
