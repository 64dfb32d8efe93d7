#include "ml/trainer.h"

#include "core/logging.h"
#include "ml/augmentation.h"
#include "ml/rocauc.h"
#include "ml/torchmodel.h"

#pragma push_macro("slots")
#undef slots
#include <ATen/Parallel.h>
#include <torch/optim/adamw.h>
#pragma pop_macro("slots")

#include <QElapsedTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <thread>

namespace iouslab::ml {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<TrainingFrame> framesOf(const std::vector<TrainingFrame> &frames,
                                    const std::vector<qint64> &patients)
{
    const std::set<qint64> wanted(patients.begin(), patients.end());
    std::vector<TrainingFrame> result;
    for (const TrainingFrame &frame : frames) {
        if (wanted.count(frame.patientId))
            result.push_back(frame);
    }
    return result;
}

std::vector<qint64> idsOf(const std::vector<TrainingFrame> &frames)
{
    std::vector<qint64> ids;
    ids.reserve(frames.size());
    for (const TrainingFrame &frame : frames)
        ids.push_back(frame.frameId);
    return ids;
}

std::vector<int> labelsOf(const std::vector<TrainingFrame> &frames)
{
    std::vector<int> labels;
    labels.reserve(frames.size());
    for (const TrainingFrame &frame : frames)
        labels.push_back(frame.label);
    return labels;
}

double median(std::vector<double> values)
{
    values.erase(std::remove_if(values.begin(), values.end(),
                                [](double value) { return std::isnan(value); }),
                 values.end());
    if (values.empty())
        return kNaN;
    std::sort(values.begin(), values.end());
    const size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

struct Snapshot
{
    std::vector<torch::Tensor> tensors;
};

Snapshot takeSnapshot(const torch::jit::Module &module)
{
    torch::NoGradGuard noGrad;
    Snapshot snapshot;
    for (const torch::Tensor &tensor : modelParameters(module))
        snapshot.tensors.push_back(tensor.detach().clone());
    for (const torch::Tensor &tensor : modelBuffers(module))
        snapshot.tensors.push_back(tensor.detach().clone());
    return snapshot;
}

void restoreSnapshot(const torch::jit::Module &module, const Snapshot &snapshot)
{
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> tensors = modelParameters(module);
    const std::vector<torch::Tensor> buffers = modelBuffers(module);
    tensors.insert(tensors.end(), buffers.begin(), buffers.end());
    for (size_t i = 0; i < tensors.size(); ++i)
        tensors[i].copy_(snapshot.tensors[i]);
}

} // namespace

int defaultThreadCount()
{
    return std::max(1, int(std::thread::hardware_concurrency()) - 1);
}

void setThreadCount(int threads)
{
    at::set_num_threads(threads > 0 ? threads : defaultThreadCount());
}

Trainer::Trainer(TrainingSettings settings, FrameLoader loader)
    : m_settings(std::move(settings))
    , m_loader(std::move(loader))
{}

void Trainer::setProgressCallback(ProgressCallback callback)
{
    m_progress = std::move(callback);
}

void Trainer::setCancelFlag(const std::atomic<bool> *cancel)
{
    m_cancel = cancel;
}

void Trainer::setPauseFlag(const std::atomic<bool> *pause)
{
    m_pause = pause;
}

bool Trainer::cancelled() const
{
    return m_cancel && m_cancel->load();
}

bool Trainer::waitWhilePaused() const
{
    while (m_pause && m_pause->load() && !cancelled())
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return !cancelled();
}

Expected<Model> Trainer::startingModel(bool forFold) const
{
    if (!m_settings.warmStartFile.isEmpty() && (!forFold || m_settings.warmStartFolds))
        return Model::load(m_settings.warmStartFile, m_settings.inputSize, m_settings.seed);
    if (m_settings.modelKind == ModelKind::UserFile)
        return Model::load(m_settings.modelFile, m_settings.inputSize, m_settings.seed);
    return Model::create(m_settings.modelKind, m_settings.inputSize, m_settings.seed);
}

Expected<TrainingResult> Trainer::run(const std::vector<TrainingFrame> &frames)
{
    Expected<TrainingResult> result = runFolds(frames);
    m_inRun = false;
    return result;
}

Expected<TrainingResult> Trainer::runFolds(const std::vector<TrainingFrame> &frames)
{
    for (const TrainingFrame &frame : frames) {
        if (frame.label != 0 && frame.label != 1)
            return makeError(QStringLiteral("Frame %1 has label %2; training takes 0 (normal) "
                                            "and 1 (lesion) only.")
                                 .arg(frame.frameId)
                                 .arg(frame.label));
    }
    setThreadCount(m_settings.threads);

    FoldSettings foldSettings;
    foldSettings.folds = m_settings.folds;
    foldSettings.leaveOnePatientOut = m_settings.leaveOnePatientOut;
    foldSettings.validationShare = m_settings.validationShare;
    foldSettings.seed = m_settings.seed;
    Expected<std::vector<Fold>> folds = makeFolds(frames, foldSettings);
    if (!folds)
        return Error{folds.error()};

    const int foldCount = int(folds->size());
    const double perEpoch = double(frames.size());
    m_plannedFrames = perEpoch * m_settings.maxEpochs * (foldCount + 1);
    m_doneFrames = 0.0;
    m_elapsedSeconds = 0.0;
    m_inRun = true;

    TrainingResult result;
    std::vector<double> bestEpochs;
    std::vector<double> thresholds;
    for (int f = 0; f < foldCount; ++f) {
        const Fold &fold = (*folds)[size_t(f)];
        const std::vector<TrainingFrame> train = framesOf(frames, fold.trainPatients);
        const std::vector<TrainingFrame> validation = framesOf(frames, fold.validationPatients);
        const std::vector<TrainingFrame> test = framesOf(frames, fold.testPatients);

        Expected<Model> start = startingModel(true);
        if (!start)
            return Error{start.error()};
        Expected<FittedModel> fitted =
            fit(std::move(*start), train, validation, m_settings.maxEpochs, f, foldCount);
        if (!fitted)
            return Error{fitted.error()};

        Expected<std::vector<float>> scores = fitted->model.score(idsOf(test), m_loader);
        if (!scores)
            return Error{scores.error()};
        for (size_t i = 0; i < test.size(); ++i)
            result.outOfFold.push_back({test[i].frameId, f, (*scores)[i]});

        FoldResult foldResult;
        foldResult.patients = fold;
        foldResult.trainFrames = int(train.size());
        foldResult.validationFrames = int(validation.size());
        foldResult.testFrames = int(test.size());
        foldResult.bestEpoch = fitted->bestEpoch;
        foldResult.epochsRun = fitted->epochsRun;
        foldResult.validationAuc = fitted->validationAuc;
        foldResult.testAuc = rocAuc(*scores, labelsOf(test));
        foldResult.threshold = fitted->threshold;
        result.folds.push_back(foldResult);
        bestEpochs.push_back(fitted->bestEpoch);
        thresholds.push_back(fitted->threshold);
        qCInfo(lcMl) << "fold" << f + 1 << "of" << foldCount << "best epoch" << fitted->bestEpoch
                     << "validation AUC" << fitted->validationAuc << "test AUC"
                     << foldResult.testAuc;
    }
    result.finalThreshold = median(thresholds);

    if (m_settings.trainFinalModel) {
        const int epochs = m_settings.finalEpochs > 0
                               ? m_settings.finalEpochs
                               : std::max(1, int(std::lround(median(bestEpochs))));
        Expected<Model> start = startingModel(false);
        if (!start)
            return Error{start.error()};
        m_plannedFrames = m_doneFrames + perEpoch * epochs;
        Expected<FittedModel> fitted =
            fit(std::move(*start), frames, {}, epochs, foldCount, foldCount);
        if (!fitted)
            return Error{fitted.error()};
        result.finalModel = std::move(fitted->model);
        result.finalEpochs = epochs;
    }
    return result;
}

Expected<FittedModel> Trainer::fit(Model start, const std::vector<TrainingFrame> &train,
                                   const std::vector<TrainingFrame> &validation, int epochs,
                                   int fold, int foldCount)
{
    const int size = start.inputSize();
    const size_t pixels = size_t(size) * size_t(size);
    const int batchSize = std::max(2, m_settings.batchSize);
    if (train.size() < 2)
        return makeError(QStringLiteral("Training needs at least 2 frames; fold %1 has %2.")
                             .arg(fold + 1)
                             .arg(train.size()));
    const auto positives = std::count_if(
        train.begin(), train.end(), [](const TrainingFrame &frame) { return frame.label == 1; });
    const auto negatives = qint64(train.size()) - positives;
    if (positives == 0 || negatives == 0)
        return makeError(
            QStringLiteral("The training patients of fold %1 have only %2 frames; "
                           "training needs both normal and lesion frames.")
                .arg(fold + 1)
                .arg(positives == 0 ? QStringLiteral("normal") : QStringLiteral("lesion")));

    FittedModel fitted{std::move(start)};
    const Model::Impl &model = fitted.model.impl();
    if (!m_inRun) {
        m_plannedFrames = m_doneFrames + double(train.size() + validation.size()) * epochs;
        setThreadCount(m_settings.threads);
    }
    const std::vector<qint64> validationIds = idsOf(validation);
    const std::vector<int> validationLabels = labelsOf(validation);
    const Augmentation augmentation;

    try {
        useChannelsLast(model.module);
        const std::vector<torch::Tensor> parameters = modelParameters(model.module);
        torch::optim::AdamW optimizer(parameters,
                                      torch::optim::AdamWOptions(m_settings.learningRate)
                                          .weight_decay(m_settings.weightDecay));
        // Class balance: lesion frames weigh as much in the loss as normal frames altogether.
        const torch::Tensor positiveWeight = torch::full({1}, double(negatives) / positives);
        // The cosine runs over the most epochs the run may take, so that early stopping does
        // not change the rate of the epochs before it.
        const int64_t stepsPerEpoch =
            int64_t(train.size()) / batchSize + (train.size() % size_t(batchSize) >= 2 ? 1 : 0);
        const double totalSteps = double(std::max<int64_t>(1, stepsPerEpoch * epochs));
        int64_t step = 0;

        std::vector<size_t> order(train.size());
        std::iota(order.begin(), order.end(), 0);
        std::vector<uint8_t> frame(pixels);
        Snapshot best;
        double bestCriterion = -std::numeric_limits<double>::infinity();
        std::vector<float> bestValidationScores;
        int sinceBest = 0;

        for (int epoch = 1; epoch <= epochs; ++epoch) {
            QElapsedTimer timer;
            timer.start();
            std::mt19937_64 shuffle(m_settings.seed * 1000003ULL + quint64(fold) * 7919ULL +
                                    quint64(epoch));
            std::shuffle(order.begin(), order.end(), shuffle);

            fitted.model.impl().module.train(true);
            double lossSum = 0.0;
            int64_t lossCount = 0;
            for (size_t begin = 0; begin + 2 <= order.size(); begin += size_t(batchSize)) {
                if (!waitWhilePaused())
                    return makeError(QStringLiteral("Training was cancelled."));
                // A last batch of one frame is left out: batch norm needs two.
                const int count = int(std::min(order.size() - begin, size_t(batchSize)));
                torch::Tensor batch = torch::empty({count, 1, size, size});
                torch::Tensor targets = torch::empty({count});
                float *batchData = batch.data_ptr<float>();
                for (int i = 0; i < count; ++i) {
                    const TrainingFrame &item = train[order[begin + size_t(i)]];
                    m_loader(item.frameId, frame.data());
                    float *out = batchData + size_t(i) * pixels;
                    if (m_settings.augment)
                        augmentation.apply(frame.data(), size, out, m_settings.seed, epoch,
                                           item.frameId);
                    else
                        toUnitFloat(frame.data(), size, out);
                    targets.data_ptr<float>()[i] = float(item.label);
                }

                const double progress = double(step) / totalSteps;
                const double rate =
                    m_settings.learningRate * 0.5 * (1.0 + std::cos(M_PI * progress));
                for (auto &group : optimizer.param_groups())
                    static_cast<torch::optim::AdamWOptions &>(group.options()).lr(rate);

                optimizer.zero_grad();
                const torch::Tensor logits = modelLogits(model, batch);
                const torch::Tensor loss = torch::binary_cross_entropy_with_logits(
                    logits, targets, {}, positiveWeight, at::Reduction::Mean);
                loss.backward();
                optimizer.step();
                ++step;
                lossSum += loss.item<double>() * count;
                lossCount += count;
            }

            double auc = kNaN;
            std::vector<float> validationScores;
            if (!validation.empty()) {
                Expected<std::vector<float>> scores = fitted.model.score(validationIds, m_loader);
                if (!scores)
                    return Error{scores.error()};
                validationScores = std::move(*scores);
                auc = rocAuc(validationScores, validationLabels);
            }
            fitted.epochsRun = epoch;

            // Without validation, or with one class only there, the latest epoch counts as best.
            const double criterion = std::isnan(auc) ? double(epoch) : auc;
            if (criterion > bestCriterion + 1e-9) {
                bestCriterion = criterion;
                best = takeSnapshot(model.module);
                bestValidationScores = validationScores;
                fitted.bestEpoch = epoch;
                fitted.validationAuc = auc;
                sinceBest = 0;
            } else {
                ++sinceBest;
            }

            const double epochFrames = double(train.size() + validation.size());
            m_doneFrames += epochFrames;
            m_elapsedSeconds += timer.nsecsElapsed() / 1e9;
            const bool stopping = !validation.empty() && epoch >= m_settings.minEpochs &&
                                  sinceBest >= m_settings.patience;
            if (stopping)
                m_plannedFrames -= epochFrames * (epochs - epoch);
            if (m_progress) {
                TrainingProgress report;
                report.fold = fold;
                report.foldCount = foldCount;
                report.epoch = epoch;
                report.epochs = epochs;
                report.loss = lossCount ? lossSum / double(lossCount) : kNaN;
                report.validationAuc = auc;
                report.etaSeconds = m_doneFrames > 0.0
                                        ? std::max(0.0, m_plannedFrames - m_doneFrames) *
                                              m_elapsedSeconds / m_doneFrames
                                        : 0.0;
                m_progress(report);
            }
            if (cancelled())
                return makeError(QStringLiteral("Training was cancelled."));
            if (stopping)
                break;
        }

        restoreSnapshot(model.module, best);
        fitted.threshold = thresholdForSensitivity(bestValidationScores, validationLabels,
                                                   m_settings.operatingSensitivity);
        fitted.model.impl().module.eval();
    } catch (const std::exception &error) {
        return makeError(
            QStringLiteral("Training fold %1 failed: %2").arg(fold + 1).arg(torchMessage(error)));
    }
    return fitted;
}

} // namespace iouslab::ml
