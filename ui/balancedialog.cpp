#include "ui/balancedialog.h"

#include "ui/chartstyle.h"
#include "ui/theme.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPieSeries>
#include <QPieSlice>
#include <QStackedBarSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent/QtConcurrentRun>

namespace iouslab {

namespace {

Expected<DatasetBalance> computeBalance(const QString &cataloguePath)
{
    auto snapshot = loadReviewSnapshot(cataloguePath);
    if (!snapshot)
        return makeError(snapshot.error());
    return datasetBalance(*snapshot);
}

QBarSet *barSet(const QString &name, const QColor &colour)
{
    auto *set = new QBarSet(name);
    set->setColor(colour);
    set->setBorderColor(colour.darker(130));
    return set;
}

// Replaces a view's chart; the view owns the new chart and deletes the old.
void setChart(QChartView *view, QChart *chart)
{
    QChart *old = view->chart();
    view->setChart(chart);
    delete old;
}

// Puts x under the chart and a whole-number count axis from 0 to most beside it, and ties the
// series to both.
void attachCountAxes(QChart *chart, QAbstractSeries *series, QAbstractAxis *x, qint64 most)
{
    auto *y = new QValueAxis;
    y->setRange(0, double(qMax<qint64>(1, most)));
    y->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
}

} // namespace

BalanceDialog::BalanceDialog(const QString &cataloguePath, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Dataset balance"));
    resize(1100, 760);
    auto *layout = new QVBoxLayout(this);
    auto *grid = new QGridLayout;
    layout->addLayout(grid, 1);
    const auto makeView = [this] {
        auto *view = new QChartView(this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(320, 240);
        return view;
    };
    m_patients = makeView();
    m_readers = makeView();
    m_reads = makeView();
    m_time = makeView();
    grid->addWidget(m_patients, 0, 0, 1, 2);
    grid->addWidget(m_readers, 1, 0);
    grid->addWidget(m_reads, 1, 1);
    grid->addWidget(m_time, 2, 0, 1, 2);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 2);
    grid->setRowStretch(2, 2);
    m_status = new QLabel(tr("Reading the catalogue…"), this);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(&m_watcher, &QFutureWatcher<Expected<DatasetBalance>>::finished, this, [this] {
        const auto balance = m_watcher.result();
        if (!balance) {
            m_status->setText(balance.error());
        } else {
            m_balance = *balance;
            showBalance();
        }
        emit balanceShown();
    });
    m_watcher.setFuture(QtConcurrent::run(computeBalance, cataloguePath));
}

BalanceDialog::~BalanceDialog()
{
    m_watcher.waitForFinished();
}

void BalanceDialog::showBalance()
{
    // Frames per patient by reference label.
    {
        auto *series = new QStackedBarSeries;
        QBarSet *normal = barSet(tr("normal"), theme::labelColour(LabelValue::Normal));
        QBarSet *lesion = barSet(tr("lesion"), theme::labelColour(LabelValue::Lesion));
        QBarSet *ungradable = barSet(tr("ungradable"), theme::labelColour(LabelValue::Ungradable));
        QBarSet *unresolved =
            barSet(tr("unresolved"), theme::referenceColour(ReferenceState::Unresolved));
        QBarSet *unlabelled = barSet(tr("unlabelled"), QColor(70, 70, 78));
        QStringList patients;
        qint64 most = 0;
        for (const DatasetBalance::Patient &patient : m_balance.patients) {
            patients << patient.pseudonym;
            *normal << patient.normal;
            *lesion << patient.lesion;
            *ungradable << patient.ungradable;
            *unresolved << patient.unresolved;
            *unlabelled << patient.unlabelled;
            most = qMax(most, patient.normal + patient.lesion + patient.ungradable +
                                  patient.unresolved + patient.unlabelled);
        }
        series->append({normal, lesion, ungradable, unresolved, unlabelled});
        QChart *chart = chartstyle::darkChart(tr("Frames per patient by reference label"));
        chart->addSeries(series);
        auto *x = new QBarCategoryAxis;
        x->append(patients);
        x->setLabelsAngle(patients.size() > 8 ? -45 : 0);
        attachCountAxes(chart, series, x, most);
        setChart(m_patients, chart);
    }

    // Reads per reader.
    {
        auto *series = new QBarSeries;
        QBarSet *reads = barSet(tr("frames labelled"), QColor(0x56, 0xB4, 0xE9));
        QStringList readers;
        qint64 most = 0;
        for (const auto &[reader, count] : m_balance.readsPerReader) {
            readers << reader;
            *reads << count;
            most = qMax(most, count);
        }
        series->append(reads);
        QChart *chart = chartstyle::darkChart(tr("Reads per reader"));
        chart->addSeries(series);
        auto *x = new QBarCategoryAxis;
        x->append(readers);
        attachCountAxes(chart, series, x, most);
        chart->legend()->hide();
        setChart(m_readers, chart);
    }

    // Single versus double read.
    {
        auto *series = new QPieSeries;
        const auto addSlice = [series](const QString &name, qint64 count, const QColor &colour) {
            // An empty slice still draws its border as a stray line; the status line below
            // gives every count.
            if (count == 0)
                return;
            QPieSlice *slice =
                series->append(QStringLiteral("%1 (%2)").arg(name).arg(count), double(count));
            slice->setColor(colour);
            slice->setBorderColor(colour);
            // The legend names the slices; labels on a one-slice pie only collide.
            slice->setLabelVisible(false);
        };
        addSlice(tr("double read"), m_balance.multipleRead, QColor(0x00, 0x9E, 0x73));
        addSlice(tr("single read"), m_balance.singleRead, QColor(0xF0, 0xE4, 0x42));
        addSlice(tr("unread"), m_balance.unread, QColor(70, 70, 78));
        QChart *chart = chartstyle::darkChart(tr("Frames by number of readers"));
        chart->addSeries(series);
        setChart(m_reads, chart);
    }

    // Labels over time, cumulative by day.
    {
        auto *series = new QLineSeries;
        series->setName(tr("labels given (cumulative)"));
        series->setColor(QColor(0x56, 0xB4, 0xE9));
        qint64 total = 0;
        QDateTime first;
        QDateTime last;
        // A day's labels rise across that day, from the total before it to the total after
        // it; days without labels are flat.
        for (const auto &[day, count] : m_balance.labelsPerDay) {
            const QDateTime start = day.startOfDay(Qt::UTC);
            series->append(double(start.toMSecsSinceEpoch()), double(total));
            total += count;
            series->append(double(start.addDays(1).toMSecsSinceEpoch()), double(total));
            first = first.isValid() ? first : start;
            last = start.addDays(1);
        }
        QChart *chart = chartstyle::darkChart(tr("Labels over time"));
        chart->addSeries(series);
        auto *x = new QDateTimeAxis;
        x->setFormat(QStringLiteral("yyyy-MM-dd"));
        if (first.isValid()) {
            x->setRange(first, last);
            x->setTickCount(int(qBound(qint64(2), first.daysTo(last) + 1, qint64(8))));
        }
        attachCountAxes(chart, series, x, total);
        chart->legend()->hide();
        setChart(m_time, chart);
    }

    qint64 frames = 0;
    for (const DatasetBalance::Patient &patient : m_balance.patients)
        frames += patient.normal + patient.lesion + patient.ungradable + patient.unresolved +
                  patient.unlabelled;
    m_status->setText(tr("%1 patients, %2 frames: %3 read by two or more readers, %4 by one, "
                         "%5 unread.")
                          .arg(m_balance.patients.size())
                          .arg(frames)
                          .arg(m_balance.multipleRead)
                          .arg(m_balance.singleRead)
                          .arg(m_balance.unread));
}

} // namespace iouslab
