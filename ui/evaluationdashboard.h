#pragma once

#include "app/evaluation.h"
#include "app/evaluationcomparison.h"

#include <QDialog>
#include <QFutureWatcher>

#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSortFilterProxyModel;
class QTableView;
class QTableWidget;
class QTabWidget;

namespace iouslab {

class CalibrationChartView;
class ConfusionMatrixView;
class PatientTableModel;
class RocChartView;

/// The evaluation dashboard of project leads, in the published study's terms. Overview: the
/// study-style table (mean ± SD over folds, a 95 % patient-bootstrap interval, the study's
/// figures beside), ROC curves per fold and pooled, the calibration curve, and an operating
/// point slider that moves the threshold over the pooled out-of-fold frames and updates the
/// confusion matrix, sensitivity, specificity, PPV and NPV as it moves; the operating point
/// can be locked per model version (the review of flagged frames uses it). Patients: the
/// sortable per-patient table with a small ROC each; activating a patient asks for their
/// frames, the most wrong first. Comparison: two versions side by side with DeLong's paired
/// AUC difference and the patients that got better or worse. Exports the PDF report.
///
/// Evaluations, comparisons and the report run on workers with catalogue connections of
/// their own. The figures come first and the patient bootstrap intervals (2,000 resamples)
/// after, from a second worker, so a large project shows its figures at once. The slider
/// works on the evaluation's threshold sweep (one sort, then a binary search a move), so it
/// stays live at a million frames. Locking writes one row on the GUI thread.
class EvaluationDashboard : public QDialog
{
    Q_OBJECT

public:
    explicit EvaluationDashboard(const QString &cataloguePath, QWidget *parent = nullptr);
    ~EvaluationDashboard() override;

    /// Evaluates model version id (the latest when 0) on a worker; evaluationShown follows.
    void showVersion(ModelVersionId id);
    /// Evaluates version id on a worker and compares the shown version (A) with it (B);
    /// comparisonShown follows. 0 clears the comparison.
    void compareWith(ModelVersionId id);

    const std::optional<ModelEvaluation> &evaluation() const { return m_evaluation; }
    const std::optional<ModelEvaluation> &comparedEvaluation() const { return m_compared; }
    const std::optional<ModelComparison> &comparison() const { return m_comparison; }
    /// The error shown instead of figures, empty when figures are shown.
    QString errorText() const { return m_error; }

    /// The operating point: the slider's threshold, in steps of 0.001.
    double threshold() const;
    void setThreshold(double threshold);
    /// The pooled out-of-fold frames at threshold().
    ConfusionMatrix operatingMatrix() const { return m_operatingMatrix; }

    /// Writes threshold() as the shown version's locked operating point (none unlocks).
    Status lockOperatingPoint();
    Status unlockOperatingPoint();

    /// Writes the PDF report of the shown evaluation on a worker; reportWritten follows.
    void exportReport(const QString &path);
    /// Emits patientFramesRequested with the patient's frames, the most wrong first.
    void requestPatientFrames(PatientId patient);

    /// How the dashboard writes a figure: "81.2 %", or "–" when undefined.
    static QString percentText(const std::optional<double> &value);

signals:
    /// The shown version's figures (or an error) are on screen; the bootstrap intervals follow.
    void evaluationShown();
    /// The shown version's patient bootstrap intervals are in the table.
    void intervalsShown();
    void comparisonShown();
    /// error is empty when the report was written.
    void reportWritten(const QString &path, const QString &error);
    /// A patient's frames as (clip, frame index), by |probability - reference| descending.
    void patientFramesRequested(const QList<QPair<ClipId, int>> &frames, const QString &patient);

private:
    struct Loaded
    {
        Expected<QList<ModelVersionRecord>> versions = makeError(QString());
        Expected<ModelEvaluation> evaluation = makeError(QString());
    };
    struct Intervals
    {
        ModelVersionId version = 0;
        std::optional<BootstrapInterval> pooledAuc;
        std::vector<std::optional<BootstrapInterval>> rows; ///< beside the table's rows
        QStringList notes;
    };
    struct Compared
    {
        Expected<ModelEvaluation> evaluation = makeError(QString());
        Expected<ModelComparison> comparison = makeError(QString());
    };

    QWidget *makeOverviewTab();
    QWidget *makePatientsTab();
    QWidget *makeComparisonTab();
    void showLoaded(const Loaded &loaded);
    void showEvaluation();
    void showComparison(const Compared &compared);
    void showIntervals(const Intervals &intervals);
    void showTable();
    void showOperatingPoint();
    void showLock();
    void fillVersionCombos();
    Status writeLock(const std::optional<double> &threshold);

    QString m_cataloguePath;
    QList<ModelVersionRecord> m_versions;
    std::optional<ModelEvaluation> m_evaluation;
    std::optional<ModelEvaluation> m_compared;
    std::optional<ModelComparison> m_comparison;
    ConfusionMatrix m_operatingMatrix;
    QString m_error;
    bool m_intervalsShown = false; ///< whether m_evaluation holds its bootstrap intervals

    // Widgets are owned by the dialog's layouts.
    QComboBox *m_versionCombo = nullptr;
    QComboBox *m_compareCombo = nullptr;
    QPushButton *m_exportButton = nullptr;
    QLabel *m_status = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableWidget *m_overall = nullptr;
    QLabel *m_pooledLabel = nullptr;
    RocChartView *m_roc = nullptr;
    CalibrationChartView *m_calibration = nullptr;
    QSlider *m_slider = nullptr;
    QDoubleSpinBox *m_thresholdSpin = nullptr;
    QLabel *m_sensitivity = nullptr;
    QLabel *m_specificity = nullptr;
    QLabel *m_ppv = nullptr;
    QLabel *m_npv = nullptr;
    QLabel *m_accuracy = nullptr;
    QLabel *m_f1 = nullptr;
    ConfusionMatrixView *m_matrixView = nullptr;
    QPushButton *m_lockButton = nullptr;
    QPushButton *m_unlockButton = nullptr;
    QLabel *m_lockLabel = nullptr;
    PatientTableModel *m_patientModel = nullptr;    // owned by the dialog
    QSortFilterProxyModel *m_patientSort = nullptr; // owned by the dialog
    QTableView *m_patientTable = nullptr;
    QTableWidget *m_comparisonTable = nullptr;
    QLabel *m_deLongLabel = nullptr;
    QTableWidget *m_changesTable = nullptr;
    QLabel *m_changesLabel = nullptr;

    QFutureWatcher<Loaded> m_loadWatcher;
    QFutureWatcher<Compared> m_compareWatcher;
    QFutureWatcher<Intervals> m_intervalWatcher;
    QFutureWatcher<Status> m_reportWatcher;
    QString m_reportPath;
};

} // namespace iouslab
