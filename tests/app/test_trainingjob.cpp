#include "app/demoproject.h"
#include "app/trainingjob.h"
#include "catalogue/project.h"
#include "smalldemo.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>

#include <cmath>
#include <csignal>

using namespace iouslab;

namespace {

// A small simulated project: 4 patients, 40 frames each, two readers' labels.
QString makeDemo(const QTemporaryDir &temp)
{
    const QString folder = temp.filePath(QStringLiteral("project"));
    DemoSettings settings;
    settings.patients = 4;
    settings.framesPerPatient = 40;
    settings.seed = 7;
    auto demo = createDemoProject(folder, temp.filePath(QStringLiteral("sources")), settings);
    REQUIRE(demo.hasValue());
    REQUIRE(demo->clips > 0);
    return folder;
}

QString sha256(const QString &path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return QString::fromLatin1(
        QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

// Every version row has its weights (hash as recorded), an out-of-fold score for each
// labelled frame and a final score for every frame: no half-written version.
void checkVersionsWhole(const QString &folder)
{
    auto project = Project::open(folder, Project::OpenMode::OpenExisting);
    REQUIRE(project.hasValue());
    Catalogue &catalogue = (*project)->catalogue();
    const qint64 frames = catalogue.counts().value().frames;
    for (const ModelVersionRecord &version : catalogue.modelVersions().value()) {
        const QString weights = QDir(folder).filePath(version.weightsPath);
        REQUIRE(QFile::exists(weights));
        CHECK(sha256(weights) == version.weightsHash);
        const QList<PredictionRecord> predictions = catalogue.predictions(version.id).value();
        qint64 final = 0;
        QSet<FrameId> outOfFold;
        for (const PredictionRecord &p : predictions) {
            if (p.fold == -1)
                ++final;
            else
                outOfFold.insert(p.frameId);
        }
        CHECK(final == frames);
        CHECK(outOfFold.size() > 0);
    }
}

} // namespace

TEST_CASE("A training writes a whole model version and a retraining starts from it",
          "[app][train][slow]")
{
    QTemporaryDir temp;
    const QString folder = makeDemo(temp);

    auto first = trainModelVersion(folder, test::quickTrainingSettings(), true);
    INFO(first.error().toStdString());
    REQUIRE(first.hasValue());
    CHECK_FALSE(first->parent.has_value());
    CHECK(first->patients == 4);
    CHECK(std::isfinite(first->meanFoldAuc));

    auto project = Project::open(folder, Project::OpenMode::OpenExisting);
    REQUIRE(project.hasValue());
    Catalogue &catalogue = (*project)->catalogue();
    const ModelVersionRecord version = catalogue.modelVersion(first->version).value().value();
    CHECK(version.architecture == QStringLiteral("compact"));
    CHECK(version.settingsJson.contains(QStringLiteral("\"folds\":2")));
    CHECK(version.labelSnapshot.contains(QStringLiteral("\"patients\":4")));
    CHECK(version.labelHash.size() == 64);
    CHECK(version.metricsJson.contains(QStringLiteral("test_auc")));

    // Out-of-fold scores cover exactly the frames with a normal or lesion reference label.
    int trainable = 0;
    for (const ReferenceLabel &label : catalogue.referenceLabels().value())
        trainable += label.value && *label.value != LabelValue::Ungradable ? 1 : 0;
    int outOfFold = 0;
    for (const PredictionRecord &p : catalogue.predictions(first->version).value())
        outOfFold += p.fold >= 0 ? 1 : 0;
    CHECK(outOfFold == trainable);
    CHECK(first->frames == trainable);
    checkVersionsWhole(folder);

    auto second = trainModelVersion(folder, test::quickTrainingSettings(), true);
    REQUIRE(second.hasValue());
    CHECK(second->parent == first->version);
    CHECK(catalogue.modelVersion(second->version)
              .value()
              ->settingsJson.contains(QStringLiteral("\"warm_start\":true")));

    // A version that holds only predictions (bench_quality's histogram baseline) is passed over
    // by a retraining and by the commands that run a network, and refused when named.
    ModelVersionRecord baseline;
    baseline.architecture = QStringLiteral("baseline: logistic regression");
    const ModelVersionId baselineId = catalogue.addModelVersion(baseline).value();
    const auto predicted =
        test::runIouslab({QStringLiteral("predict"), QStringLiteral("--project"), folder});
    INFO(predicted.err.toStdString());
    CHECK(predicted.exitCode == 0);
    CHECK(predicted.out.count('\n') > 100);
    const auto namedBaseline = test::runIouslab(
        {QStringLiteral("export-model"), QString::number(baselineId),
         temp.filePath(QStringLiteral("baseline.pt")), QStringLiteral("--project"), folder});
    CHECK(namedBaseline.exitCode == 1);
    CHECK(namedBaseline.err.contains("holds only its predictions"));
    auto afterBaseline = trainModelVersion(folder, test::quickTrainingSettings(), true);
    INFO(afterBaseline.error().toStdString());
    REQUIRE(afterBaseline.hasValue());
    CHECK(afterBaseline->parent == second->version);

    // A damaged weights file is refused with a message that says so.
    const QString weights =
        QDir(folder).filePath(catalogue.modelVersion(afterBaseline->version).value()->weightsPath);
    {
        QFile file(weights);
        REQUIRE(file.open(QIODevice::ReadWrite));
        file.seek(file.size() / 2);
        file.write("damage");
    }
    auto refused = trainModelVersion(folder, test::quickTrainingSettings(), true);
    REQUIRE_FALSE(refused.hasValue());
    CHECK(refused.error().contains(QStringLiteral("damaged")));
    const auto exported = test::runIouslab(
        {QStringLiteral("export-model"), QString::number(afterBaseline->version),
         temp.filePath(QStringLiteral("out.pt")), QStringLiteral("--project"), folder});
    CHECK(exported.exitCode == 1);
    CHECK(exported.err.contains("damaged"));
}

TEST_CASE("A training killed at any moment leaves no half-written model version",
          "[app][train][crash][slow]")
{
    QTemporaryDir temp;
    const QString folder = makeDemo(temp);
    QRandomGenerator random(42);
    for (int round = 0; round < 3; ++round) {
        QProcess child;
        child.start(test::iouslabBinary(),
                    {QStringLiteral("train"), QStringLiteral("--project"), folder,
                     QStringLiteral("--folds"), QStringLiteral("2"), QStringLiteral("--epochs"),
                     QStringLiteral("2"), QStringLiteral("--threads"), QStringLiteral("1")});
        REQUIRE(child.waitForStarted());
        if (!child.waitForFinished(random.bounded(500, 15000))) {
            ::kill(pid_t(child.processId()), SIGKILL);
            child.waitForFinished();
        }
        checkVersionsWhole(folder);
    }
}
