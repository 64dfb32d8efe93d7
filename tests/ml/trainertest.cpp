#include "ml/trainer.h"
#include "ml/rocauc.h"
#include "ml/torchmodel.h"
#include "syntheticultrasound.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <thread>

using namespace iouslab;
using namespace iouslab::ml;

namespace {

TrainingSettings smallSettings()
{
    TrainingSettings settings;
    // One thread: on a loaded 2-core machine two OpenMP threads wait on each other at every
    // layer and run ten times slower. Determinism is claimed per thread count either way.
    settings.threads = 1;
    settings.batchSize = 16;
    settings.learningRate = 3e-3;
    settings.inputSize = 64;
    return settings;
}

} // namespace

TEST_CASE("The same seed and thread count give exactly the same weights", "[ml]")
{
    const test::SyntheticUltrasound set = test::SyntheticUltrasound::make(4, 12, 64, 21);
    auto train = [&](quint64 seed) {
        TrainingSettings settings = smallSettings();
        settings.seed = seed;
        Expected<Model> start = Model::create(ModelKind::Compact, 64, seed);
        REQUIRE(start);
        Trainer trainer(settings, set.loader());
        Expected<FittedModel> fitted = trainer.fit(std::move(*start), set.frames, {}, 2);
        REQUIRE(fitted);
        std::vector<torch::Tensor> state = modelParameters(fitted->model.impl().module);
        const std::vector<torch::Tensor> buffers = modelBuffers(fitted->model.impl().module);
        state.insert(state.end(), buffers.begin(), buffers.end());
        return state;
    };

    const std::vector<torch::Tensor> first = train(1);
    const std::vector<torch::Tensor> second = train(1);
    const std::vector<torch::Tensor> otherSeed = train(2);
    REQUIRE(first.size() == second.size());
    for (size_t i = 0; i < first.size(); ++i)
        CHECK(torch::equal(first[i], second[i]));
    bool anyDifferent = false;
    for (size_t i = 0; i < first.size(); ++i)
        anyDifferent = anyDifferent || !torch::equal(first[i], otherSeed[i]);
    CHECK(anyDifferent);
}

TEST_CASE("Early stopping waits for the minimum epochs, then stops after the patience", "[ml]")
{
    const test::SyntheticUltrasound set = test::SyntheticUltrasound::make(4, 6, 64, 9);
    std::vector<TrainingFrame> train, validation;
    for (const TrainingFrame &frame : set.frames)
        (frame.patientId < 3 ? train : validation).push_back(frame);
    REQUIRE_FALSE(train.empty());
    REQUIRE_FALSE(validation.empty());

    // With a zero learning rate the validation AUC never improves on the first epoch's, so
    // only the minimum keeps the fit going.
    auto epochsRun = [&](int minEpochs) {
        TrainingSettings settings = smallSettings();
        settings.learningRate = 0.0;
        settings.augment = false;
        settings.patience = 1;
        settings.minEpochs = minEpochs;
        Trainer trainer(settings, set.loader());
        Expected<Model> start = Model::create(ModelKind::Compact, 64, 3);
        REQUIRE(start);
        Expected<FittedModel> fitted = trainer.fit(std::move(*start), train, validation, 6);
        REQUIRE(fitted);
        CHECK(fitted->bestEpoch == 1);
        return fitted->epochsRun;
    };
    CHECK(epochsRun(1) == 2);
    CHECK(epochsRun(4) == 4);
}

