#pragma once

#include "app/labelsession.h"
#include "app/reviewsnapshot.h"

#include <QAbstractTableModel>
#include <QDialog>
#include <QFutureWatcher>

class QLabel;
class QTableView;

namespace iouslab {

/// The adjudication queue as a table: one row per frame where readers disagree, with each
/// reader's label and the project lead's decision once there is one.
class AdjudicationQueueModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        PatientColumn,
        ClipColumn,
        FrameColumn,
        ReadsColumn,
        DecisionColumn,
        ColumnCount
    };
    enum Role
    {
        FrameIdRole = Qt::UserRole + 1,
        ClipIdRole,
        FrameIndexRole,
        DecidedRole, ///< whether the frame has an adjudication
        RoleCount
    };

    explicit AdjudicationQueueModel(QObject *parent = nullptr);

    void setQueue(const ReviewSnapshot &snapshot, const QList<Disagreement> &queue);
    /// Records a decision made for frame (the row says so at once).
    void setDecision(FrameId frame, const AdjudicationRecord &decision);
    const Disagreement &entry(int row) const { return m_queue.at(row); }
    int pendingCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<Disagreement> m_queue;
    QHash<PatientId, QString> m_patients;
    QHash<ClipId, QString> m_clips;
    QHash<ReaderId, QString> m_readers;
};

/// The project lead's adjudication queue. N, L or U decides the selected frame (the decision
/// becomes its reference label; every reader's label is kept), Enter shows it in the viewer.
class AdjudicationDialog : public QDialog
{
    Q_OBJECT

public:
    /// session must belong to a project lead and outlive the dialog.
    AdjudicationDialog(const QString &cataloguePath, LabelSession &session,
                       QWidget *parent = nullptr);
    ~AdjudicationDialog() override;

    AdjudicationQueueModel *model() { return &m_model; }
    QTableView *view() const { return m_view; }
    /// Decides the selected row's frame; false (with the reason shown) when it cannot.
    bool decideSelected(LabelValue value);

signals:
    void queueShown();
    void showFrameRequested(iouslab::ClipId clip, int frameIndex);

private:
    LabelSession &m_session; // not owned
    AdjudicationQueueModel m_model;
    QTableView *m_view = nullptr; // owned by the layout
    QLabel *m_status = nullptr;
    QFutureWatcher<Expected<ReviewSnapshot>> m_watcher;
};

} // namespace iouslab
