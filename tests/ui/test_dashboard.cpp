#include "app/evaluation.h"
#include "catalogue/project.h"
#include "catalogueseed.h"
#include "eval/binarymetrics.h"
#include "eval/delong.h"
#include "ui/evaluationdashboard.h"
#include "ui/mainwindow.h"
#include "ui/patienttablemodel.h"

#include <catch2/catch.hpp>

#include <QComboBox>
#include <QFile>
#include <QHash>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

using namespace iouslab;

namespace {

constexpr int patientCount = 6;
constexpr int framesPerClip = 24;

// A project with six patients of 24 labelled frames and two model versions scored out of fold
// in two folds, written straight into a real catalogue. Version B moves each probability of
// patients 0-2 halfway towards the reference label (better) and those of patients 3-5 halfway
// away from it (worse), so the comparison has a known answer.
struct Seeded
{
    QTemporaryDir temp;
    QString folder;
    ReaderRecord lead;
    ModelVersionId versionA = 0;
    ModelVersionId versionB = 0;
    QList<PatientId> patients; // by patient number
    QList<ClipId> clips;       // by patient number

    Seeded()
    {
        folder = temp.filePath(QStringLiteral("project"));
        auto project = Project::open(folder, Project::OpenMode::CreateIfMissing);
        REQUIRE(project.hasValue());
        Catalogue &catalogue = (*project)->catalogue();
        const ReaderId reader =
            catalogue.addReader(QStringLiteral("lead"), ReaderRole::ProjectLead).value();
        lead = catalogue.findReader(QStringLiteral("lead")).value().value();

        ModelVersionRecord version;
        version.architecture = QStringLiteral("baseline: logistic regression on histograms");
        version.metricsJson =
            QStringLiteral(R"({"folds":[{"threshold":0.42},{"threshold":0.55}]})");
        versionA = catalogue.addModelVersion(version).value();
        version.architecture = QStringLiteral("compact");
        versionB = catalogue.addModelVersion(version).value();

        std::mt19937_64 random(11);
        std::uniform_real_distribution<double> noise(-0.3, 0.3);
        QList<PredictionRecord> predictions;
        for (int p = 0; p < patientCount; ++p) {
            clips << test::addPatientWithClip(catalogue, QStringLiteral("P-DASH%1").arg(p),
                                              framesPerClip, QStringLiteral("dash%1").arg(p));
            patients << catalogue.frameLocations(clips.last()).value().first().patientId;
            const QList<FrameId> frames = catalogue.clipFrameIds(clips.last()).value();
            for (int i = 0; i < framesPerClip; ++i) {
                // The last frame of patient 0 is ungradable: scored, but left out.
                const bool ungradable = p == 0 && i == framesPerClip - 1;
                const int reference = (i + p) % 3 == 0 ? 1 : 0;
                REQUIRE(catalogue
                            .setLabel(frames[i], reader,
                                      ungradable  ? LabelValue::Ungradable
                                      : reference ? LabelValue::Lesion
                                                  : LabelValue::Normal)
                            .hasValue());
                // Three decimals, as a float32 sigmoid gives ties too.
                const double a =
                    std::round(std::clamp(0.3 + 0.35 * reference + noise(random), 0.0, 1.0) *
                               1000.0) /
                    1000.0;
                const double toward = p < 3 ? 0.5 * (reference - a) : -0.5 * (reference - a);
                const double b = std::clamp(a + toward, 0.0, 1.0);
                predictions << PredictionRecord{versionA, frames[i], p % 2, a}
                            << PredictionRecord{versionB, frames[i], p % 2, b}
                            << PredictionRecord{versionB, frames[i], -1, 0.5};
            }
        }
        REQUIRE(catalogue.addPredictions(predictions).hasValue());
    }

    QString cataloguePath() const { return QDir(folder).filePath(Project::catalogueFileName()); }

