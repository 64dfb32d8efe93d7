#include "ml/model.h"

#include "core/logging.h"
#include "ml/augmentation.h"
#include "ml/modelarchive.h"
#include "ml/torchmodel.h"

#include <QFileInfo>

#include <filesystem>
#include <random>

namespace iouslab::ml {
namespace {

// Restores the module's train/eval mode when a scope ends, so that scoring between epochs
// does not leave a model in the wrong mode.
class ModeGuard
{
public:
    ModeGuard(torch::jit::Module module, bool training)
        : m_module(std::move(module))
        , m_was(m_module.is_training())
    {
        m_module.train(training);
    }
    ~ModeGuard() { m_module.train(m_was); }

private:
    torch::jit::Module m_module;
    bool m_was;
};

// Runs a user's module on a small batch of zeros with the given channel count; gives the
// number of values per frame it returns, or nothing if it does not run or return a tensor.
std::optional<int64_t> outputWidth(torch::jit::Module module, int channels, int inputSize)
{
    try {
        torch::NoGradGuard noGrad;
        const torch::IValue output =
            module.forward({torch::zeros({2, channels, inputSize, inputSize})});
        if (!output.isTensor() || output.toTensor().dim() < 1 || output.toTensor().size(0) != 2)
            return std::nullopt;
        return output.toTensor().numel() / 2;
    } catch (const std::exception &) {
        return std::nullopt;
    }
}

Expected<torch::jit::Module> wrapUserModule(torch::jit::Module backbone, const QString &path,
                                            int inputSize, quint64 seed)
{
    backbone.eval();
    int channels = 1;
    std::optional<int64_t> width = outputWidth(backbone, 1, inputSize);
    if (!width) {
        channels = 3;
        width = outputWidth(backbone, 3, inputSize);
    }
    if (!width || *width < 1)
        return makeError(QStringLiteral("%1 is a TorchScript model, but its forward does not take "
                                        "a batch of N x 1 x %2 x %2 or N x 3 x %2 x %2 frames and "
                                        "return a tensor with one row per frame.")
                             .arg(path)
                             .arg(inputSize));

    torch::jit::Module module("IouslabUserModel");
    module.register_attribute("training", c10::BoolType::get(), true);
    module.register_attribute("iouslab_kind", c10::StringType::get(), std::string("user"));
    module.register_attribute("iouslab_input_size", c10::IntType::get(), int64_t(inputSize));
    module.register_module("backbone", backbone);

    std::string source = "def forward(self, x):\n";
    if (channels == 3)
        source += "        x = x.repeat([1, 3, 1, 1])\n";
    source += "        y = self.backbone.forward(x)\n"
              "        y = y.reshape([y.size(0), -1])\n";
    if (*width == 1) {
        source += "        return y.reshape([-1])\n";
    } else {
        // A new head from the backbone's outputs (ImageNet logits, say) to one lesion logit.
        std::mt19937 random(seed);
        const float bound = float(1.0 / std::sqrt(double(*width)));
        std::uniform_real_distribution<float> uniform(-bound, bound);
        torch::Tensor weight = torch::empty({1, *width});
        for (int64_t i = 0; i < weight.numel(); ++i)
            weight.data_ptr<float>()[i] = uniform(random);
        module.register_parameter("head_w", weight, false);
        module.register_parameter("head_b", torch::zeros({1}), false);
        source += "        return torch.linear(y, self.head_w, self.head_b).reshape([-1])\n";
    }
    module.define(source);
    return module;
}

} // namespace

QString modelKindName(ModelKind kind)
{
    switch (kind) {
    case ModelKind::Compact:
        return QStringLiteral("compact");
    case ModelKind::ResNet18:
        return QStringLiteral("resnet18");
    case ModelKind::UserFile:
        return QStringLiteral("user");
    }
    return {};
}

Model::Model(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{}

Model::Model(Model &&other) noexcept = default;
Model &Model::operator=(Model &&other) noexcept = default;
Model::~Model() = default;

Expected<Model> Model::create(ModelKind kind, int inputSize, quint64 seed)
{
    if (kind == ModelKind::UserFile)
        return makeError(QStringLiteral("A user's model is loaded from its file, not created."));
    // Three halvings in the stem and pool and three in the stages, after the in-model /2.
    if (inputSize < 32)
        return makeError(
            QStringLiteral("Model input size %1 is below the smallest, 32.").arg(inputSize));
    prepareTorch();
    try {
        auto impl = std::make_unique<Impl>();
        impl->module = buildResidualNet(kind, inputSize, seed);
        impl->kind = kind;
        impl->inputSize = inputSize;
        return Model(std::move(impl));
    } catch (const std::exception &error) {
        return makeError(QStringLiteral("Could not build the %1 model: %2")
                             .arg(modelKindName(kind), torchMessage(error)));
    }
}

Expected<Model> Model::load(const QString &path, int inputSize, quint64 seed)
{
    prepareTorch();
    const QFileInfo info(path);
    if (!info.isFile())
        return makeError(QStringLiteral("Model file %1 does not exist.").arg(path));

    // LibTorch does not check the archive's checksums; damaged weights would load silently.
    if (Status intact = checkModelArchive(path); !intact)
        return Error{intact.error()};

    torch::jit::Module module;
    try {
        module = torch::jit::load(path.toStdString());
    } catch (const std::exception &error) {
        return makeError(QStringLiteral("%1 is not a readable TorchScript model (damaged, "
                                        "truncated or another format): %2")
                             .arg(path, torchMessage(error)));
    }

    auto impl = std::make_unique<Impl>();
    try {
        if (module.hasattr("iouslab_kind") && module.hasattr("iouslab_input_size")) {
            const std::string kind = module.attr("iouslab_kind").toStringRef();
            impl->inputSize = int(module.attr("iouslab_input_size").toInt());
            if (kind == "compact")
                impl->kind = ModelKind::Compact;
            else if (kind == "resnet18")
                impl->kind = ModelKind::ResNet18;
            else if (kind == "user")
                impl->kind = ModelKind::UserFile;
            else
                return makeError(QStringLiteral("%1 names an unknown model kind \"%2\".")
                                     .arg(path, QString::fromStdString(kind)));
            impl->module = module;
            // Check that it runs, so that a model refused later (mid-training) is refused now.
            if (!outputWidth(module, 1, impl->inputSize))
                return makeError(QStringLiteral("%1 loads but does not run on a %2 x %2 frame.")
                                     .arg(path)
                                     .arg(impl->inputSize));
        } else {
            Expected<torch::jit::Module> wrapped = wrapUserModule(module, path, inputSize, seed);
            if (!wrapped)
                return Error{wrapped.error()};
            impl->module = *wrapped;
            impl->kind = ModelKind::UserFile;
            impl->inputSize = inputSize;
        }
        for (torch::Tensor &parameter : modelParameters(impl->module))
            parameter.set_requires_grad(true);
    } catch (const std::exception &error) {
        return makeError(
            QStringLiteral("%1 is not a usable model: %2").arg(path, torchMessage(error)));
    }
    return Model(std::move(impl));
}

Model Model::clone() const
{
    auto impl = std::make_unique<Impl>(*d);
    impl->module = d->module.deepcopy();
    // A copy must be a leaf of its own: detached from the original's autograd history.
    for (const torch::jit::Module &module : impl->module.modules()) {
        torch::jit::Module owner = module;
        for (const auto &parameter : module.named_parameters(false)) {
            owner.setattr(parameter.name, parameter.value.detach().clone().set_requires_grad(true));
        }
    }
    return Model(std::move(impl));
}

Status Model::save(const QString &path) const
{
    const std::string target = path.toStdString();
    const std::string temporary = target + ".partial";
    try {
        // Saved in eval mode: a user who loads the file in Python gets inference behaviour.
        ModeGuard mode(d->module, false);
        d->module.save(temporary);
    } catch (const std::exception &error) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        return makeError(
            QStringLiteral("Could not write the model to %1: %2").arg(path, torchMessage(error)));
    }
    std::error_code error;
    std::filesystem::rename(temporary, target, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        return makeError(QStringLiteral("Could not write the model to %1: %2")
                             .arg(path, QString::fromStdString(error.message())));
    }
    return {};
}

Expected<std::vector<float>> Model::score(const std::vector<qint64> &frameIds,
                                          const FrameLoader &loader, int batchSize) const
{
    const int size = d->inputSize;
    const size_t pixels = size_t(size) * size_t(size);
    std::vector<uint8_t> frame(pixels);
    std::vector<float> result;
    result.reserve(frameIds.size());
    try {
        ModeGuard mode(d->module, false);
        torch::NoGradGuard noGrad;
        bool optimised = d->scoresOptimised; // false once scoring falls back to the module
        torch::jit::Module module = optimised ? inferenceModule(d->module) : d->module;
        for (size_t start = 0; start < frameIds.size(); start += size_t(batchSize)) {
            const int count = int(std::min(frameIds.size() - start, size_t(batchSize)));
            torch::Tensor batch = torch::empty({count, 1, size, size});
            for (int i = 0; i < count; ++i) {
                loader(frameIds[start + size_t(i)], frame.data());
                toUnitFloat(frame.data(), size, batch.data_ptr<float>() + size_t(i) * pixels);
            }
            torch::Tensor logits;
            try {
                logits = module.forward({batch}).toTensor().reshape({-1});
            } catch (const std::exception &error) {
                // The optimised copy of a user's module can fail where the module itself
                // runs: the rest is scored by the module as it is.
                if (!optimised)
                    throw;
                qCDebug(lcMl) << "the optimised module failed, scoring without it:"
                              << torchMessage(error);
                module = d->module;
                optimised = false;
                d->scoresOptimised = false;
                logits = module.forward({batch}).toTensor().reshape({-1});
            }
            const torch::Tensor probability = torch::sigmoid(logits).contiguous();
            const float *values = probability.data_ptr<float>();
            result.insert(result.end(), values, values + count);
        }
    } catch (const std::exception &error) {
        return makeError(QStringLiteral("Scoring frames failed: %1").arg(torchMessage(error)));
    }
    return result;
}

Expected<HeatMap> Model::gradCam(const uint8_t *pixels) const
{
    if (d->kind == ModelKind::UserFile)
        return makeError(QStringLiteral("Heat maps are available for the built-in models only; a "
                                        "user's model has no known last convolution."));
    const int size = d->inputSize;
    try {
        ModeGuard mode(d->module, false);
        torch::jit::Module module = d->module;
        torch::Tensor input = torch::empty({1, 1, size, size});
        toUnitFloat(pixels, size, input.data_ptr<float>());

        torch::Tensor features;
        {
            torch::NoGradGuard noGrad;
            features = module.run_method("features", input).toTensor();
        }
        // Only the head needs a graph: the gradient is taken at the activations themselves.
        features = features.detach().set_requires_grad(true);
        const torch::Tensor logit = module.run_method("head", features).toTensor();
        const torch::Tensor gradient = torch::autograd::grad({logit.sum()}, {features})[0];

        torch::NoGradGuard noGrad;
        const torch::Tensor weights = gradient.mean({2, 3}, true);
        torch::Tensor cam = torch::relu((weights * features).sum(1, true));
        cam = at::upsample_bilinear2d(cam, {size, size}, false).reshape({size, size});
        const float peak = cam.max().item<float>();
        if (peak > 0.0f)
            cam = cam / peak;
        cam = cam.contiguous();

        HeatMap map;
        map.size = size;
        map.values.assign(cam.data_ptr<float>(), cam.data_ptr<float>() + cam.numel());
        map.probability = torch::sigmoid(logit).item<float>();
        return map;
    } catch (const std::exception &error) {
        return makeError(QStringLiteral("Heat map failed: %1").arg(torchMessage(error)));
    }
}

ModelKind Model::kind() const
{
    return d->kind;
}

int Model::inputSize() const
{
    return d->inputSize;
}

qint64 Model::parameterCount() const
{
    qint64 count = 0;
    for (const torch::Tensor &parameter : modelParameters(d->module))
        count += parameter.numel();
    return count;
}

} // namespace iouslab::ml
