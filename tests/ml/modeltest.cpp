#include "ml/model.h"
#include "ml/torchmodel.h"
#include "ml/trainer.h"
#include "syntheticultrasound.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <cstring>

using namespace iouslab;
using namespace iouslab::ml;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

QString checkScript()
{
    return QStringLiteral(IOUSLAB_SOURCE_DIR "/tests/ml/torchscript_check.py");
}

// Runs the PyTorch side; fails the test with a clear message where Debian's python3-torch is
// missing, instead of skipping.
QByteArray runPython(const QStringList &arguments)
{
    QProcess probe;
    probe.start(kPython, {QStringLiteral("-c"), QStringLiteral("import torch")});
    probe.waitForFinished(60000);
    if (probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
        FAIL("/usr/bin/python3 cannot import torch: install Debian's python3-torch");

    QProcess python;
    python.start(kPython, QStringList{checkScript()} + arguments);
    REQUIRE(python.waitForFinished(120000));
    INFO(python.readAllStandardError().toStdString());
    REQUIRE(python.exitCode() == 0);
    return python.readAllStandardOutput();
}

std::vector<float> pythonScores(const QString &modelPath, const test::SyntheticUltrasound &set,
                                const std::vector<qint64> &ids, const QString &folder)
{
    const QString pixelPath = folder + QStringLiteral("/pixels.raw");
    QFile pixels(pixelPath);
    REQUIRE(pixels.open(QIODevice::WriteOnly));
    for (qint64 id : ids) {
        const std::vector<uint8_t> &frame = set.pixels.at(id);
        pixels.write(reinterpret_cast<const char *>(frame.data()), qint64(frame.size()));
    }
    pixels.close();

    const QByteArray out = runPython({QStringLiteral("score"), modelPath, pixelPath,
                                      QString::number(ids.size()), QString::number(set.size)});
    std::vector<float> scores;
    for (const QByteArray &line : out.split('\n')) {
        if (!line.trimmed().isEmpty())
            scores.push_back(line.trimmed().toFloat());
    }
    return scores;
}

std::vector<qint64> idsOf(const test::SyntheticUltrasound &set)
{
    std::vector<qint64> ids;
    for (const TrainingFrame &frame : set.frames)
        ids.push_back(frame.frameId);
    return ids;
}

// A model after one short epoch, so that batch-norm statistics and weights are no longer
// their initial values.
Model trainedBriefly(ModelKind kind, const test::SyntheticUltrasound &set)
{
    TrainingSettings settings;
    settings.threads = 1;
    settings.batchSize = 8;
    Expected<Model> start = Model::create(kind, set.size, 3);
    REQUIRE(start);
    Trainer trainer(settings, set.loader());
    Expected<FittedModel> fitted = trainer.fit(std::move(*start), set.frames, {}, 1);
    REQUIRE(fitted);
    return std::move(fitted->model);
}

} // namespace

TEST_CASE("A saved model loads in PyTorch and gives the same probabilities", "[ml]")
{
    const test::SyntheticUltrasound set = test::SyntheticUltrasound::make(4, 8, 64, 11);
    QTemporaryDir folder;
    REQUIRE(folder.isValid());

    for (ModelKind kind : {ModelKind::Compact, ModelKind::ResNet18}) {
        INFO(modelKindName(kind).toStdString());
        const Model model = trainedBriefly(kind, set);
        const QString path = folder.filePath(modelKindName(kind) + QStringLiteral(".pt"));
        REQUIRE(model.save(path));

        const std::vector<qint64> ids = idsOf(set);
        const Expected<std::vector<float>> cpp = model.score(ids, set.loader(), 16);
        REQUIRE(cpp);
        const std::vector<float> python = pythonScores(path, set, ids, folder.path());
        REQUIRE(python.size() == ids.size());
        for (size_t i = 0; i < ids.size(); ++i)
            CHECK((*cpp)[i] == Approx(python[i]).margin(1e-5));

        // And back into C++: same kind, same probabilities.
        const Expected<Model> loaded = Model::load(path);
        REQUIRE(loaded);
        CHECK(loaded->kind() == kind);
        CHECK(loaded->inputSize() == 64);
        const Expected<std::vector<float>> again = loaded->score(ids, set.loader());
        REQUIRE(again);
        for (size_t i = 0; i < ids.size(); ++i)
            CHECK((*again)[i] == Approx((*cpp)[i]).margin(1e-6));
    }
}

