#pragma once

#include "app/reviewsnapshot.h"

#include <QDialog>
#include <QFutureWatcher>

class QChart;
class QChartView;
class QLabel;

namespace iouslab {

/// Dataset balance for project leads, as four charts: frames per patient by reference label
/// (normal, lesion, ungradable, unresolved, unlabelled), reads per reader, single versus
/// double read, and labels over time. Computed on a worker from a fresh snapshot.
class BalanceDialog : public QDialog
{
    Q_OBJECT

public:
    explicit BalanceDialog(const QString &cataloguePath, QWidget *parent = nullptr);
    ~BalanceDialog() override;

    const DatasetBalance &balance() const { return m_balance; }

signals:
    void balanceShown();

private:
    void showBalance();

    QChartView *m_patients = nullptr; // the four views are owned by the dialog's layout
    QChartView *m_readers = nullptr;
    QChartView *m_reads = nullptr;
    QChartView *m_time = nullptr;
    QLabel *m_status = nullptr;
    QFutureWatcher<Expected<DatasetBalance>> m_watcher;
    DatasetBalance m_balance;
};

} // namespace iouslab
