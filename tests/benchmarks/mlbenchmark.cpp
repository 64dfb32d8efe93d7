// bench_ml: the compact lesion CNN in C++ (TorchScript module trained by LibTorch) next to the
// same architecture in PyTorch (Debian's python3-torch), both with the same thread count, in one
// run. Also one epoch over 5,000 streamed frames through the trainer, scoring 3,600 frames, a
// Grad-CAM and the process's peak memory.
//
// Usage: bench_ml [--threads N] [--epoch-frames N] [--score-frames N] [--jit-optimize 0|1]
// (--jit-optimize 1 turns LibTorch's graph optimiser back on, which the ml layer turns off.)

#include "ml/torchmodel.h"
#include "ml/trainer.h"

#include <torch/csrc/jit/python/update_graph_executor_opt.h>

#pragma push_macro("slots")
#undef slots
#include <torch/optim/adamw.h>
#pragma pop_macro("slots")

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>

using namespace iouslab;
using namespace iouslab::ml;

namespace {

constexpr int kSize = 256;
constexpr int kTrainBatch = 32;
constexpr int kTrainSteps = 20;
constexpr int kInferBatch = 64;
constexpr int kInferBatches = 10;

double peakMemoryMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0.0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0.0;
}

// CPU seconds of this process, all threads: on a shared machine, wall time also counts the
// time other processes held the cores; with one thread the CPU time is what a quiet machine's
// wall time would be.
double cpuSeconds()
{
    return double(std::clock()) / CLOCKS_PER_SEC;
}

struct Speed
{
    double train = 0.0;          ///< images per second, wall time
    double inference = 0.0;      ///< what scoring runs: the module optimised for inference
    double inferencePlain = 0.0; ///< the training module in eval mode, no optimisation
    double inferenceOptimizedReference = 0.0; ///< PyTorch's torch.jit.optimize_for_inference
    double optimizeSeconds = 0.0;             ///< making iouslab's optimised copy
    double trainChannelsLastReference = 0.0;  ///< PyTorch training in channels-last layout
    double trainCpu = 0.0;                    ///< images per CPU second of the process
    double inferenceCpu = 0.0;
    qint64 parameters = 0;
};

// The same steps as ml_reference.py: forward, class-weighted BCE, backward, AdamW.
Speed measureCpp()
{
    Expected<Model> created = Model::create(ModelKind::Compact, kSize, 1);
    if (!created) {
        std::fprintf(stderr, "%s\n", qPrintable(created.error()));
        std::exit(1);
    }
    Model model = std::move(*created);
    Model::Impl &impl = model.impl();
    useChannelsLast(impl.module); // as Trainer::fit does
    torch::optim::AdamW optimizer(modelParameters(impl.module),
                                  torch::optim::AdamWOptions(2e-3).weight_decay(1e-4));
    const torch::Tensor x = torch::rand({kTrainBatch, 1, kSize, kSize});
    const torch::Tensor y = (torch::rand({kTrainBatch}) > 0.5).to(torch::kFloat);
    const torch::Tensor positiveWeight = torch::ones({1});
    impl.module.train(true);
    auto step = [&] {
        optimizer.zero_grad();
        const torch::Tensor loss = torch::binary_cross_entropy_with_logits(
            modelLogits(impl, x), y, {}, positiveWeight, at::Reduction::Mean);
        loss.backward();
        optimizer.step();
    };
    for (int i = 0; i < 3; ++i)
        step();
    QElapsedTimer timer;
    timer.start();
    double cpu = cpuSeconds();
    for (int i = 0; i < kTrainSteps; ++i)
        step();
    Speed speed;
    speed.train = kTrainBatch * kTrainSteps / (timer.nsecsElapsed() / 1e9);
    speed.trainCpu = kTrainBatch * kTrainSteps / (cpuSeconds() - cpu);

    impl.module.eval();
    torch::NoGradGuard noGrad;
    const torch::Tensor input = torch::rand({kInferBatch, 1, kSize, kSize});
    for (int i = 0; i < 2; ++i)
        modelLogits(impl, input);
    timer.restart();
    for (int i = 0; i < kInferBatches; ++i)
        torch::sigmoid(modelLogits(impl, input));
    speed.inferencePlain = kInferBatch * kInferBatches / (timer.nsecsElapsed() / 1e9);

    // What Model::score runs, warmed up as the others are; making the copy is timed apart.
    timer.restart();
    torch::jit::Module inference = inferenceModule(impl.module);
    speed.optimizeSeconds = timer.nsecsElapsed() / 1e9;
    for (int i = 0; i < 2; ++i)
        inference.forward({input});
    timer.restart();
    cpu = cpuSeconds();
    for (int i = 0; i < kInferBatches; ++i)
        torch::sigmoid(inference.forward({input}).toTensor());
    speed.inference = kInferBatch * kInferBatches / (timer.nsecsElapsed() / 1e9);
    speed.inferenceCpu = kInferBatch * kInferBatches / (cpuSeconds() - cpu);
    speed.parameters = model.parameterCount();
    return speed;
}

