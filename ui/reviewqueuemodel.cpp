#include "ui/reviewqueuemodel.h"

#include "ui/theme.h"

#include <QBrush>
#include <QPixmap>

namespace iouslab {

ReviewQueueModel::ReviewQueueModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ReviewQueueModel::setEvents(std::vector<ReviewEvent> events, QList<QImage> thumbnails,
                                 QList<double> frameRates)
{
    beginResetModel();
    m_events = std::move(events);
    m_thumbnails = std::move(thumbnails);
    m_frameRates = std::move(frameRates);
    endResetModel();
}

void ReviewQueueModel::setDecision(int row, SurgeonDecision decision)
{
    if (row < 0 || row >= rowCount())
        return;
    m_events[size_t(row)].decision = decision;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int ReviewQueueModel::nextUndecided(int row) const
{
    const int rows = rowCount();
    for (int step = 1; step <= rows; ++step) {
        const int candidate = (row + step + rows) % rows;
        if (!m_events[size_t(candidate)].decision)
            return candidate;
    }
    return -1;
}

int ReviewQueueModel::undecidedCount() const
{
    return int(std::count_if(m_events.begin(), m_events.end(),
                             [](const ReviewEvent &event) { return !event.decision; }));
}

int ReviewQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int ReviewQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewQueueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const ReviewEvent &event = m_events[size_t(index.row())];
    if (role == EventNumberRole)
        return event.number;
    if (role == DecidedRole)
        return event.decision.has_value();
    if (role == Qt::ForegroundRole && event.decision && index.column() != DecisionColumn)
        return QBrush(QColor(150, 150, 150));
    switch (index.column()) {
    case EventColumn:
        if (role == Qt::DisplayRole)
            return tr("Event %1\nclip %2, frame %3")
                .arg(event.number)
                .arg(event.clipOrder + 1)
                .arg(event.run.peak);
        if (role == Qt::DecorationRole && index.row() < m_thumbnails.size() &&
            !m_thumbnails.at(index.row()).isNull())
            return QPixmap::fromImage(m_thumbnails.at(index.row()));
        break;
    case ProbabilityColumn:
        if (role == Qt::DisplayRole)
            return QString::number(event.run.peakProbability, 'f', 3);
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case LengthColumn:
        if (role == Qt::DisplayRole) {
            const double rate =
                event.clipOrder < m_frameRates.size() ? m_frameRates.at(event.clipOrder) : 0.0;
            if (rate > 0)
                return tr("%1 (%2 s)")
                    .arg(event.run.length())
                    .arg(QString::number(event.run.length() / rate, 'g', 2));
            return QString::number(event.run.length());
        }
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case DecisionColumn:
        if (role == Qt::DisplayRole) {
            if (!event.decision)
                return tr("to review");
            switch (*event.decision) {
            case SurgeonDecision::Accept:
                return tr("accepted");
            case SurgeonDecision::Reject:
                return tr("rejected");
            case SurgeonDecision::Unsure:
                return tr("unsure");
            }
        }
        if (role == Qt::ForegroundRole && event.decision)
            return QBrush(theme::labelColour(decisionLabel(*event.decision)));
        break;
    default:
        break;
    }
    return {};
}

QVariant ReviewQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EventColumn:
        return tr("Event (peak frame)");
    case ProbabilityColumn:
        return tr("Peak p");
    case LengthColumn:
        return tr("Frames");
    case DecisionColumn:
        return tr("Decision");
    default:
        return {};
    }
}

} // namespace iouslab
