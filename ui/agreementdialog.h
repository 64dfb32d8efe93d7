#pragma once

#include "app/reviewsnapshot.h"

#include <QDialog>
#include <QFutureWatcher>

class QComboBox;
class QLabel;
class QTableWidget;

namespace iouslab {

/// Agreement among the readers: Cohen's kappa for each pair and Fleiss' kappa across all,
/// overall, per patient or per clip, with percent agreement and the number of frames behind
/// each figure. Computed on a worker from a fresh snapshot of the catalogue.
class AgreementDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AgreementDialog(const QString &cataloguePath, QWidget *parent = nullptr);
    ~AgreementDialog() override;

    /// The table's text, row by row (for tests and copying).
    QTableWidget *table() const { return m_table; }
    const AgreementReport &report() const { return m_report; }

signals:
    void reportShown();

private:
    void showScopes();

    QComboBox *m_scope = nullptr; // owned by the dialog's layout
    QTableWidget *m_table = nullptr;
    QLabel *m_status = nullptr;
    QFutureWatcher<Expected<std::pair<AgreementReport, ReviewSnapshot>>> m_watcher;
    AgreementReport m_report;
    ReviewSnapshot m_snapshot;
};

} // namespace iouslab
