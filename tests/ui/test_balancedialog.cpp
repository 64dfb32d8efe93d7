// The dataset balance dialog's charts, drawn from a real catalogue.
#include "catalogue/project.h"
#include "catalogueseed.h"
#include "ui/balancedialog.h"

#include <catch2/catch.hpp>

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace iouslab;

namespace {

qint64 utcMs(int year, int month, int day, int hour)
{
    return QDateTime(QDate(year, month, day), QTime(hour, 0), Qt::UTC).toMSecsSinceEpoch();
}

} // namespace

TEST_CASE("Labels over time rise on the days the labels were given, not the day before",
          "[ui][balance]")
{
    QTemporaryDir temp;
    QString cataloguePath;
    {
        auto project = Project::open(temp.filePath(QStringLiteral("project")),
                                     Project::OpenMode::CreateIfMissing);
        REQUIRE(project.hasValue());
        Catalogue &catalogue = (*project)->catalogue();
        cataloguePath = (*project)->cataloguePath();
        const ReaderId reader =
            catalogue.addReader(QStringLiteral("reader"), ReaderRole::Radiologist).value();
        const ClipId clip =
            test::addPatientWithClip(catalogue, QStringLiteral("P-BAL1"), 8, QStringLiteral("b1"));
        const QList<FrameId> frames = catalogue.clipFrameIds(clip).value();
        // 3 labels on 2 November, none on the 3rd, 5 on the 4th.
        for (int i = 0; i < 3; ++i)
            REQUIRE(catalogue.setLabel(frames[i], reader, LabelValue::Normal,
                                       utcMs(2026, 11, 2, 10 + i)));
        for (int i = 3; i < 8; ++i)
            REQUIRE(catalogue.setLabel(frames[i], reader, LabelValue::Lesion,
                                       utcMs(2026, 11, 4, 9 + i)));
    }

    BalanceDialog dialog(cataloguePath);
    QSignalSpy shown(&dialog, &BalanceDialog::balanceShown);
    REQUIRE((shown.count() > 0 || shown.wait(20000)));

    QLineSeries *overTime = nullptr;
    for (QChartView *view : dialog.findChildren<QChartView *>()) {
        if (view->chart() && view->chart()->title() == QStringLiteral("Labels over time"))
            overTime = qobject_cast<QLineSeries *>(view->chart()->series().value(0));
    }
    REQUIRE(overTime);
    const QList<QPointF> points = overTime->points();
    const QList<QPointF> expected = {
        {double(utcMs(2026, 11, 2, 0)), 0.0},
        {double(utcMs(2026, 11, 3, 0)), 3.0},
        {double(utcMs(2026, 11, 4, 0)), 3.0},
        {double(utcMs(2026, 11, 5, 0)), 8.0},
    };
    CHECK(points == expected);
}
