#include "app/trainingservice.h"

#include "catalogue/project.h"
#include "core/logging.h"

#include <QThread>

#include <algorithm>

namespace iouslab {

TrainingService::TrainingService(const QString &projectFolder, QObject *parent)
    : QObject(parent)
    , m_projectFolder(projectFolder)
{
    Catalogue *store = catalogue();
    if (!store)
        return;
    auto stored = store->setting(autoRetrainSettingKey());
    if (!stored) {
        qCWarning(lcApp) << stored.error();
        return;
    }
    if (!*stored)
        return;
    bool ok = false;
    const int threshold = (*stored)->toInt(&ok);
    if (ok && threshold >= 0)
        m_threshold = threshold;
    else
        qCWarning(lcApp).noquote() << "ignoring the project's auto-retrain threshold" << **stored
                                   << "(not a count of labels); using" << m_threshold;
}

QString TrainingService::autoRetrainSettingKey()
{
    return QStringLiteral("training.auto_retrain_labels");
}

Status TrainingService::setAutoRetrainThreshold(int changes)
{
    m_threshold = std::max(0, changes);
    Catalogue *store = catalogue();
    if (!store)
        return makeError(QStringLiteral("cannot open the project %1 to store the auto-retrain "
                                        "threshold")
                             .arg(m_projectFolder));
    return store->setSetting(autoRetrainSettingKey(), QString::number(m_threshold));
}

TrainingService::~TrainingService()
{
    if (m_worker) {
        m_pause = false;
        m_cancel = true;
        m_worker->wait();
        delete m_worker;
    }
}

Catalogue *TrainingService::catalogue()
{
    if (!m_project) {
        auto project = Project::open(m_projectFolder, Project::OpenMode::OpenExisting);
        if (!project) {
            qCWarning(lcApp) << "background training cannot open the project:" << project.error();
            return nullptr;
        }
        m_project = std::move(*project);
    }
    return &m_project->catalogue();
}

void TrainingService::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

bool TrainingService::start()
{
    if (m_worker)
        return false;
    m_cancel = false;
    m_pause = false;
    m_result = makeError(QString());
    m_previousCountFromMs = m_countFromMs;
    // The training reads its labels as it begins: what is written from now on is the next
    // round's.
    m_countFromMs = Catalogue::nowMs();

    TrainingControls controls;
    controls.cancel = &m_cancel;
    controls.pause = &m_pause;
    // The worker hands its reports to this object's thread; queued calls to a deleted object
    // are dropped, and the destructor waits for the worker first anyway.
    controls.progress = [this](const ml::TrainingProgress &p) {
        QMetaObject::invokeMethod(
            this,
            [this, p] {
                emit progress(p.fold, p.foldCount, p.epoch, p.epochs, p.loss, p.validationAuc,
                              p.etaSeconds);
            },
            Qt::QueuedConnection);
    };
    controls.say = [this](const QString &line) {
        QMetaObject::invokeMethod(
            this, [this, line] { emit message(line); }, Qt::QueuedConnection);
    };
    m_worker = QThread::create(
        [this, controls, settings = m_settings, warm = m_warmStart, folder = m_projectFolder] {
            m_result = trainModelVersion(folder, settings, warm, controls);
        });
    m_worker->setObjectName(QStringLiteral("training"));
    connect(m_worker, &QThread::finished, this, &TrainingService::workerDone);
    m_worker->start(QThread::LowPriority);
    setState(State::Training);
    return true;
}

void TrainingService::pause()
{
    if (m_state != State::Training)
        return;
    m_pause = true;
    setState(State::Paused);
}

void TrainingService::resume()
{
    if (m_state != State::Paused)
        return;
    m_pause = false;
    setState(State::Training);
}

void TrainingService::cancel()
{
    if (m_state != State::Training && m_state != State::Paused)
        return;
    m_cancel = true;
    m_pause = false;
    setState(State::Cancelling);
}

void TrainingService::workerDone()
{
    m_worker->wait();
    delete m_worker;
    m_worker = nullptr;
    const bool wasCancelled = m_cancel.load();
    m_cancel = false;
    m_pause = false;
    // A cancel that came after the last batch finds the version written: it is reported as
    // finished, since it is in the catalogue.
    if (m_result)
        m_lastVersion = m_result->version;
    setState(State::Idle);
    if (!m_result) {
        // Nothing was trained: the labels of the abandoned round still count.
        m_countFromMs = m_previousCountFromMs;
        if (wasCancelled)
            emit cancelled();
        else
            emit failed(m_result.error());
        return;
    }
    emit finished(m_result->version);
    // Enough labels may have been written while this round trained.
    labelsChanged();
}

qint64 TrainingService::pendingLabelChanges()
{
    Catalogue *store = catalogue();
    if (!store)
        return 0;
    qint64 from = 0;
    if (m_countFromMs) {
        from = *m_countFromMs;
    } else {
        auto latest = store->latestModelVersionTime();
        if (!latest) {
            qCWarning(lcApp) << latest.error();
            return 0;
        }
        from = *latest ? **latest + 1 : 0;
    }
    auto changes = store->labelChangesSince(from);
    if (!changes) {
        qCWarning(lcApp) << changes.error();
        return 0;
    }
    return *changes;
}

void TrainingService::labelsChanged()
{
    if (m_threshold <= 0 || m_worker)
        return;
    if (pendingLabelChanges() >= m_threshold)
        start();
}

} // namespace iouslab
