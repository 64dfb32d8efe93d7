#pragma once

#include "core/expected.h"
#include "ml/trainingframe.h"

#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace iouslab::ml {

/// The networks the workstation can train.
enum class ModelKind
{
    Compact,  ///< the default: a small residual CNN sized for 2 to 8 CPU cores
    ResNet18, ///< ResNet-18 with a 1-channel stem
    UserFile, ///< a TorchScript file the user brings, fine-tuned as a whole
};

/// "compact", "resnet18" or "user".
QString modelKindName(ModelKind kind);

/// A Grad-CAM heat map of one frame at the model's input size, values in [0, 1] (1 where the
/// lesion evidence is strongest), row by row, with the frame's lesion probability.
struct HeatMap
{
    int size = 0;
    std::vector<float> values;
    float probability = 0.0f;
};

/// A lesion classifier: one TorchScript module that serves training, scoring, saving and
/// export. Input is a grey frame of inputSize x inputSize, given to the module as a float
/// tensor N x 1 x inputSize x inputSize with values in [0, 1]; the output is one logit per
/// frame (shape N), positive meaning lesion. Built-in models downscale by 2 inside forward
/// (a 256 copy is seen at 128 x 128) to stay fast on CPUs. A saved file loads in Python with
/// torch.jit.load and takes the same input there.
///
/// Functions that run the network catch LibTorch exceptions and return them as an Error. A
/// Model is moved, not copied; clone() makes an independent copy.
class Model
{
public:
    /// A new built-in network (Compact or ResNet18) with weights drawn from the seed.
    static Expected<Model> create(ModelKind kind, int inputSize = 256, quint64 seed = 1);

    /// A model file: one this class saved, or any TorchScript module whose forward takes
    /// N x C x H x W floats with C = 1 or 3 (the grey channel is repeated for 3, found by
    /// trying both) and returns N x M values. For M > 1 (an ImageNet network, say) a new
    /// linear layer from the M values to one logit is added, initialised from the seed; the
    /// whole network is then fine-tuned. A missing, damaged or foreign file gives an Error
    /// that names the file.
    static Expected<Model> load(const QString &path, int inputSize = 256, quint64 seed = 1);

    Model(Model &&other) noexcept;
    Model &operator=(Model &&other) noexcept;
    ~Model();

    /// An independent copy with its own weights.
    Model clone() const;

    /// Writes the model as a TorchScript file, via a temporary file renamed into place so that
    /// a kill never leaves a half-written file under path.
    Status save(const QString &path) const;

    /// Lesion probabilities of the frames, in order, read through the loader in batches.
    Expected<std::vector<float>> score(const std::vector<qint64> &frameIds,
                                       const FrameLoader &loader, int batchSize = 64) const;

    /// Grad-CAM of one frame (inputSize x inputSize bytes): the gradient of the logit with
    /// respect to the last convolution's activations, averaged per channel, weights a sum of
    /// those activations; upsampled to the input size. Built-in models only.
    ///
    /// Known shortcoming: for the compact model the last convolution is 4 x 4 cells, and on
    /// simulated cases the map's peak falls inside the lesion box no more often than a random
    /// point would (docs/benchmarks.md, case review). It shows roughly which part of the frame
    /// drove the score, not where the lesion is; a finer map is still to be built.
    Expected<HeatMap> gradCam(const uint8_t *pixels) const;

    ModelKind kind() const;
    int inputSize() const;
    qint64 parameterCount() const;

    /// The LibTorch side, for src/ml only (see torchmodel.h).
    struct Impl;
    Impl &impl() const { return *d; }

private:
    explicit Model(std::unique_ptr<Impl> impl);
    friend Model makeModel(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> d;
};

} // namespace iouslab::ml
