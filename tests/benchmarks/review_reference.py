"""PyTorch's figures for bench_review: the compact lesion CNN of ml_reference.py scoring
FRAMES frames in batches of 64 (inference mode, the same thread count), and a Grad-CAM of one
frame on the last convolutional block (forward to the block's activations, backward of the
logit to them, channel-averaged gradients weighting the activations, upsampled).

Usage: /usr/bin/python3 review_reference.py THREADS FRAMES
Prints "score_seconds S", "score_cpu_seconds S" and "gradcam_ms M".
"""
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ml_reference import Compact  # noqa: E402


def features(model, x):
    x = F.avg_pool2d(x, 2)
    x = (x - 0.4) * 4.0
    x = F.relu(model.stem_bn(model.stem(x)))
    x = F.max_pool2d(x, 3, 2, 1)
    return model.blocks(x)


def grad_cam(model, frame):
    activations = features(model, frame).detach().requires_grad_(True)
    logit = model.fc(activations.mean(dim=(2, 3))).reshape(-1)
    (gradient,) = torch.autograd.grad(logit.sum(), activations)
    with torch.no_grad():
        weights = gradient.mean(dim=(2, 3), keepdim=True)
        cam = F.relu((weights * activations).sum(1, keepdim=True))
        cam = F.interpolate(cam, size=frame.shape[-2:], mode="bilinear", align_corners=False)
        return cam / cam.max().clamp_min(1e-12)


def main():
    threads, frames = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Compact().eval()
    pool = torch.rand(64, 1, 256, 256)
    with torch.no_grad():
        model(pool)
        start, cpu = time.perf_counter(), time.process_time()
        done = 0
        while done < frames:
            count = min(64, frames - done)
            torch.sigmoid(model(pool[:count]))
            done += count
        print("score_seconds", time.perf_counter() - start)
        print("score_cpu_seconds", time.process_time() - cpu)
    frame = pool[:1]
    grad_cam(model, frame)
    start = time.perf_counter()
    for _ in range(20):
        grad_cam(model, frame)
    print("gradcam_ms", (time.perf_counter() - start) / 20 * 1000)


if __name__ == "__main__":
    main()