    std::unique_ptr<Project> open() const
    {
        auto project = Project::open(folder, Project::OpenMode::OpenExisting);
        REQUIRE(project.hasValue());
        return std::move(*project);
    }
};

// A version's out-of-fold frames straight from the catalogue, without the app layer: frame,
// patient, clip, index, fold, probability and reference, in catalogue order.
struct Frame
{
    FrameId frame;
    PatientId patient;
    ClipId clip;
    int index;
    int fold;
    double probability;
    int reference;
};

std::vector<Frame> outOfFold(Catalogue &catalogue, ModelVersionId version)
{
    QHash<FrameId, int> reference;
    for (const ReferenceLabel &label : catalogue.referenceLabels().value()) {
        if (label.value && *label.value != LabelValue::Ungradable)
            reference.insert(label.frameId, *label.value == LabelValue::Lesion ? 1 : 0);
    }
    QHash<FrameId, Catalogue::FrameLocation> location;
    for (const Catalogue::FrameLocation &l : catalogue.frameLocations().value())
        location.insert(l.frameId, l);
    std::vector<Frame> frames;
    for (const PredictionRecord &p : catalogue.predictions(version).value()) {
        if (p.fold < 0 || !reference.contains(p.frameId))
            continue;
        const Catalogue::FrameLocation &l = location[p.frameId];
        frames.push_back({p.frameId, l.patientId, l.clipId, l.frameIndex, p.fold, p.probability,
                          reference[p.frameId]});
    }
    return frames;
}

Predictions pooledOf(const std::vector<Frame> &frames)
{
    Predictions pooled;
    for (const Frame &f : frames) {
        pooled.scores.push_back(f.probability);
        pooled.labels.push_back(f.reference);
        pooled.patients.push_back(f.patient);
    }
    return pooled;
}

template<typename T>
T *child(QObject &parent, const char *name)
{
    T *found = parent.findChild<T *>(QString::fromLatin1(name));
    REQUIRE(found);
    return found;
}

QString labelText(QObject &parent, const char *name)
{
    return child<QLabel>(parent, name)->text();
}

void waitFor(QSignalSpy &spy, int timeoutMs = 30000)
{
    REQUIRE((spy.count() > 0 || spy.wait(timeoutMs)));
}

} // namespace