Speed measurePython(int threads)
{
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(IOUSLAB_ML_REFERENCE), QString::number(threads),
                  QString::number(kSize), QString::number(kTrainBatch),
                  QString::number(kTrainSteps), QString::number(kInferBatch),
                  QString::number(kInferBatches)});
    if (!python.waitForFinished(600000) || python.exitCode() != 0) {
        std::fprintf(stderr,
                     "PyTorch reference failed (is Debian's python3-torch installed?)\n%s\n",
                     python.readAllStandardError().constData());
        std::exit(1);
    }
    Speed speed;
    for (const QByteArray &line : python.readAllStandardOutput().split('\n')) {
        const QList<QByteArray> parts = line.split(' ');
        if (parts.size() != 2)
            continue;
        if (parts[0] == "parameters")
            speed.parameters = parts[1].toLongLong();
        else if (parts[0] == "train_images_per_second")
            speed.train = parts[1].toDouble();
        else if (parts[0] == "inference_images_per_second")
            speed.inference = parts[1].toDouble();
        else if (parts[0] == "train_images_per_cpu_second")
            speed.trainCpu = parts[1].toDouble();
        else if (parts[0] == "inference_images_per_cpu_second")
            speed.inferenceCpu = parts[1].toDouble();
        else if (parts[0] == "channels_last_train_images_per_second")
            speed.trainChannelsLastReference = parts[1].toDouble();
        else if (parts[0] == "optimized_inference_images_per_second")
            speed.inferenceOptimizedReference = parts[1].toDouble();
    }
    return speed;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // The ml layer's process settings first, so that --jit-optimize can override them.
    prepareTorch();
    int threads = 2;
    int epochFrames = 5000;
    int scoreFrames = 3600;
    const QStringList arguments = app.arguments();
    for (int i = 1; i + 1 < arguments.size(); i += 2) {
        if (arguments[i] == QLatin1String("--threads"))
            threads = arguments[i + 1].toInt();
        else if (arguments[i] == QLatin1String("--epoch-frames"))
            epochFrames = arguments[i + 1].toInt();
        else if (arguments[i] == QLatin1String("--score-frames"))
            scoreFrames = arguments[i + 1].toInt();
        else if (arguments[i] == QLatin1String("--jit-optimize"))
            torch::jit::setGraphExecutorOptimize(arguments[i + 1].toInt() != 0);
    }
    setThreadCount(threads);
    std::printf("bench_ml: compact model, %d x %d input, %d threads\n", kSize, kSize, threads);

    // Alternating rounds, best of each, so that a burst of other work on a shared machine
    // does not decide the ratio.
    Speed cpp;
    Speed python;
    for (int round = 0; round < 2; ++round) {
        const Speed c = measureCpp();
        const Speed p = measurePython(threads);
        for (auto [best, run] : {std::pair{&cpp, &c}, std::pair{&python, &p}}) {
            best->train = std::max(best->train, run->train);
            best->trainChannelsLastReference =
                std::max(best->trainChannelsLastReference, run->trainChannelsLastReference);
            best->inference = std::max(best->inference, run->inference);
            best->inferencePlain = std::max(best->inferencePlain, run->inferencePlain);
            best->inferenceOptimizedReference =
                std::max(best->inferenceOptimizedReference, run->inferenceOptimizedReference);
            best->trainCpu = std::max(best->trainCpu, run->trainCpu);
            best->inferenceCpu = std::max(best->inferenceCpu, run->inferenceCpu);
            best->parameters = run->parameters;
            best->optimizeSeconds = run->optimizeSeconds;
        }
    }
    std::printf("parameters: iouslab %lld, PyTorch %lld\n", cpp.parameters, python.parameters);
    std::printf("%-34s %12s %12s %8s\n", "", "iouslab", "PyTorch", "ratio");
    std::printf("%-34s %12.1f %12.1f %8.2f\n", "training images/s (batch 32)", cpp.train,
                python.train, cpp.train / python.train);
    std::printf("%-34s %12.1f %12.1f %8.2f\n", "inference images/s (batch 64)", cpp.inference,
                python.inference, cpp.inference / python.inference);
    std::printf("%-34s %12.1f %12.1f %8.2f\n", "training images/CPU s", cpp.trainCpu,
                python.trainCpu, cpp.trainCpu / python.trainCpu);
    std::printf("%-34s %12.1f %12.1f %8.2f\n", "inference images/CPU s", cpp.inferenceCpu,
                python.inferenceCpu, cpp.inferenceCpu / python.inferenceCpu);
    std::printf("(training: iouslab trains with its convolution weights in channels-last layout, "
                "PyTorch as a user would, contiguous; PyTorch in channels-last: %.1f images/s, "
                "ratio %.2f)\n",
                python.trainChannelsLastReference, cpp.train / python.trainChannelsLastReference);
    std::printf("(inference: iouslab scores with the module optimised for inference, PyTorch runs "
                "it as a user would, eagerly under no_grad. Both optimised: %.1f and %.1f "
                "images/s, ratio %.2f; neither (iouslab's weights channels-last): %.1f and %.1f, "
                "ratio %.2f. Making the "
                "optimised copy took %.0f ms)\n",
                cpp.inference, python.inferenceOptimizedReference,
                cpp.inference / python.inferenceOptimizedReference, cpp.inferencePlain,
                python.inference, cpp.inferencePlain / python.inference,
                cpp.optimizeSeconds * 1000.0);

    // Streamed frames: a pool of distinct random frames stands in for the frame store, so the
    // figures include loading, augmentation, batching and the optimiser.
    std::mt19937 random(7);
    std::vector<std::vector<uint8_t>> pool(64, std::vector<uint8_t>(kSize * kSize));
    for (auto &frame : pool) {
        for (uint8_t &pixel : frame)
            pixel = uint8_t(random() & 0xff);
    }
    const FrameLoader loader = [&](qint64 frameId, uint8_t *out) {
        const std::vector<uint8_t> &frame = pool[size_t(frameId) % pool.size()];
        std::copy(frame.begin(), frame.end(), out);
    };
    std::vector<TrainingFrame> frames;
    for (int i = 0; i < epochFrames; ++i)
        frames.push_back({i, i / 100, (i / 7) % 4 == 0 ? 1 : 0});

    TrainingSettings settings;
    settings.threads = threads;
    Trainer trainer(settings, loader);
    Expected<Model> start = Model::create(ModelKind::Compact, kSize, 1);
    QElapsedTimer timer;
    timer.start();
    double cpu = cpuSeconds();
    Expected<FittedModel> fitted = trainer.fit(std::move(*start), frames, {}, 1);
    const double epochSeconds = timer.nsecsElapsed() / 1e9;
    const double epochCpu = cpuSeconds() - cpu;
    if (!fitted) {
        std::fprintf(stderr, "%s\n", qPrintable(fitted.error()));
        return 1;
    }
    std::printf("one epoch over %d frames (augmented, streamed): %.1f s wall, %.1f s CPU "
                "(goal < 90 s), %.1f images/s\n",
                epochFrames, epochSeconds, epochCpu, epochFrames / epochSeconds);
    std::printf("peak memory after the epoch: %.0f MiB\n", peakMemoryMiB());

    std::vector<qint64> ids;
    for (int i = 0; i < scoreFrames; ++i)
        ids.push_back(i);
    timer.restart();
    cpu = cpuSeconds();
    const Expected<std::vector<float>> scores = fitted->model.score(ids, loader);
    const double scoreSeconds = timer.nsecsElapsed() / 1e9;
    const double scoreCpu = cpuSeconds() - cpu;
    if (!scores) {
        std::fprintf(stderr, "%s\n", qPrintable(scores.error()));
        return 1;
    }
    std::printf("scoring %d frames: %.2f s wall, %.2f s CPU (goal < 10 s)\n", scoreFrames,
                scoreSeconds, scoreCpu);

    fitted->model.gradCam(pool[0].data());
    timer.restart();
    for (int i = 0; i < 20; ++i)
        fitted->model.gradCam(pool[size_t(i)].data());
    std::printf("Grad-CAM: %.1f ms per frame (goal < 100 ms)\n", timer.nsecsElapsed() / 1e6 / 20);
    std::printf("peak memory of this process: %.0f MiB (the PyTorch reference runs in its own)\n",
                peakMemoryMiB());
    return 0;
}
