#include "ui/dashboardtour.h"

#include "ui/evaluationdashboard.h"
#include "ui/tourscreenshot.h"

#include <QComboBox>
#include <QTabWidget>
#include <QTimer>

namespace iouslab {

void grabEvaluationDashboard(const QString &cataloguePath, const QString &folder, QWidget *parent,
                             std::function<void()> done)
{
    auto *dashboard = new EvaluationDashboard(cataloguePath, parent);
    dashboard->resize(1400, 900);
    auto *tabs = dashboard->findChild<QTabWidget *>();
    const auto finish = [dashboard, done] {
        dashboard->deleteLater();
        done();
    };
    QObject::connect(dashboard, &EvaluationDashboard::comparisonShown, dashboard, [=] {
        tabs->setCurrentIndex(2);
        QTimer::singleShot(tour::settleMs / 2, dashboard, [=] {
            tour::saveScreenshot(dashboard, folder, QStringLiteral("dashboard-comparison.png"));
            finish();
        });
    });
    QObject::connect(
        dashboard, &EvaluationDashboard::evaluationShown, dashboard,
        [=] {
            if (!dashboard->evaluation()) {
                finish();
                return;
            }
            QTimer::singleShot(tour::settleMs, dashboard, [=] {
                tour::saveScreenshot(dashboard, folder, QStringLiteral("dashboard-overview.png"));
                tabs->setCurrentIndex(1);
                QTimer::singleShot(tour::settleMs / 2, dashboard, [=] {
                    tour::saveScreenshot(dashboard, folder,
                                         QStringLiteral("dashboard-patients.png"));
                    // The version before the shown one, when there is one: B is the newer.
                    auto *compare =
                        dashboard->findChild<QComboBox *>(QStringLiteral("compareCombo"));
                    if (compare->count() < 3) {
                        finish();
                        return;
                    }
                    const ModelVersionId newest = dashboard->evaluation()->version.id;
                    const ModelVersionId older = compare->itemData(2).toLongLong();
                    QObject::disconnect(dashboard, &EvaluationDashboard::evaluationShown, dashboard,
                                        nullptr);
                    // Show the older as A, then compare with the newest as B.
                    QObject::connect(dashboard, &EvaluationDashboard::evaluationShown, dashboard,
                                     [=] { dashboard->compareWith(newest); });
                    dashboard->showVersion(older);
                });
            });
        },
        Qt::SingleShotConnection);
    dashboard->show();
}

} // namespace iouslab
