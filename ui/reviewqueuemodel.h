#pragma once

#include "app/reviewevents.h"

#include <QAbstractTableModel>
#include <QImage>

#include <vector>

namespace iouslab {

/// The review queue: a case's events in time order, one row each, with the peak frame's
/// thumbnail, the peak probability, the length and the surgeon's decision.
class ReviewQueueModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        EventColumn,
        ProbabilityColumn,
        LengthColumn,
        DecisionColumn,
        ColumnCount
    };
    enum Role
    {
        EventNumberRole = Qt::UserRole + 1, ///< int: the event's number
        DecidedRole,                        ///< bool: the surgeon has decided
        RoleEnd
    };

    explicit ReviewQueueModel(QObject *parent = nullptr);

    /// The events with one thumbnail each (same order; a null image shows none). frameRate
    /// turns lengths into seconds (0: frames only).
    void setEvents(std::vector<ReviewEvent> events, QList<QImage> thumbnails,
                   QList<double> frameRates);
    const std::vector<ReviewEvent> &events() const { return m_events; }
    const ReviewEvent &event(int row) const { return m_events[size_t(row)]; }
    void setDecision(int row, SurgeonDecision decision);

    /// The first row after `row` (wrapping round) with no decision; -1 when all are decided.
    int nextUndecided(int row) const;
    int undecidedCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<ReviewEvent> m_events;
    QList<QImage> m_thumbnails;
    QList<double> m_frameRates;
};

} // namespace iouslab
