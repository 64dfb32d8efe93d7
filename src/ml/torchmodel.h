#pragma once

// LibTorch side of Model. Only src/ml .cpp files, tests/ml and the ml benchmark include this
// header: it pulls in the TorchScript headers, which are slow to compile.

#include "ml/model.h"

// Qt defines "slots" as a macro, and a LibTorch header has a function of that name.
#pragma push_macro("slots")
#undef slots
#include <torch/csrc/autograd/autograd.h>
#include <torch/script.h>
#pragma pop_macro("slots")

#include <vector>

namespace iouslab::ml {

struct Model::Impl
{
    torch::jit::Module module;
    ModelKind kind = ModelKind::Compact;
    int inputSize = 256;
    /// False once scoring found that the inference-optimised copy of this module does not
    /// run (some users' modules); later scorings then skip making it.
    bool scoresOptimised = true;
};

/// Process-wide LibTorch settings the ml layer relies on, applied once (later calls do
/// nothing). It turns off the TorchScript graph optimiser: the models are a few dozen large
/// operations, and unoptimised graphs train about 15 % faster (autograd per operation instead
/// of differentiable subgraphs), at the same inference speed; see bench_ml --jit-optimize.
void prepareTorch();

/// A built-in residual network as a TorchScript module: parameters registered with
/// requires_grad, batch-norm running statistics as buffers, a "training" attribute that
/// train()/eval() switch, and methods forward(x) -> logits, features(x) -> last convolution's
/// activations and head(features) -> logits (forward is head(features(x))). Batch norm is
/// torch.batch_norm on the "training" attribute: in training mode it normalises by the batch
/// and updates the running-statistics buffers in place; in eval mode it uses them
/// (test_ml_model compares eval outputs after training with PyTorch's).
torch::jit::Module buildResidualNet(ModelKind kind, int inputSize, quint64 seed);

/// The module's logits (shape N) for a batch N x 1 x S x S of floats in [0, 1].
torch::Tensor modelLogits(const Model::Impl &model, const torch::Tensor &batch);

/// A frozen copy of a module optimised for inference, for scoring: batch norm folded into the
/// convolutions and the convolutions in oneDNN's layouts, about twice as fast as the training
/// module on a 2-core x86 CPU (bench_ml prints both). Model::score makes one per call, since
/// training scores its validation patients between epochs with weights that keep changing;
/// making it takes milliseconds. A user's module the optimiser cannot take is returned as it
/// is. The copy has forward() only.
torch::jit::Module inferenceModule(const torch::jit::Module &trained);

/// Puts a module's 4-D parameters (convolution weights) in channels-last layout, in place, so
/// that oneDNN's convolutions run on their native layout: training about a quarter faster on a
/// 2-core x86 CPU (bench_ml prints both layouts). The values do not change; a saved model
/// loads as before.
void useChannelsLast(torch::jit::Module module);

/// The trainable parameters and the buffers (running statistics) of the module and its
/// submodules, as the tensors the module holds (not copies).
std::vector<torch::Tensor> modelParameters(const torch::jit::Module &module);
std::vector<torch::Tensor> modelBuffers(const torch::jit::Module &module);

/// A Model around an Impl, for the trainer.
Model makeModel(std::unique_ptr<Model::Impl> impl);

/// The first line of a LibTorch exception message (the rest is a C++ backtrace).
QString torchMessage(const std::exception &error);

} // namespace iouslab::ml