TEST_CASE("The dashboard shows the evaluation's figures and moves the operating point live",
          "[ui][dashboard]")
{
    Seeded seeded;
    EvaluationDashboard dashboard(seeded.cataloguePath());
    QSignalSpy shown(&dashboard, &EvaluationDashboard::evaluationShown);
    QSignalSpy intervals(&dashboard, &EvaluationDashboard::intervalsShown);
    dashboard.show();
    waitFor(shown);
    REQUIRE(dashboard.errorText().isEmpty());
    REQUIRE(dashboard.evaluation().has_value());
    CHECK(dashboard.evaluation()->version.id == seeded.versionB); // the latest

    // The table holds evaluateModelVersion's figures, each with its interval and the study's.
    auto project = seeded.open();
    Catalogue &catalogue = project->catalogue();
    const ModelEvaluation expected = evaluateModelVersion(catalogue, seeded.versionB).value();
    auto *table = child<QTableWidget>(dashboard, "overallTable");
    REQUIRE(table->rowCount() == int(expected.table.size()));
    REQUIRE(expected.table.size() == 8);
    for (int row = 0; row < table->rowCount(); ++row) {
        const EvaluationRow &figure = expected.table[std::size_t(row)];
        INFO(figure.name.toStdString());
        CHECK(table->item(row, 0)->text() == figure.name);
        REQUIRE(figure.summary.has_value());
        CHECK(table->item(row, 1)->text().startsWith(figure.summary->toPercentText()));
        if (!figure.published.isEmpty())
            CHECK(table->item(row, 3)->text() == figure.published);
    }
    CHECK(table->item(0, 3)->text() == QStringLiteral("80.2 ± 2.9 %"));

    // The patient bootstrap intervals follow the figures; the AUC's is evaluateModelVersion's.
    waitFor(intervals);
    REQUIRE(dashboard.evaluation()->pooledAucInterval.has_value());
    CHECK(dashboard.evaluation()->pooledAucInterval->lower == expected.pooledAucInterval->lower);
    CHECK(dashboard.evaluation()->pooledAucInterval->upper == expected.pooledAucInterval->upper);
    CHECK(table->item(0, 2)->text() ==
          QStringLiteral("%1 – %2 %")
              .arg(expected.pooledAucInterval->lower * 100.0, 0, 'f', 1)
              .arg(expected.pooledAucInterval->upper * 100.0, 0, 'f', 1));

    // The sensitivity interval is around the pooled sensitivity, each frame at its fold's
    // threshold, counted here from the catalogue.
    const std::vector<Frame> frames = outOfFold(catalogue, seeded.versionB);
    REQUIRE(frames.size() == std::size_t(patientCount * framesPerClip - 1));
    ConfusionMatrix atFoldThresholds;
    for (const Frame &f : frames) {
        const double threshold = f.fold == 0 ? 0.42 : 0.55;
        const bool called = f.probability >= threshold;
        atFoldThresholds.truePositives += f.reference && called;
        atFoldThresholds.falseNegatives += f.reference && !called;
        atFoldThresholds.falsePositives += !f.reference && called;
        atFoldThresholds.trueNegatives += !f.reference && !called;
    }
    const EvaluationRow &sensitivity = dashboard.evaluation()->table[2];
    REQUIRE(sensitivity.name == QStringLiteral("Sensitivity"));
    REQUIRE(sensitivity.interval.has_value());
    CHECK(sensitivity.interval->estimate == Approx(*atFoldThresholds.sensitivity()).margin(1e-12));
    CHECK(sensitivity.interval->lower <= sensitivity.interval->estimate);
    CHECK(sensitivity.interval->upper >= sensitivity.interval->estimate);
    CHECK(table->item(2, 2)->text() == QStringLiteral("%1 – %2 %")
                                           .arg(sensitivity.interval->lower * 100.0, 0, 'f', 1)
                                           .arg(sensitivity.interval->upper * 100.0, 0, 'f', 1));

    // Moving the slider gives the eval library's figures at that threshold on the pooled frames.
    const Predictions pooled = pooledOf(frames);
    auto *slider = child<QSlider>(dashboard, "thresholdSlider");
    QString lastSensitivity;
    for (int step : {250, 480, 700}) {
        slider->setValue(step);
        const double threshold = step / 1000.0;
        CHECK(dashboard.threshold() == threshold);
        const ConfusionMatrix matrix = confusionAt(pooled, threshold).value();
        INFO("threshold " << threshold);
        CHECK(dashboard.operatingMatrix() == matrix);
        CHECK(labelText(dashboard, "sensitivityValue") ==
              EvaluationDashboard::percentText(matrix.sensitivity()));
        CHECK(labelText(dashboard, "specificityValue") ==
              EvaluationDashboard::percentText(matrix.specificity()));
        CHECK(labelText(dashboard, "ppvValue") == EvaluationDashboard::percentText(matrix.ppv()));
        CHECK(labelText(dashboard, "npvValue") == EvaluationDashboard::percentText(matrix.npv()));
        CHECK(labelText(dashboard, "sensitivityValue") != lastSensitivity);
        lastSensitivity = labelText(dashboard, "sensitivityValue");
    }

    // The per-patient table sorts by the figure, not by its text.
    auto *patients = child<QTableView>(dashboard, "patientTable");
    REQUIRE(patients->model()->rowCount() == patientCount);
    patients->sortByColumn(PatientTableModel::ErrorColumn, Qt::DescendingOrder);
    for (int row = 1; row < patientCount; ++row)
        CHECK(patients->model()
                  ->index(row - 1, PatientTableModel::ErrorColumn)
                  .data(PatientTableModel::SortRole)
                  .toDouble() >= patients->model()
                                     ->index(row, PatientTableModel::ErrorColumn)
                                     .data(PatientTableModel::SortRole)
                                     .toDouble());
}

