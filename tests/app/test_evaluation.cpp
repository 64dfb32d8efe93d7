#include "app/evaluation.h"
#include "app/trainingjob.h"
#include "catalogue/project.h"
#include "eval/binarymetrics.h"
#include "eval/bootstrap.h"
#include "eval/foldsummary.h"
#include "eval/roc.h"
#include "smalldemo.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <map>

using namespace iouslab;

namespace {

// A small simulated project with one trained model version (about 10 s).
QString makeTrainedProject(const QTemporaryDir &temp)
{
    const QString folder = test::makeSmallDemoProject(temp, 7);
    ml::TrainingSettings settings = test::quickTrainingSettings();
    auto trained = trainModelVersion(folder, settings, false);
    INFO(trained.error().toStdString());
    REQUIRE(trained.hasValue());
    return folder;
}

} // namespace

TEST_CASE("An evaluation gives the eval library's figures on the catalogue's out-of-fold "
          "predictions, and the command prints, writes CSV and a PDF",
          "[app][cli][slow]")
{
    QTemporaryDir temp;
    const QString folder = makeTrainedProject(temp);
    auto project = Project::open(folder, Project::OpenMode::OpenExisting);
    REQUIRE(project.hasValue());
    Catalogue &catalogue = (*project)->catalogue();
    const ModelVersionRecord version = catalogue.modelVersions().value().last();

    auto evaluation = evaluateModelVersion(catalogue, version.id);
    INFO(evaluation.error().toStdString());
    REQUIRE(evaluation.hasValue());

    // The same figures computed here straight from the catalogue with the eval library.
    QHash<FrameId, int> reference;
    for (const ReferenceLabel &label : catalogue.referenceLabels().value()) {
        if (label.value && *label.value != LabelValue::Ungradable)
            reference.insert(label.frameId, *label.value == LabelValue::Lesion ? 1 : 0);
    }
    QHash<FrameId, PatientId> patientOf;
    for (const Catalogue::FrameLocation &location : catalogue.frameLocations().value())
        patientOf.insert(location.frameId, location.patientId);
    std::map<int, Predictions> folds;
    Predictions pooled;
    int outOfFold = 0;
    for (const PredictionRecord &p : catalogue.predictions(version.id).value()) {
        if (p.fold < 0 || !reference.contains(p.frameId))
            continue;
        ++outOfFold;
        for (Predictions *target : {&folds[p.fold], &pooled}) {
            target->scores.push_back(p.probability);
            target->labels.push_back(reference.value(p.frameId));
            target->patients.push_back(patientOf.value(p.frameId));
        }
    }
    REQUIRE(folds.size() == 2);
    CHECK(evaluation->frames.size() == std::size_t(outOfFold));
    const QJsonArray recorded = QJsonDocument::fromJson(version.metricsJson.toUtf8())
                                    .object()
                                    .value(QStringLiteral("folds"))
                                    .toArray();
    std::vector<double> aucs, accuracies, specificities;
    for (const auto &[fold, predictions] : folds) {
        const QJsonValue threshold =
            recorded.at(fold).toObject().value(QStringLiteral("threshold"));
        const double t = threshold.isDouble() ? threshold.toDouble() : 0.5;
        const ConfusionMatrix matrix = confusionAt(predictions, t).value();
        const FoldEvaluation &evaluated = evaluation->folds.at(std::size_t(fold));
        CHECK(evaluated.threshold == t);
        CHECK(evaluated.matrix == matrix);
        if (auto auc = rocAuc(predictions)) {
            aucs.push_back(*auc);
            CHECK(evaluated.auc == *auc);
        }
        if (auto accuracy = matrix.accuracy())
            accuracies.push_back(*accuracy);
        if (auto specificity = matrix.specificity())
            specificities.push_back(*specificity);
    }
    const auto rowNamed = [&](const QString &name) {
        for (const EvaluationRow &row : evaluation->table) {
            if (row.name == name)
                return row;
        }
        FAIL("no row " << name.toStdString());
        return EvaluationRow{};
    };
    if (!aucs.empty()) {
        const FoldSummary auc = summarizeFolds(aucs).value();
        REQUIRE(rowNamed(QStringLiteral("AUC")).summary.has_value());
        CHECK(rowNamed(QStringLiteral("AUC")).summary->mean == auc.mean);
        CHECK(rowNamed(QStringLiteral("AUC")).summary->standardDeviation == auc.standardDeviation);
    }
    CHECK(rowNamed(QStringLiteral("Accuracy")).summary->mean ==
          summarizeFolds(accuracies).value().mean);
    CHECK(rowNamed(QStringLiteral("Specificity")).summary->mean ==
          summarizeFolds(specificities).value().mean);
    CHECK(rowNamed(QStringLiteral("AUC")).published == QStringLiteral("80.2 ± 2.9 %"));
    CHECK(evaluation->pooledAuc == rocAuc(pooled).value());
    const BootstrapInterval interval = bootstrapAuc(pooled).value();
    REQUIRE(evaluation->pooledAucInterval.has_value());
    CHECK(evaluation->pooledAucInterval->lower == interval.lower);
    CHECK(evaluation->pooledAucInterval->upper == interval.upper);
    CHECK(evaluation->patients.size() == 4);

    // The command: table on the terminal, one CSV row per out-of-fold prediction, a PDF.
    const QString csv = temp.filePath(QStringLiteral("frames.csv"));
    const QString pdf = temp.filePath(QStringLiteral("report.pdf"));
    const auto run =
        test::runIouslab({QStringLiteral("evaluate"), QStringLiteral("--project"), folder,
                          QStringLiteral("--csv"), csv, QStringLiteral("--report"), pdf});
    INFO(run.err.toStdString());
    REQUIRE(run.exitCode == 0);
    CHECK(run.out.contains("AUC"));
    CHECK(run.out.contains("80.2"));
    CHECK(run.out.contains("Specificity"));

    QFile csvFile(csv);
    REQUIRE(csvFile.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csvFile.readAll().trimmed().split('\n');
    REQUIRE(lines.size() == outOfFold + 1);
    CHECK(lines.first() == "file,frame,patient,fold,probability,reference");

    QFile pdfFile(pdf);
    REQUIRE(pdfFile.open(QIODevice::ReadOnly));
    CHECK(pdfFile.read(4) == "%PDF");
    pdfFile.close();
    QProcess render;
    render.start(QStringLiteral("pdftoppm"),
                 {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("50"), pdf,
                  temp.filePath(QStringLiteral("page"))});
    REQUIRE(render.waitForFinished(60000));
    CHECK(render.exitCode() == 0);
    const QStringList pages =
        QDir(temp.path()).entryList({QStringLiteral("page*.png")}, QDir::Files);
    CHECK(pages.size() == 3);
    const auto unknown =
        test::runIouslab({QStringLiteral("evaluate"), QStringLiteral("--model"),
                          QStringLiteral("999"), QStringLiteral("--project"), folder});
    CHECK(unknown.exitCode == 1);
    CHECK(unknown.err.contains("no model version 999"));

    // Kept for a look when asked for: IOUSLAB_KEEP_REPORT=folder copies the PDF there.
    const QString keep = qEnvironmentVariable("IOUSLAB_KEEP_REPORT");
    if (!keep.isEmpty())
        QFile::copy(pdf, QDir(keep).filePath(QStringLiteral("evaluate-report.pdf")));
}

TEST_CASE("The evaluate command refuses a project without models and an unknown version",
          "[app][cli]")
{
    QTemporaryDir temp;
    const QString folder = temp.filePath(QStringLiteral("project"));
    REQUIRE(Project::open(folder, Project::OpenMode::CreateIfMissing).hasValue());
    const auto none =
        test::runIouslab({QStringLiteral("evaluate"), QStringLiteral("--project"), folder});
    CHECK(none.exitCode == 1);
    CHECK(none.err.contains("no model version"));
    // One line of its own (Qt may add a platform warning of its own before it).
    CHECK(none.err.count("iouslab: ") == 1);
    const auto unknown =
        test::runIouslab({QStringLiteral("evaluate"), QStringLiteral("--model"),
                          QStringLiteral("42"), QStringLiteral("--project"), folder});
    CHECK(unknown.exitCode == 1);
    CHECK(unknown.err.count("iouslab: ") == 1);
}
