// bench_quality: the lesion CNN's held-out-patient figures on the simulator's default
// 16-patient project, in the published study's terms (mean ± SD over folds), next to a simple
// baseline measured in the same run on the same folds: scikit-learn's logistic regression on
// 32-bin intensity histograms of the same model-input frames (histogram_baseline.py).
//
// Usage: bench_quality [--project DIR] [--epochs N]
//   Without --project a default demo project is made in a temporary folder and trained with the
//   workstation's default settings (this takes most of an hour on 2 cores). With --project, the
//   project's latest model version is evaluated as it is, and trained first if it has none.

#include "app/demoproject.h"
#include "app/evaluation.h"
#include "app/modelinputs.h"
#include "app/trainingjob.h"
#include "catalogue/project.h"
#include "eval/delong.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <array>
#include <cstdio>
#include <map>

using namespace iouslab;

namespace {

constexpr int kBins = 32;

int fail(const QString &message)
{
    std::fprintf(stderr, "bench_quality: %s\n", qPrintable(message));
    return 1;
}

void say(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

// The intensity histogram of each frame the CNN was evaluated on, with its patient, fold and
// reference label, as the baseline script reads them.
Status writeHistograms(Project &project, const ModelEvaluation &cnn, const QString &path)
{
    auto locations = project.catalogue().frameLocations();
    if (!locations)
        return makeError(locations.error());
    auto inputs = ModelInputs::open(project.framesFolder(), *locations);
    if (!inputs)
        return makeError(inputs.error());
    const ml::FrameLoader loader = (*inputs)->loader(256);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return makeError(QStringLiteral("cannot write %1").arg(path));
    QTextStream out(&file);
    out << "frame_id,patient,fold,label";
    for (int bin = 0; bin < kBins; ++bin)
        out << ",h" << bin;
    out << '\n';
    std::vector<uint8_t> pixels(256 * 256);
    for (const EvaluatedFrame &frame : cnn.frames) {
        loader(frame.frameId, pixels.data());
        std::array<double, kBins> histogram{};
        for (uint8_t value : pixels)
            histogram[value * kBins / 256] += 1.0 / double(pixels.size());
        out << frame.frameId << ',' << frame.patientId << ',' << frame.fold << ','
            << frame.reference;
        for (double share : histogram)
            out << ',' << QString::number(share, 'g', 9);
        out << '\n';
    }
    return {};
}

// Runs the baseline and stores its out-of-fold scores as a model version of the project, so
// that both are evaluated by the same code.
Expected<ModelVersionId> addBaselineVersion(Project &project, const QString &histograms,
                                            const QString &scoresPath, double sensitivity)
{
    QProcess python;
    python.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(IOUSLAB_BASELINE_SCRIPT), histograms, scoresPath,
                  QString::number(sensitivity)});
    if (!python.waitForFinished(-1) || python.exitCode() != 0)
        return makeError(QStringLiteral("the baseline script failed (is python3-sklearn "
                                        "installed?)"));
    QFile file(scoresPath);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return makeError(QStringLiteral("cannot read %1").arg(scoresPath));
    std::map<int, double> thresholds;
    QList<PredictionRecord> predictions;
    while (!file.atEnd()) {
        const QList<QByteArray> fields = file.readLine().trimmed().split(',');
        if (fields.size() != 3)
            continue;
        if (fields[0] == "threshold") {
            thresholds[fields[1].toInt()] = fields[2].toDouble();
            continue;
        }
        PredictionRecord prediction;
        prediction.frameId = fields[0].toLongLong();
        prediction.fold = fields[1].toInt();
        prediction.probability = fields[2].toDouble();
        predictions.append(prediction);
    }
    QJsonArray folds;
    for (const auto &[fold, threshold] : thresholds) {
        while (folds.size() < fold)
            folds.append(QJsonObject{});
        folds.append(QJsonObject{{QStringLiteral("threshold"), threshold}});
    }
    ModelVersionRecord version;
    version.architecture = QStringLiteral("baseline: logistic regression on %1-bin intensity "
                                          "histograms")
                               .arg(kBins);
    version.metricsJson =
        QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("folds"), folds}})
                              .toJson(QJsonDocument::Compact));
    Catalogue &catalogue = project.catalogue();
    Catalogue::Transaction transaction(catalogue);
    auto id = catalogue.addModelVersion(version);
    if (!id)
        return makeError(id.error());
    for (PredictionRecord &prediction : predictions)
        prediction.modelVersionId = *id;
    if (Status added = catalogue.addPredictions(predictions); !added)
        return makeError(added.error());
    if (Status committed = transaction.commit(); !committed)
        return makeError(committed.error());
    return *id;
}

// The CNN's and the baseline's scores of the same frames, in the same order, for DeLong.
std::pair<Predictions, Predictions> paired(const ModelEvaluation &cnn,
                                           const ModelEvaluation &baseline)
{
    std::map<FrameId, double> baselineScore;
    for (const EvaluatedFrame &frame : baseline.frames)
        baselineScore[frame.frameId] = frame.probability;
    Predictions first, second;
    for (const EvaluatedFrame &frame : cnn.frames) {
        auto it = baselineScore.find(frame.frameId);
        if (it == baselineScore.end())
            continue;
        first.scores.push_back(frame.probability);
        second.scores.push_back(it->second);
        first.labels.push_back(frame.reference);
        second.labels.push_back(frame.reference);
    }
    return {first, second};
}

