#include "ui/patienttablemodel.h"

#include "eval/roc.h"

#include <QLocale>

#include <cmath>
#include <map>

namespace iouslab {

namespace {

QString percentText(const std::optional<double> &value)
{
    return value ? QString::number(*value * 100.0, 'f', 1) + QStringLiteral(" %")
                 : QStringLiteral("–");
}

} // namespace

PatientTableModel::PatientTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void PatientTableModel::setEvaluation(const ModelEvaluation &evaluation)
{
    std::map<PatientId, Predictions> framesOf;
    std::map<PatientId, double> errorOf;
    for (const EvaluatedFrame &frame : evaluation.frames) {
        Predictions &own = framesOf[frame.patientId];
        own.scores.push_back(frame.probability);
        own.labels.push_back(frame.reference);
        errorOf[frame.patientId] += std::abs(frame.probability - frame.reference);
    }

    beginResetModel();
    m_rows.clear();
    for (std::size_t i = 0; i < evaluation.patients.size(); ++i) {
        Row row;
        row.metrics = evaluation.patients[i];
        row.pseudonym = evaluation.patientPseudonyms[i];
        const Predictions &own = framesOf[row.metrics.patient];
        row.meanError = own.size() > 0 ? errorOf[row.metrics.patient] / double(own.size()) : 0.0;
        if (auto curve = rocCurve(own)) {
            for (const RocPoint &point : curve->withoutIntermediatePoints().points)
                row.roc << QPointF(point.falsePositiveRate, point.truePositiveRate);
        }
        m_rows.push_back(row);
    }
    endResetModel();
}

int PatientTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PatientTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PatientTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const PatientMetrics &metrics = row.metrics;
    const auto flagged = metrics.lesionFlagged();
    if (role == PatientIdRole)
        return qlonglong(metrics.patient);
    if (role == RocRole)
        return row.roc;
    if (role == SortRole) {
        const auto number = [](const std::optional<double> &value) {
            return value ? *value : -1.0;
        };
        switch (Column(index.column())) {
        case PatientColumn:
            return row.pseudonym;
        case FramesColumn:
            return qlonglong(metrics.frames());
        case LesionFramesColumn:
            return qlonglong(metrics.matrix.lesions());
        case AucColumn:
        case RocColumn:
            return number(metrics.auc);
        case SensitivityColumn:
            return number(metrics.sensitivity());
        case SpecificityColumn:
            return number(metrics.specificity());
        case FlaggedColumn:
            return flagged ? (*flagged ? 1 : 0) : -1;
        case ErrorColumn:
            return row.meanError;
        case ColumnCount:
            break;
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() != PatientColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    const QLocale locale;
    switch (Column(index.column())) {
    case PatientColumn:
        return row.pseudonym;
    case FramesColumn:
        return locale.toString(qlonglong(metrics.frames()));
    case LesionFramesColumn:
        return locale.toString(qlonglong(metrics.matrix.lesions()));
    case AucColumn:
        return percentText(metrics.auc);
    case SensitivityColumn:
        return percentText(metrics.sensitivity());
    case SpecificityColumn:
        return percentText(metrics.specificity());
    case FlaggedColumn:
        return flagged ? (*flagged ? tr("yes") : tr("no")) : QStringLiteral("–");
    case ErrorColumn:
        return QString::number(row.meanError, 'f', 3);
    case RocColumn:
    case ColumnCount:
        break;
    }
    return {};
}

QVariant PatientTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case SensitivityColumn:
        case SpecificityColumn:
            return tr("At the threshold of the fold that tested the patient");
        case FlaggedColumn:
            return tr("Whether any lesion frame of the patient scored at or above the threshold");
        case ErrorColumn:
            return tr("Mean |probability − reference label| over the patient's frames");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case PatientColumn:
        return tr("Patient");
    case FramesColumn:
        return tr("Frames");
    case LesionFramesColumn:
        return tr("Lesion frames");
    case AucColumn:
        return tr("AUC");
    case SensitivityColumn:
        return tr("Sensitivity");
    case SpecificityColumn:
        return tr("Specificity");
    case FlaggedColumn:
        return tr("Lesion flagged");
    case ErrorColumn:
        return tr("Mean error");
    case RocColumn:
        return tr("ROC");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace iouslab
