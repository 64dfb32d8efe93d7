#include "ml/torchmodel.h"

#include "core/logging.h"

#include <torch/csrc/jit/python/update_graph_executor_opt.h>

#include <cmath>
#include <mutex>
#include <random>
#include <sstream>

namespace iouslab::ml {
namespace {

struct Stage
{
    int channels = 0;
    int blocks = 0;
    int stride = 1;
};

struct NetSpec
{
    int downscale = 1;
    int stemChannels = 0;
    int stemKernel = 0;
    std::vector<Stage> stages;
};

NetSpec specOf(ModelKind kind)
{
    if (kind == ModelKind::ResNet18)
        return {2, 64, 7, {{64, 2, 1}, {128, 2, 2}, {256, 2, 2}, {512, 2, 2}}};
    // Compact: at 128 x 128 after the in-model downscale, a stride-2 stem and a max pool bring
    // the frame to 32 x 32, then one residual block per stage. About 17 million
    // multiply-adds per frame, a hundredth of ResNet-18 at the same size.
    return {2, 16, 5, {{16, 1, 1}, {32, 1, 2}, {64, 1, 2}, {128, 1, 2}}};
}

// Writes the TorchScript source of the network while registering its parameters, so that
// names in the source and in the module cannot drift apart.
class NetBuilder
{
public:
    NetBuilder(torch::jit::Module &module, quint64 seed)
        : m_module(module)
        , m_random(seed)
    {}

    void line(const std::string &text) { m_source << "        " << text << "\n"; }

    std::string conv(const std::string &name, const std::string &input, int in, int out, int kernel,
                     int stride)
    {
        // He initialisation for ReLU networks, drawn from the builder's own generator so that
        // the weights depend on the seed alone and not on LibTorch's global generator.
        const double deviation = std::sqrt(2.0 / (double(in) * kernel * kernel));
        std::normal_distribution<float> normal(0.0f, float(deviation));
        torch::Tensor weight = torch::empty({out, in, kernel, kernel});
        float *data = weight.data_ptr<float>();
        for (int64_t i = 0; i < weight.numel(); ++i)
            data[i] = normal(m_random);
        m_module.register_parameter(name + "_w", weight, false);
        const int padding = kernel / 2;
        return "torch.conv2d(" + input + ", self." + name + "_w, None, [" + num(stride) + ", " +
               num(stride) + "], [" + num(padding) + ", " + num(padding) + "])";
    }

    std::string batchNorm(const std::string &name, const std::string &input, int channels,
                          float gamma = 1.0f)
    {
        m_module.register_parameter(name + "_g", torch::full({channels}, gamma), false);
        m_module.register_parameter(name + "_b", torch::zeros({channels}), false);
        m_module.register_buffer(name + "_mean", torch::zeros({channels}));
        m_module.register_buffer(name + "_var", torch::ones({channels}));
        return "torch.batch_norm(" + input + ", self." + name + "_g, self." + name + "_b, self." +
               name + "_mean, self." + name + "_var, self.training, 0.1, 1e-05, False)";
    }

    void linear(const std::string &name, int in, int out)
    {
        const float bound = float(1.0 / std::sqrt(double(in)));
        std::uniform_real_distribution<float> uniform(-bound, bound);
        torch::Tensor weight = torch::empty({out, in});
        float *data = weight.data_ptr<float>();
        for (int64_t i = 0; i < weight.numel(); ++i)
            data[i] = uniform(m_random);
        m_module.register_parameter(name + "_w", weight, false);
        m_module.register_parameter(name + "_b", torch::zeros({out}), false);
    }

    std::string source() const { return m_source.str(); }

private:
    static std::string num(int value) { return std::to_string(value); }