QString figure(const EvaluationRow &row)
{
    return row.summary ? row.summary->toPercentText() : QStringLiteral("undefined");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QString folder;
    int epochs = 0;
    const QStringList arguments = app.arguments();
    for (int i = 1; i + 1 < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--project"))
            folder = arguments[++i];
        else if (arguments[i] == QLatin1String("--epochs"))
            epochs = arguments[++i].toInt();
    }

    QTemporaryDir temp;
    if (folder.isEmpty()) {
        folder = temp.filePath(QStringLiteral("project"));
        say(QStringLiteral("Simulating and importing the default demo project (16 patients)"));
        auto demo = createDemoProject(folder, temp.filePath(QStringLiteral("sources")), {});
        if (!demo)
            return fail(demo.error());
    }
    auto project = Project::open(folder, Project::OpenMode::OpenExisting);
    if (!project)
        return fail(project.error());
    Catalogue &catalogue = (*project)->catalogue();

    auto versions = catalogue.modelVersions();
    if (!versions)
        return fail(versions.error());
    ModelVersionId cnnVersion = 0;
    for (const ModelVersionRecord &version : *versions) {
        if (!version.architecture.startsWith(QLatin1String("baseline")))
            cnnVersion = version.id;
    }
    if (cnnVersion == 0) {
        ml::TrainingSettings settings;
        if (epochs > 0)
            settings.maxEpochs = epochs;
        say(QStringLiteral("Training the default model (%1 folds, up to %2 epochs)")
                .arg(settings.folds)
                .arg(settings.maxEpochs));
        QElapsedTimer clock;
        clock.start();
        auto trained = trainModelVersion(folder, settings, false);
        if (!trained)
            return fail(trained.error());
        cnnVersion = trained->version;
        say(QStringLiteral("Trained in %1 min").arg(clock.elapsed() / 60000.0, 0, 'f', 1));
    }

    auto cnn = evaluateModelVersion(catalogue, cnnVersion);
    if (!cnn)
        return fail(cnn.error());
    const QString histograms = temp.filePath(QStringLiteral("histograms.csv"));
    if (Status written = writeHistograms(**project, *cnn, histograms); !written)
        return fail(written.error());
    auto baselineVersion =
        addBaselineVersion(**project, histograms, temp.filePath(QStringLiteral("baseline.csv")),
                           cnn->targetSensitivity);
    if (!baselineVersion)
        return fail(baselineVersion.error());
    auto baseline = evaluateModelVersion(catalogue, *baselineVersion);
    if (!baseline)
        return fail(baseline.error());

    say(QStringLiteral("\nHeld-out patients: %1 frames of %2 patients, %3 folds; figures at each "
                       "fold's threshold for %4 % sensitivity, mean ± SD over folds")
            .arg(cnn->frames.size())
            .arg(cnn->patients.size())
            .arg(cnn->folds.size())
            .arg(cnn->targetSensitivity * 100.0, 0, 'g', 3));
    say(QStringLiteral("%1  %2  %3  %4")
            .arg(QStringLiteral("Figure"), -40)
            .arg(QStringLiteral("CNN (%1)").arg(cnn->version.architecture), -18)
            .arg(QStringLiteral("Histogram baseline"), -20)
            .arg(QStringLiteral("Published study")));
    for (size_t i = 0; i < cnn->table.size() && i < baseline->table.size(); ++i) {
        say(QStringLiteral("%1  %2  %3  %4")
                .arg(cnn->table[i].name, -40)
                .arg(figure(cnn->table[i]), -18)
                .arg(figure(baseline->table[i]), -20)
                .arg(cnn->table[i].published));
    }
    const auto [cnnScores, baselineScores] = paired(*cnn, *baseline);
    auto difference = deLongPaired(cnnScores, baselineScores);
    if (difference) {
        say(QStringLiteral("\nPooled AUC: CNN %1 %, baseline %2 %; difference %3 % (DeLong 95 % "
                           "interval %4 to %5 %, frames taken as independent)")
                .arg(difference->first.auc * 100.0, 0, 'f', 1)
                .arg(difference->second.auc * 100.0, 0, 'f', 1)
                .arg(difference->difference * 100.0, 0, 'f', 1)
                .arg(difference->lower * 100.0, 0, 'f', 1)
                .arg(difference->upper * 100.0, 0, 'f', 1));
    }
    const std::optional<FoldSummary> &cnnAuc = cnn->table.front().summary;
    const std::optional<FoldSummary> &baselineAuc = baseline->table.front().summary;
    if (cnnAuc && baselineAuc) {
        say(QStringLiteral("Mean fold AUC: CNN %1, baseline %2, ratio %3 (%4)")
                .arg(cnnAuc->mean, 0, 'f', 3)
                .arg(baselineAuc->mean, 0, 'f', 3)
                .arg(cnnAuc->mean / baselineAuc->mean, 0, 'f', 2)
                .arg(cnnAuc->mean > baselineAuc->mean ? QStringLiteral("the CNN beats the baseline")
                                                      : QStringLiteral("the CNN does NOT beat the "
                                                                       "baseline")));
    }
    return 0;
}
