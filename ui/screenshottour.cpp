// The screenshot tour of docs/screenshots: the real window and dialogs, grabbed as they are
// drawn, one after the other, then the application quits.
#include "ui/adjudicationdialog.h"
#include "ui/agreementdialog.h"
#include "ui/balancedialog.h"
#include "ui/cataloguetreemodel.h"
#include "ui/dashboardtour.h"
#include "ui/helpoverlay.h"
#include "ui/mainwindow.h"
#include "ui/timeline.h"
#include "ui/tourscreenshot.h"

#include <QApplication>
#include <QDir>
#include <QTimer>

namespace iouslab {

void MainWindow::runScreenshotTour(const QString &folder)
{
    QDir().mkpath(folder);
    const auto after = [this](int ms, std::function<void()> step) {
        QTimer::singleShot(ms, this, std::move(step));
    };

    auto *once = new QObject(this);
    connect(this, &MainWindow::catalogueLoaded, once, [this, folder, after, once] {
        once->deleteLater();
        // The clip with the most disagreements (a lead sees them), else the most labelled.
        ClipId best = 0;
        qint64 bestScore = -1;
        for (const ReviewClip &clip : m_treeModel->clips()) {
            const LabelCounts counts = m_treeModel->countsAt(m_treeModel->indexOfClip(clip.clipId));
            const qint64 score = counts.disagreements * 1000000 + counts.labelled;
            if (score > bestScore) {
                bestScore = score;
                best = clip.clipId;
            }
        }
        if (best)
            openClip(best);
        // Label a few frames as the lead, so both bands and the label panel show something.
        const int middle = m_session ? m_session->frameCount() / 2 : 0;
        setCurrentFrame(qMax(0, middle - 6));
        markRangeStart();
        setCurrentFrame(middle);
        giveLabel(LabelValue::Lesion);
        after(tour::settleMs, [this, folder, after] {
            tour::saveScreenshot(this, folder, QStringLiteral("main-window.png"));
            m_help->toggle();
            after(400, [this, folder, after] {
                tour::saveScreenshot(this, folder, QStringLiteral("help-overlay.png"));
                m_help->toggle();
                clearRange();

                auto *balance = new BalanceDialog(cataloguePath(), this);
                connect(
                    balance, &BalanceDialog::balanceShown, this, [this, balance, folder, after] {
                        after(tour::settleMs, [this, balance, folder, after] {
                            tour::saveScreenshot(balance, folder,
                                                 QStringLiteral("balance-charts.png"));
                            balance->deleteLater();
                            if (!m_session) {
                                qApp->quit();
                                return;
                            }
                            auto *queue = new AdjudicationDialog(cataloguePath(), *m_session, this);
                            connect(queue, &AdjudicationDialog::queueShown, this, [=] {
                                // Two decisions, so the queue shows both kinds of row.
                                queue->decideSelected(LabelValue::Lesion);
                                queue->decideSelected(LabelValue::Normal);
                                after(tour::settleMs / 2, [=] {
                                    tour::saveScreenshot(queue, folder,
                                                         QStringLiteral("adjudication-queue.png"));
                                    queue->deleteLater();
                                    auto *agreement = new AgreementDialog(cataloguePath(), this);
                                    connect(agreement, &AgreementDialog::reportShown, this, [=] {
                                        after(tour::settleMs / 2, [=] {
                                            tour::saveScreenshot(agreement, folder,
                                                                 QStringLiteral("agreement.png"));
                                            grabEvaluationDashboard(cataloguePath(), folder, this,
                                                                    [] { qApp->quit(); });
                                        });
                                    });
                                    agreement->show();
                                });
                            });
                            queue->show();
                        });
                    });
                balance->show();
            });
        });
    });
}

} // namespace iouslab
