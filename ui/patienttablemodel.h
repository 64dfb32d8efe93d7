#pragma once

#include "app/evaluation.h"

#include <QAbstractTableModel>
#include <QPolygonF>

namespace iouslab {

/// The per-patient table of the dashboard: each patient's frames, AUC (where both classes are
/// present), sensitivity and specificity at the threshold of the fold that tested them,
/// whether a lesion frame was flagged, the mean error of the probabilities, and a small ROC.
/// Sorts numerically through SortRole (a QSortFilterProxyModel with setSortRole).
class PatientTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        PatientColumn,
        FramesColumn,
        LesionFramesColumn,
        AucColumn,
        SensitivityColumn,
        SpecificityColumn,
        FlaggedColumn,
        ErrorColumn,
        RocColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, ///< a number (undefined figures sort first as -1)
        PatientIdRole,               ///< the patient's catalogue id
        RocRole,                     ///< QPolygonF of (FPR, TPR); empty without both classes
        RoleCount
    };

    explicit PatientTableModel(QObject *parent = nullptr);

    void setEvaluation(const ModelEvaluation &evaluation);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        PatientMetrics metrics;
        QString pseudonym;
        double meanError = 0.0;
        QPolygonF roc;
    };
    std::vector<Row> m_rows;
};

} // namespace iouslab
