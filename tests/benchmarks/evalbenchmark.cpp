// bench_eval: how long the evaluation dashboard's figures take for a million predictions, and
// 2,000 patient bootstrap resamples, beside scikit-learn/numpy computing the same figures on
// the same data in the same run (tests/benchmarks/evalreference.py under /usr/bin/python3).
//
// Goals (issue 7): the dashboard's figures for a million predictions in under a second; 2,000
// patient bootstrap resamples in under two seconds.

#include "app/evaluation.h"
#include "eval/binarymetrics.h"
#include "eval/bootstrap.h"
#include "eval/delong.h"
#include "eval/operatingpoint.h"
#include "eval/roc.h"
#include "eval/scoreranking.h"
#include "eval/thresholdsweep.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>

using namespace iouslab;

namespace {

constexpr int resamples = 2000;
constexpr int repeats = 3;

// Scores as a float32 sigmoid gives them, as the model writes them: at a million frames many
// are tied, as in real predictions.
Predictions makeFrames(int patients, int frames, std::uint64_t seed)
{
    std::mt19937_64 random(seed);
    const auto uniform = [&] { return ((random() >> 11) + 0.5) * 0x1.0p-53; };
    const auto normal = [&] {
        return std::sqrt(-2.0 * std::log(uniform())) * std::cos(6.283185307179586 * uniform());
    };

    Predictions predictions;
    predictions.scores.reserve(frames);
    for (int p = 0; p < patients; ++p) {
        const double shift = 0.5 * normal();
        const double prevalence = 0.1 + 0.4 * uniform();
        const int own = frames / patients + (p < frames % patients ? 1 : 0);
        for (int f = 0; f < own; ++f) {
            const int label = uniform() < prevalence ? 1 : 0;
            const double logit = -0.7 + 1.2 * label + shift + normal();
            predictions.scores.push_back(static_cast<float>(1.0 / (1.0 + std::exp(-logit))));
            predictions.labels.push_back(label);
            predictions.patients.push_back(100 + p);
        }
    }
    return predictions;
}

Predictions half(const Predictions &predictions, bool first)
{
    const std::size_t middle = predictions.size() / 2;
    Predictions part;
    part.scores.assign(predictions.scores.begin() + (first ? 0 : middle),
                       first ? predictions.scores.begin() + middle : predictions.scores.end());
    part.labels.assign(predictions.labels.begin() + (first ? 0 : middle),
                       first ? predictions.labels.begin() + middle : predictions.labels.end());
    return part;
}

template<typename T>
bool writeRaw(const QString &path, const std::vector<T> &values)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const qint64 size = static_cast<qint64>(values.size() * sizeof(T));
    return file.write(reinterpret_cast<const char *>(values.data()), size) == size;
}

bool writeSet(const QTemporaryDir &folder, const QString &name, const Predictions &predictions)
{
    return writeRaw(folder.filePath(name + "_scores.f64"), predictions.scores) &&
           writeRaw(folder.filePath(name + "_labels.i32"), predictions.labels) &&
           writeRaw(folder.filePath(name + "_patients.i64"), predictions.patients);
}