TEST_CASE("The compact model learns to find a dark disc in patients it never saw", "[ml][slow]")
{
    const test::SyntheticUltrasound set = test::SyntheticUltrasound::make(12, 20, 64, 22);
    TrainingSettings settings = smallSettings();
    settings.folds = 3;
    settings.maxEpochs = 10;
    settings.patience = 4;

    std::vector<TrainingProgress> reports;
    Trainer trainer(settings, set.loader());
    trainer.setProgressCallback([&](const TrainingProgress &report) { reports.push_back(report); });
    const Expected<TrainingResult> result = trainer.run(set.frames);
    REQUIRE(result);
    REQUIRE(result->folds.size() == 3);

    // Every labelled frame has one out-of-fold prediction, from the fold that tested its patient.
    std::map<qint64, qint64> patientOf;
    for (const TrainingFrame &frame : set.frames)
        patientOf[frame.frameId] = frame.patientId;
    REQUIRE(result->outOfFold.size() == set.frames.size());
    std::set<qint64> predicted;
    for (const OutOfFoldPrediction &prediction : result->outOfFold) {
        CHECK(predicted.insert(prediction.frameId).second);
        const std::vector<qint64> &tested =
            result->folds[size_t(prediction.fold)].patients.testPatients;
        CHECK(std::find(tested.begin(), tested.end(), patientOf[prediction.frameId]) !=
              tested.end());
    }

    for (const FoldResult &fold : result->folds) {
        INFO("validation AUC " << fold.validationAuc << ", test AUC " << fold.testAuc);
        CHECK(fold.validationAuc > 0.9);
        CHECK(fold.bestEpoch >= 1);
        CHECK(fold.threshold > 0.0);
        CHECK(fold.threshold < 1.0);
    }
    std::vector<float> scores;
    std::vector<int> labels;
    for (const OutOfFoldPrediction &prediction : result->outOfFold) {
        scores.push_back(prediction.probability);
        labels.push_back(prediction.frameId % 1000 >= 5 && prediction.frameId % 1000 < 15 &&
                                 patientOf[prediction.frameId] % 2 == 0
                             ? 1
                             : 0);
    }
    const double outOfFoldAuc = rocAuc(scores, labels);
    INFO("out-of-fold AUC over held-out patients " << outOfFoldAuc);
    CHECK(outOfFoldAuc > 0.9);

    REQUIRE(result->finalModel);
    CHECK(result->finalEpochs >= 1);
    REQUIRE_FALSE(reports.empty());
    CHECK(reports.back().fold == 3);
    CHECK(reports.back().etaSeconds == Approx(0.0).margin(1e-6));

    // Warm start: a retraining from the final model begins where it left off, so one epoch
    // already separates the classes.
    QTemporaryDir folder;
    const QString previous = folder.filePath(QStringLiteral("previous.pt"));
    REQUIRE(result->finalModel->save(previous));
    TrainingSettings warm = settings;
    warm.warmStartFile = previous;
    warm.finalEpochs = 1;
    Trainer retrainer(warm, set.loader());
    Expected<Model> start = Model::load(previous);
    REQUIRE(start);
    const Expected<FittedModel> retrained = retrainer.fit(std::move(*start), set.frames, {}, 1);
    REQUIRE(retrained);
    std::vector<qint64> ids;
    std::vector<int> allLabels;
    for (const TrainingFrame &frame : set.frames) {
        ids.push_back(frame.frameId);
        allLabels.push_back(frame.label);
    }
    const Expected<std::vector<float>> warmScores = retrained->model.score(ids, set.loader());
    REQUIRE(warmScores);
    CHECK(rocAuc(*warmScores, allLabels) > 0.9);

    // The final model calls a lesion frame a lesion and draws a heat map of it. (Whether the
    // heat sits on the disc is not checked: at 64 x 64 the last activations are 2 x 2.)
    const Expected<HeatMap> map = result->finalModel->gradCam(set.pixels.at(2010).data());
    REQUIRE(map);
    CHECK(map->probability > 0.5f);
    CHECK(*std::max_element(map->values.begin(), map->values.end()) == Approx(1.0f));
}

TEST_CASE("Cancel stops training promptly and pause holds it", "[ml]")
{
    const test::SyntheticUltrasound set = test::SyntheticUltrasound::make(6, 40, 128, 23);
    TrainingSettings settings = smallSettings();
    settings.inputSize = 128;
    settings.maxEpochs = 100;
    settings.folds = 3;

    std::atomic<bool> cancel{false};
    std::atomic<bool> pause{false};
    std::atomic<int> epochs{0};
    Trainer trainer(settings, set.loader());
    trainer.setCancelFlag(&cancel);
    trainer.setPauseFlag(&pause);
    trainer.setProgressCallback([&](const TrainingProgress &) { ++epochs; });

    QString error;
    std::atomic<bool> finished{false};
    std::thread worker([&] {
        const Expected<TrainingResult> result = trainer.run(set.frames);
        error = result ? QString() : result.error();
        finished = true;
    });

    while (epochs.load() < 1)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    pause = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300)); // let a running batch end
    const int pausedAt = epochs.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CHECK(epochs.load() <= pausedAt + 1);
    CHECK_FALSE(finished.load());
    pause = false;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));

    QElapsedTimer timer;
    timer.start();
    cancel = true;
    worker.join();
    INFO("stopped " << timer.elapsed() << " ms after cancel");
    CHECK(timer.elapsed() < 1000);
    CHECK(error.contains(QStringLiteral("cancelled")));
}
