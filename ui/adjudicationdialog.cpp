#include "ui/adjudicationdialog.h"

#include "ui/theme.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace iouslab {

AdjudicationQueueModel::AdjudicationQueueModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AdjudicationQueueModel::setQueue(const ReviewSnapshot &snapshot,
                                      const QList<Disagreement> &queue)
{
    beginResetModel();
    m_queue = queue;
    m_patients.clear();
    m_clips.clear();
    m_readers.clear();
    for (const ReviewClip &clip : snapshot.clips) {
        m_patients.insert(clip.patientId, clip.pseudonym);
        m_clips.insert(clip.clipId, QFileInfo(clip.sourcePath).fileName());
    }
    for (const ReaderRecord &reader : snapshot.readers)
        m_readers.insert(reader.id, reader.name);
    endResetModel();
}

void AdjudicationQueueModel::setDecision(FrameId frame, const AdjudicationRecord &decision)
{
    for (int row = 0; row < m_queue.size(); ++row) {
        if (m_queue.at(row).frameId == frame) {
            m_queue[row].adjudication = decision;
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
}

int AdjudicationQueueModel::pendingCount() const
{
    return int(std::count_if(m_queue.cbegin(), m_queue.cend(),
                             [](const Disagreement &entry) { return !entry.adjudication; }));
}

int AdjudicationQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_queue.size());
}

int AdjudicationQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AdjudicationQueueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_queue.size())
        return {};
    const Disagreement &entry = m_queue.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PatientColumn:
            return m_patients.value(entry.patientId);
        case ClipColumn:
            return m_clips.value(entry.clipId);
        case FrameColumn:
            return entry.frameIndex;
        case ReadsColumn: {
            QStringList reads;
            for (const ReviewLabel &read : entry.reads)
                reads << QStringLiteral("%1: %2").arg(m_readers.value(read.readerId),
                                                      labelValueName(read.value));
            return reads.join(QStringLiteral(", "));
        }
        case DecisionColumn:
            return entry.adjudication ? labelValueName(entry.adjudication->value) : tr("pending");
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == DecisionColumn && entry.adjudication)
            return theme::labelColour(entry.adjudication->value);
        return {};
    case FrameIdRole:
        return entry.frameId;
    case ClipIdRole:
        return entry.clipId;
    case FrameIndexRole:
        return entry.frameIndex;
    case DecidedRole:
        return entry.adjudication.has_value();
    }
    return {};
}

QVariant AdjudicationQueueModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PatientColumn:
        return tr("Patient");
    case ClipColumn:
        return tr("Clip");
    case FrameColumn:
        return tr("Frame");
    case ReadsColumn:
        return tr("Reads");
    case DecisionColumn:
        return tr("Reference");
    }
    return {};
}

AdjudicationDialog::AdjudicationDialog(const QString &cataloguePath, LabelSession &session,
                                       QWidget *parent)
    : QDialog(parent)
    , m_session(session)
{
    setWindowTitle(tr("Adjudication queue"));
    resize(820, 480);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Frames where readers disagree. N normal, L lesion, U ungradable decides the selected "
           "frame; the decision becomes its reference label and every read is kept. Enter "
           "shows the frame."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_view = new QTableView(this);
    m_view->setModel(&m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setSectionResizeMode(AdjudicationQueueModel::ReadsColumn,
                                                     QHeaderView::Stretch);
    layout->addWidget(m_view);
    m_status = new QLabel(tr("Reading the catalogue…"), this);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    const auto addKey = [this](const QKeySequence &key, auto slot) {
        auto *action = new QAction(this);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
    };
    addKey(QKeySequence(Qt::Key_N), [this] { decideSelected(LabelValue::Normal); });
    addKey(QKeySequence(Qt::Key_L), [this] { decideSelected(LabelValue::Lesion); });
    addKey(QKeySequence(Qt::Key_U), [this] { decideSelected(LabelValue::Ungradable); });
    const auto show = [this] {
        const QModelIndex current = m_view->currentIndex();
        if (current.isValid())
            emit showFrameRequested(current.data(AdjudicationQueueModel::ClipIdRole).toLongLong(),
                                    current.data(AdjudicationQueueModel::FrameIndexRole).toInt());
    };
    addKey(QKeySequence(Qt::Key_Return), show);
    connect(m_view, &QTableView::doubleClicked, this, show);

    connect(&m_watcher, &QFutureWatcher<Expected<ReviewSnapshot>>::finished, this, [this] {
        const auto snapshot = m_watcher.result();
        if (!snapshot) {
            m_status->setText(snapshot.error());
        } else {
            m_model.setQueue(*snapshot, disagreements(*snapshot));
            m_view->resizeColumnsToContents();
            m_view->horizontalHeader()->setSectionResizeMode(AdjudicationQueueModel::ReadsColumn,
                                                             QHeaderView::Stretch);
            if (m_model.rowCount() > 0)
                m_view->selectRow(0);
            m_status->setText(tr("%1 frames in the queue, %2 waiting for a decision.")
                                  .arg(m_model.rowCount())
                                  .arg(m_model.pendingCount()));
        }
        emit queueShown();
    });
    m_watcher.setFuture(
        QtConcurrent::run([cataloguePath] { return loadReviewSnapshot(cataloguePath); }));
}

AdjudicationDialog::~AdjudicationDialog()
{
    m_watcher.waitForFinished();
}

bool AdjudicationDialog::decideSelected(LabelValue value)
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return false;
    const FrameId frame = current.data(AdjudicationQueueModel::FrameIdRole).toLongLong();
    if (Status s = m_session.adjudicate(frame, value); !s) {
        m_status->setText(s.error());
        return false;
    }
    m_model.setDecision(
        frame, AdjudicationRecord{frame, m_session.reader().id, value, Catalogue::nowMs()});
    m_status->setText(tr("%1 frames waiting for a decision.").arg(m_model.pendingCount()));

    // On to the next frame still waiting.
    for (int row = current.row() + 1; row < m_model.rowCount(); ++row) {
        if (!m_model.index(row, 0).data(AdjudicationQueueModel::DecidedRole).toBool()) {
            m_view->selectRow(row);
            break;
        }
    }
    return true;
}

} // namespace iouslab