double seconds(const std::function<void()> &work)
{
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double bestOf(int times, const std::function<void()> &work)
{
    double best = INFINITY;
    for (int i = 0; i < times; ++i)
        best = std::min(best, seconds(work));
    return best;
}

// What the dashboard shows for one model version: AUC with its DeLong interval, the figures at
// a threshold, and the operating point for 99 % sensitivity chosen on validation frames with
// the specificity it gives on test frames.
struct DashboardFigures
{
    AucInterval auc;
    ConfusionMatrix atThreshold;
    OperatingPointEvaluation operatingPoint;
};

DashboardFigures dashboardFigures(const Predictions &all, const Predictions &validation,
                                  const Predictions &test)
{
    DashboardFigures figures;
    const ScoreRanking ranking = *ScoreRanking::rank(all);
    figures.auc = deLongAuc(ranking);
    figures.atThreshold = *confusionAt(all, 0.5);
    figures.operatingPoint = *evaluateOperatingPoint(validation, test, 0.99);
    return figures;
}

// The dashboard screen itself, first phase: evaluateFrames on a million out-of-fold frames in
// five folds (fold = patient id mod 5, thresholds 0.5) gives the fold figures, ROC curves,
// per-patient figures, calibration and the slider's sweep, which is then moved to 1,000
// positions. The catalogue read is left out. The second phase, the patient bootstrap
// intervals, is timed apart (addBootstrapIntervals).
double fullDashboardSeconds(const Predictions &million, ModelEvaluation &evaluation)
{
    std::vector<EvaluatedFrame> frames(million.size());
    for (std::size_t i = 0; i < million.size(); ++i) {
        frames[i].frameId = FrameId(i + 1);
        frames[i].patientId = million.patients[i];
        frames[i].fold = int(million.patients[i] % 5);
        frames[i].probability = million.scores[i];
        frames[i].reference = million.labels[i];
    }
    ModelVersionRecord version;
    version.id = 1;
    version.metricsJson = QStringLiteral(R"({"folds":[{"threshold":0.5},{"threshold":0.5},)"
                                         R"({"threshold":0.5},{"threshold":0.5},)"
                                         R"({"threshold":0.5}]})");
    BootstrapOptions figuresFirst;
    figuresFirst.resamples = 0; // the dashboard's first phase; its intervals come after
    return bestOf(repeats, [&] {
        // The frames are copied in, as the catalogue read would hand them over.
        evaluation = std::move(*evaluateFrames(version, frames, figuresFirst));
        std::int64_t called = 0;
        for (int step = 0; step < 1000; ++step)
            called += evaluation.pooledSweep.at(step / 1000.0).truePositives;
        if (called < 0)
            std::printf("impossible\n");
    });
}

void printRow(const char *what, double ours, double theirs)
{
    std::printf("  %-52s %9.3f s %9.3f s %8.1fx\n", what, ours, theirs, theirs / ours);
}

void printAgreement(const char *what, double ours, double theirs)
{
    std::printf("    %-22s iouslab %.12f  sklearn/numpy %.12f  |diff| %.1e\n", what, ours, theirs,
                std::fabs(ours - theirs));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    QTemporaryDir folder;
    if (!folder.isValid()) {
        std::fprintf(stderr, "bench_eval: cannot make a temporary folder\n");
        return 1;
    }

    const Predictions million = makeFrames(50, 1000000, 1);
    const Predictions validation = half(million, true);
    const Predictions test = half(million, false);
    const Predictions study = makeFrames(16, 5043, 2);
    const Predictions large = makeFrames(50, 100000, 3);
    QFile sets(folder.filePath("bootstrap_sets.txt"));
    if (!writeSet(folder, "dashboard", million) || !writeSet(folder, "study", study) ||
        !writeSet(folder, "large", large) || !sets.open(QIODevice::WriteOnly) ||
        sets.write("study large\n") < 0) {
        std::fprintf(stderr, "bench_eval: cannot write the data for the reference script\n");
        return 1;
    }
    sets.close();

    DashboardFigures figures;
    const double dashboardSeconds =
        bestOf(repeats, [&] { figures = dashboardFigures(million, validation, test); });
    BootstrapOptions options;
    options.resamples = resamples;
    Expected<BootstrapInterval> studyInterval = makeError(QString());
    Expected<BootstrapInterval> largeInterval = makeError(QString());
    const double studySeconds = seconds([&] { studyInterval = bootstrapAuc(study, options); });
    const double largeSeconds = seconds([&] { largeInterval = bootstrapAuc(large, options); });
    const FrameMetric sortingAuc = [&](const std::vector<std::size_t> &frames) {
        Expected<double> auc = rocAuc(study.subset(frames));
        return auc ? std::optional<double>(*auc) : std::nullopt;
    };
    const double generalSeconds =
        seconds([&] { (void)bootstrapPatients(study.patients, sortingAuc, options); });

    ModelEvaluation evaluation;
    const double fullSeconds = fullDashboardSeconds(million, evaluation);
    const double intervalSeconds = bestOf(repeats, [&] {
        ModelEvaluation copy = evaluation;
        addBootstrapIntervals(copy, options);
    });

    std::printf(
        "bench_eval: running scikit-learn/numpy on the same data (takes a few minutes)...\n");
    std::fflush(stdout);
    QProcess python;
    python.start("/usr/bin/python3",
                 {IOUSLAB_EVAL_REFERENCE_SCRIPT, folder.path(), QString::number(resamples)});
    if (!python.waitForFinished(20 * 60 * 1000) || python.exitCode() != 0) {
        std::fprintf(stderr, "bench_eval: the reference script failed: %s\n",
                     python.readAllStandardError().constData());
        return 1;
    }
    const QJsonObject reference = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    const QJsonObject theirDashboard = reference.value("dashboard").toObject();
    const QJsonObject theirBootstrap = reference.value("bootstrap").toObject();
    const auto their = [](const QJsonObject &object, const char *key) {
        return object.value(QLatin1String(key)).toDouble();
    };

    std::printf("\n  %-52s %11s %11s %9s\n", "figure", "iouslab", "sklearn/np", "ratio");
    printRow("dashboard, 1,000,000 predictions (best of 3)", dashboardSeconds,
             their(theirDashboard, "seconds"));
    printRow("dashboard screen, 1,000,000 predictions (best of 3) [1]", fullSeconds,
             their(reference.value("full_dashboard").toObject(), "seconds"));
    printRow("  its 2,000 x 50 patient bootstrap intervals [2]", intervalSeconds,
             their(theirBootstrap.value("large").toObject(), "seconds"));
    printRow("bootstrap AUC, 2,000 x 16 patients / 5,043 frames", studySeconds,
             their(theirBootstrap.value("study").toObject(), "seconds"));
    printRow("  the same through the general (sorting) bootstrap", generalSeconds,
             their(theirBootstrap.value("study").toObject(), "seconds"));
    printRow("bootstrap AUC, 2,000 x 50 patients / 100,000 frames", largeSeconds,
             their(theirBootstrap.value("large").toObject(), "seconds"));

    std::printf("\n  [1] fold and per-patient AUC and figures, ROC curves, calibration, Brier "
                "score, the slider's sweep and 1,000 slider moves;\n"
                "      pooled AUC %.6f, %zu patients, %zu calibration bins\n"
                "  [2] the pooled AUC's and six figures' intervals on the million frames; the "
                "reference is numpy's 2,000 AUC resamples of the 100,000-frame set\n"
                "      (numpy on the million frames would take about half an hour)\n",
                evaluation.pooledAuc.value_or(0.0), evaluation.patients.size(),
                evaluation.calibration.size());
    std::printf("\n  Dashboard figures (AUC, DeLong 95 %% CI, at threshold 0.5, operating point "
                "for 99 %% sensitivity on the first half, applied to the second):\n");
    printAgreement("AUC", figures.auc.auc, their(theirDashboard, "auc"));
    printAgreement("DeLong lower", figures.auc.lower, their(theirDashboard, "delong_lower"));
    printAgreement("DeLong upper", figures.auc.upper, their(theirDashboard, "delong_upper"));
    const ConfusionMatrix &matrix = figures.atThreshold;
    printAgreement("accuracy", *matrix.accuracy(), their(theirDashboard, "accuracy"));
    printAgreement("sensitivity", *matrix.sensitivity(), their(theirDashboard, "sensitivity"));
    printAgreement("specificity", *matrix.specificity(), their(theirDashboard, "specificity"));
    printAgreement("PPV", *matrix.ppv(), their(theirDashboard, "ppv"));
    printAgreement("NPV", *matrix.npv(), their(theirDashboard, "npv"));
    printAgreement("F1", *matrix.f1(), their(theirDashboard, "f1"));
    printAgreement("balanced accuracy", *matrix.balancedAccuracy(),
                   their(theirDashboard, "balanced_accuracy"));
    printAgreement("operating threshold", figures.operatingPoint.point.threshold,
                   their(theirDashboard, "operating_threshold"));
    printAgreement("test specificity", *figures.operatingPoint.test.specificity(),
                   their(theirDashboard, "test_specificity"));

    std::printf("\n  Bootstrap 95 %% intervals (different random draws, so close, not equal):\n");
    std::printf("    study: iouslab [%.4f, %.4f]  numpy [%.4f, %.4f]\n", studyInterval->lower,
                studyInterval->upper, their(theirBootstrap.value("study").toObject(), "lower"),
                their(theirBootstrap.value("study").toObject(), "upper"));
    std::printf("    large: iouslab [%.4f, %.4f]  numpy [%.4f, %.4f]\n", largeInterval->lower,
                largeInterval->upper, their(theirBootstrap.value("large").toObject(), "lower"),
                their(theirBootstrap.value("large").toObject(), "upper"));

    const bool goals = dashboardSeconds < 1.0 && fullSeconds < 1.0 && largeSeconds < 2.0 &&
                       studySeconds < 2.0 && intervalSeconds < 2.0;
    std::printf("\n  goals (dashboard < 1 s, 2,000 resamples < 2 s): %s\n",
                goals ? "met" : "MISSED");
    return goals ? 0 : 2;
}