TEST_CASE("Locking the operating point writes it to the model version in the catalogue",
          "[ui][dashboard]")
{
    Seeded seeded;
    EvaluationDashboard dashboard(seeded.cataloguePath());
    QSignalSpy shown(&dashboard, &EvaluationDashboard::evaluationShown);
    dashboard.show();
    waitFor(shown);
    auto project = seeded.open();
    Catalogue &catalogue = project->catalogue();
    CHECK_FALSE(catalogue.modelVersion(seeded.versionB).value()->lockedThreshold.has_value());

    child<QSlider>(dashboard, "thresholdSlider")->setValue(437);
    auto *lock = child<QPushButton>(dashboard, "lockButton");
    REQUIRE(lock->isEnabled());
    QTest::mouseClick(lock, Qt::LeftButton);
    const auto locked = catalogue.modelVersion(seeded.versionB).value()->lockedThreshold;
    REQUIRE(locked.has_value());
    CHECK(*locked == Approx(0.437).margin(1e-12));
    CHECK_FALSE(catalogue.modelVersion(seeded.versionA).value()->lockedThreshold.has_value());
    CHECK(labelText(dashboard, "lockLabel").contains(QStringLiteral("Locked at 0.437")));
    CHECK_FALSE(lock->isEnabled());

    // A dashboard opened later starts at the locked operating point.
    EvaluationDashboard again(seeded.cataloguePath());
    QSignalSpy shownAgain(&again, &EvaluationDashboard::evaluationShown);
    waitFor(shownAgain);
    CHECK(again.threshold() == Approx(0.437).margin(1e-12));

    QTest::mouseClick(child<QPushButton>(dashboard, "unlockButton"), Qt::LeftButton);
    CHECK_FALSE(catalogue.modelVersion(seeded.versionB).value()->lockedThreshold.has_value());
}

TEST_CASE("Two versions side by side show DeLong's paired difference and who got better",
          "[ui][dashboard]")
{
    Seeded seeded;
    EvaluationDashboard dashboard(seeded.cataloguePath());
    QSignalSpy shown(&dashboard, &EvaluationDashboard::evaluationShown);
    waitFor(shown);
    shown.clear();
    dashboard.showVersion(seeded.versionA);
    waitFor(shown);
    REQUIRE(dashboard.evaluation()->version.id == seeded.versionA);
    QSignalSpy compared(&dashboard, &EvaluationDashboard::comparisonShown);
    dashboard.compareWith(seeded.versionB);
    waitFor(compared);
    REQUIRE(dashboard.comparison().has_value());

    // DeLong on the frames paired here from the catalogue: B - A.
    auto project = seeded.open();
    Catalogue &catalogue = project->catalogue();
    const std::vector<Frame> a = outOfFold(catalogue, seeded.versionA);
    const std::vector<Frame> b = outOfFold(catalogue, seeded.versionB);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        REQUIRE(a[i].frame == b[i].frame);
    const PairedAucComparison expected = deLongPaired(pooledOf(b), pooledOf(a)).value();
    REQUIRE(dashboard.comparison()->deLong.has_value());
    const PairedAucComparison &shownDeLong = *dashboard.comparison()->deLong;
    CHECK(shownDeLong.difference == Approx(expected.difference).margin(1e-12));
    CHECK(shownDeLong.lower == Approx(expected.lower).margin(1e-12));
    CHECK(shownDeLong.upper == Approx(expected.upper).margin(1e-12));
    const QString deLongText = labelText(dashboard, "deLongLabel");
    CHECK(deLongText.contains(QString::number(expected.difference * 100.0, 'f', 1)));
    CHECK(deLongText.contains(QString::number(expected.lower * 100.0, 'f', 1)));
    CHECK(deLongText.contains(QString::number(expected.upper * 100.0, 'f', 1)));

    // Patients 0-2 were made better in B, 3-5 worse.
    auto *changes = child<QTableWidget>(dashboard, "changesTable");
    REQUIRE(changes->rowCount() == patientCount);
    for (int row = 0; row < changes->rowCount(); ++row) {
        const QString patient = changes->item(row, 0)->text();
        const int number = patient.right(1).toInt();
        INFO(patient.toStdString());
        CHECK(changes->item(row, 6)->text() ==
              (number < 3 ? QStringLiteral("better") : QStringLiteral("worse")));
    }
    CHECK(labelText(dashboard, "changesLabel").contains(QStringLiteral("3 better, 3 worse")));
    auto *figures = child<QTableWidget>(dashboard, "comparisonTable");
    CHECK(figures->rowCount() >= 9);

    // Which version is the baseline and which the network is said in the pickers and headers.
    CHECK(child<QComboBox>(dashboard, "versionCombo")->currentText().contains("· baseline ·"));
    CHECK(child<QComboBox>(dashboard, "compareCombo")->currentText().contains("· compact ·"));
    CHECK(figures->horizontalHeaderItem(1)->text() ==
          QStringLiteral("Version A (%1, baseline)").arg(seeded.versionA));
    CHECK(figures->horizontalHeaderItem(2)->text() ==
          QStringLiteral("Version B (%1, compact)").arg(seeded.versionB));
}