    torch::jit::Module &m_module;
    std::mt19937 m_random;
    std::ostringstream m_source;
};

} // namespace

void prepareTorch()
{
    static std::once_flag once;
    std::call_once(once, [] { torch::jit::setGraphExecutorOptimize(false); });
}

torch::jit::Module buildResidualNet(ModelKind kind, int inputSize, quint64 seed)
{
    const NetSpec spec = specOf(kind);
    torch::jit::Module module(kind == ModelKind::ResNet18 ? "IouslabResNet18" : "IouslabCompact");
    module.register_attribute("training", c10::BoolType::get(), true);
    module.register_attribute("iouslab_kind", c10::StringType::get(),
                              modelKindName(kind).toStdString());
    module.register_attribute("iouslab_input_size", c10::IntType::get(), int64_t(inputSize));

    NetBuilder net(module, seed);
    if (spec.downscale > 1)
        net.line("x = torch.avg_pool2d(x, [" + std::to_string(spec.downscale) + ", " +
                 std::to_string(spec.downscale) + "])");
    // Centre the [0, 1] grey values roughly, as B-mode liver frames are mostly mid-grey.
    net.line("x = (x - 0.4) * 4.0");
    net.line("x = " + net.conv("stem", "x", 1, spec.stemChannels, spec.stemKernel, 2));
    net.line("x = torch.relu(" + net.batchNorm("stem_bn", "x", spec.stemChannels) + ")");
    net.line("x = torch.max_pool2d(x, [3, 3], [2, 2], [1, 1])");

    int channels = spec.stemChannels;
    for (size_t s = 0; s < spec.stages.size(); ++s) {
        const Stage &stage = spec.stages[s];
        for (int b = 0; b < stage.blocks; ++b) {
            const std::string name = "s" + std::to_string(s + 1) + "b" + std::to_string(b + 1);
            const int stride = b == 0 ? stage.stride : 1;
            net.line("y = " + net.conv(name + "_c1", "x", channels, stage.channels, 3, stride));
            net.line("y = torch.relu(" + net.batchNorm(name + "_bn1", "y", stage.channels) + ")");
            net.line("y = " + net.conv(name + "_c2", "y", stage.channels, stage.channels, 3, 1));
            // The block's last batch norm starts at zero gain, so each block starts as the
            // identity: deep or shallow, the network trains from the first step.
            net.line("y = " + net.batchNorm(name + "_bn2", "y", stage.channels, 0.0f));
            if (stride != 1 || channels != stage.channels) {
                net.line("x = " + net.conv(name + "_sc", "x", channels, stage.channels, 1, stride));
                net.line("x = " + net.batchNorm(name + "_scbn", "x", stage.channels));
            }
            net.line("x = torch.relu(x + y)");
            channels = stage.channels;
        }
    }
    const std::string featureBody = net.source();

    net.linear("fc", channels, 1);
    const std::string source =
        "def features(self, x):\n" + featureBody +
        "        return x\n"
        "def head(self, f):\n"
        "        p = torch.mean(f, [2, 3])\n"
        "        return torch.linear(p, self.fc_w, self.fc_b).reshape([-1])\n"
        "def forward(self, x):\n"
        "        return self.head(self.features(x))\n";
    module.define(source);
    for (torch::Tensor &parameter : modelParameters(module))
        parameter.set_requires_grad(true);
    return module;
}

torch::jit::Module inferenceModule(const torch::jit::Module &trained)
{
    try {
        torch::jit::Module copy = trained.clone();
        copy.eval();
        // The optimiser lays the weights out for oneDNN itself, and does it best from the
        // default layout: weights in channels-last (as training leaves them) score at half speed.
        torch::NoGradGuard noGrad;
        for (torch::Tensor parameter : copy.parameters(true)) {
            if (parameter.dim() == 4)
                parameter.set_data(parameter.contiguous());
        }
        return torch::jit::optimize_for_inference(copy);
    } catch (const std::exception &error) {
        qCDebug(lcMl) << "scoring without the inference optimisation:" << error.what();
        return trained;
    }
}

void useChannelsLast(torch::jit::Module module)
{
    torch::NoGradGuard noGrad;
    for (torch::Tensor parameter : module.parameters(true)) {
        // Through empty_like: contiguous() keeps a one-channel weight's strides (either
        // layout fits it), and a stem left in the default layout sends its output there too.
        if (parameter.dim() == 4)
            parameter.set_data(
                torch::empty_like(parameter, at::MemoryFormat::ChannelsLast).copy_(parameter));
    }
}

torch::Tensor modelLogits(const Model::Impl &model, const torch::Tensor &batch)
{
    torch::jit::Module module = model.module;
    return module.forward({batch}).toTensor().reshape({-1});
}

std::vector<torch::Tensor> modelParameters(const torch::jit::Module &module)
{
    std::vector<torch::Tensor> result;
    for (const torch::Tensor &parameter : module.parameters(true))
        result.push_back(parameter);
    return result;
}

std::vector<torch::Tensor> modelBuffers(const torch::jit::Module &module)
{
    std::vector<torch::Tensor> result;
    for (const torch::Tensor &buffer : module.buffers(true))
        result.push_back(buffer);
    return result;
}

Model makeModel(std::unique_ptr<Model::Impl> impl)
{
    return Model(std::move(impl));
}

QString torchMessage(const std::exception &error)
{
    const c10::Error *torchError = dynamic_cast<const c10::Error *>(&error);
    const std::string text = torchError ? torchError->what_without_backtrace() : error.what();
    const QString message = QString::fromStdString(text).trimmed();
    return message.section(QLatin1Char('\n'), 0, 0);
}

} // namespace iouslab::ml