TEST_CASE("A user's 3-channel TorchScript model is fine-tuned and still loads in PyTorch", "[ml]")
{
    const test::SyntheticUltrasound set = test::SyntheticUltrasound::make(4, 8, 64, 12);
    QTemporaryDir folder;
    REQUIRE(folder.isValid());
    const QString userPath = folder.filePath(QStringLiteral("user.pt"));
    runPython({QStringLiteral("make-user"), userPath, QStringLiteral("64")});

    Expected<Model> model = Model::load(userPath, 64);
    INFO(model.error().toStdString());
    REQUIRE(model);
    CHECK(model->kind() == ModelKind::UserFile);
    const std::vector<torch::Tensor> before = modelParameters(model->clone().impl().module);

    TrainingSettings settings;
    settings.threads = 1;
    settings.batchSize = 8;
    Trainer trainer(settings, set.loader());
    Expected<FittedModel> fitted = trainer.fit(std::move(*model), set.frames, {}, 1);
    REQUIRE(fitted);
    const std::vector<torch::Tensor> after = modelParameters(fitted->model.impl().module);
    REQUIRE(after.size() == before.size());
    // The user's own layers were trained, not only the added head.
    CHECK_FALSE(torch::equal(before.front(), after.front()));

    const QString tunedPath = folder.filePath(QStringLiteral("tuned.pt"));
    REQUIRE(fitted->model.save(tunedPath));
    const std::vector<qint64> ids = idsOf(set);
    const Expected<std::vector<float>> cpp = fitted->model.score(ids, set.loader());
    REQUIRE(cpp);
    const std::vector<float> python = pythonScores(tunedPath, set, ids, folder.path());
    REQUIRE(python.size() == ids.size());
    for (size_t i = 0; i < ids.size(); ++i)
        CHECK((*cpp)[i] == Approx(python[i]).margin(1e-5));

    const Expected<Model> reloaded = Model::load(tunedPath);
    REQUIRE(reloaded);
    CHECK(reloaded->kind() == ModelKind::UserFile);
}

TEST_CASE("A damaged or foreign model file is refused with a message naming it", "[ml]")
{
    QTemporaryDir folder;
    REQUIRE(folder.isValid());
    const test::SyntheticUltrasound set = test::SyntheticUltrasound::make(2, 2, 64, 13);
    const Expected<Model> model = Model::create(ModelKind::Compact, 64);
    REQUIRE(model);
    const QString good = folder.filePath(QStringLiteral("good.pt"));
    REQUIRE(model->save(good));
    QFile goodFile(good);
    REQUIRE(goodFile.open(QIODevice::ReadOnly));
    const QByteArray bytes = goodFile.readAll();

    auto write = [&](const QString &name, const QByteArray &content) {
        const QString path = folder.filePath(name);
        QFile file(path);
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write(content);
        return path;
    };
    // Flipped bytes inside the weights: LibTorch's reader alone would load these.
    QByteArray flipped = bytes;
    for (int i = flipped.size() / 3; i < flipped.size() / 3 + 64; ++i)
        flipped[i] = char(flipped[i] ^ 0x5a);
    QByteArray oneBit = bytes;
    oneBit[oneBit.size() / 2] = char(oneBit[oneBit.size() / 2] ^ 0x01);

    const QStringList bad = {
        write(QStringLiteral("truncated.pt"), bytes.left(bytes.size() / 2)),
        write(QStringLiteral("flipped.pt"), flipped),
        write(QStringLiteral("onebit.pt"), oneBit),
        write(QStringLiteral("text.pt"), QByteArray("not a model at all\n")),
        write(QStringLiteral("empty.pt"), QByteArray()),
        folder.filePath(QStringLiteral("missing.pt")),
    };
    for (const QString &path : bad) {
        INFO(path.toStdString());
        const Expected<Model> loaded = Model::load(path);
        REQUIRE_FALSE(loaded);
        CHECK(loaded.error().contains(path));
    }
}

TEST_CASE("Grad-CAM gives a heat map per frame in under 100 ms", "[ml]")
{
    setThreadCount(1);
    const test::SyntheticUltrasound set = test::SyntheticUltrasound::make(1, 10, 256, 14);
    const Model model =
        trainedBriefly(ModelKind::Compact, test::SyntheticUltrasound::make(2, 8, 256, 15));

    const Expected<HeatMap> warmUp = model.gradCam(set.pixels.begin()->second.data());
    REQUIRE(warmUp);
    QElapsedTimer timer;
    timer.start();
    for (const auto &[id, pixels] : set.pixels) {
        const Expected<HeatMap> map = model.gradCam(pixels.data());
        REQUIRE(map);
        REQUIRE(map->size == 256);
        REQUIRE(map->values.size() == size_t(256 * 256));
        const auto [low, high] = std::minmax_element(map->values.begin(), map->values.end());
        CHECK(*low >= 0.0f);
        CHECK(*high <= 1.0f + 1e-6f);
        CHECK(map->probability >= 0.0f);
        CHECK(map->probability <= 1.0f);
    }
    const double perFrameMs = double(timer.elapsed()) / double(set.pixels.size());
    INFO("Grad-CAM ms per frame: " << perFrameMs);
    CHECK(perFrameMs < 100.0);
}