TEST_CASE("Picking a patient opens their frames in the main window, the most wrong first",
          "[ui][dashboard]")
{
    Seeded seeded;
    MainWindow window(seeded.folder, seeded.lead);
    QSignalSpy loaded(&window, &MainWindow::catalogueLoaded);
    window.show();
    waitFor(loaded);

    EvaluationDashboard *dashboard = window.showEvaluationDashboard();
    REQUIRE(dashboard);
    QSignalSpy shown(dashboard, &EvaluationDashboard::evaluationShown);
    waitFor(shown);
    QSignalSpy requested(dashboard, &EvaluationDashboard::patientFramesRequested);

    // Double-click the row of patient 3 in the per-patient table.
    auto *table = child<QTableView>(*dashboard, "patientTable");
    dashboard->findChild<QTabWidget *>()->setCurrentIndex(1);
    int row = -1;
    for (int r = 0; r < table->model()->rowCount(); ++r) {
        if (table->model()->index(r, 0).data(PatientTableModel::PatientIdRole).toLongLong() ==
            seeded.patients[3])
            row = r;
    }
    REQUIRE(row >= 0);
    table->scrollTo(table->model()->index(row, 0));
    const QRect cell = table->visualRect(table->model()->index(row, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    REQUIRE(requested.count() == 1);

    // The patient's labelled frames, |probability - reference| never rising.
    auto project = seeded.open();
    std::vector<Frame> own;
    for (const Frame &f : outOfFold(project->catalogue(), seeded.versionB)) {
        if (f.patient == seeded.patients[3])
            own.push_back(f);
    }
    std::map<int, double> errorAt;
    for (const Frame &f : own)
        errorAt[f.index] = std::abs(f.probability - f.reference);
    const auto frames = requested.first().at(0).value<QList<QPair<ClipId, int>>>();
    REQUIRE(frames.size() == int(own.size()));
    for (int i = 0; i < frames.size(); ++i) {
        CHECK(frames[i].first == seeded.clips[3]);
        REQUIRE(errorAt.count(frames[i].second) == 1);
        if (i > 0)
            CHECK(errorAt[frames[i - 1].second] >= errorAt[frames[i].second]);
    }
    const double worst = std::max_element(errorAt.begin(), errorAt.end(), [](auto x, auto y) {
                             return x.second < y.second;
                         })->second;
    CHECK(errorAt[frames.first().second] == worst);

    // The window now shows the first (most wrong) frame, and Ctrl+] steps to the next, from
    // the dashboard too.
    CHECK(window.frameList() == frames);
    CHECK(window.session()->clipId() == seeded.clips[3]);
    CHECK(window.currentFrame() == frames.first().second);
    QTest::keySequence(dashboard, QKeySequence(Qt::CTRL | Qt::Key_BracketRight));
    CHECK(window.frameListPosition() == 1);
    CHECK(window.currentFrame() == frames.at(1).second);
}

TEST_CASE("The dashboard exports the PDF report", "[ui][dashboard]")
{
    Seeded seeded;
    EvaluationDashboard dashboard(seeded.cataloguePath());
    QSignalSpy shown(&dashboard, &EvaluationDashboard::evaluationShown);
    waitFor(shown);
    QSignalSpy written(&dashboard, &EvaluationDashboard::reportWritten);
    const QString path = seeded.temp.filePath(QStringLiteral("report.pdf"));
    dashboard.exportReport(path);
    waitFor(written);
    CHECK(written.first().at(1).toString().isEmpty());
    QFile pdf(path);
    REQUIRE(pdf.open(QIODevice::ReadOnly));
    CHECK(pdf.read(5) == QByteArray("%PDF-"));
    CHECK(pdf.size() > 10000);
}
