"""PyTorch's figures for bench_ml: the compact lesion CNN of src/ml/torchmodel.cpp written as a
torch.nn module, trained and run on the same batch shapes with the same thread count.

Usage: /usr/bin/python3 ml_reference.py THREADS SIZE TRAIN_BATCH TRAIN_STEPS INFER_BATCH INFER_BATCHES
Prints "parameters N", then images per second of training and inference, by wall time and by
CPU time of the process (train_images_per_second, train_images_per_cpu_second, ...).
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, inputs, outputs, stride):
        super().__init__()
        self.c1 = nn.Conv2d(inputs, outputs, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(outputs)
        self.c2 = nn.Conv2d(outputs, outputs, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(outputs)
        nn.init.zeros_(self.bn2.weight)
        self.shortcut = None
        if stride != 1 or inputs != outputs:
            self.shortcut = nn.Sequential(nn.Conv2d(inputs, outputs, 1, stride, 0, bias=False),
                                          nn.BatchNorm2d(outputs))

    def forward(self, x):
        y = F.relu(self.bn1(self.c1(x)))
        y = self.bn2(self.c2(y))
        s = x if self.shortcut is None else self.shortcut(x)
        return F.relu(s + y)


class Compact(nn.Module):
    """Same layers, order and sizes as the compact model built in C++."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 5, 2, 2, bias=False)
        self.stem_bn = nn.BatchNorm2d(16)
        self.blocks = nn.Sequential(Block(16, 16, 1), Block(16, 32, 2), Block(32, 64, 2),
                                    Block(64, 128, 2))
        self.fc = nn.Linear(128, 1)

    def forward(self, x):
        x = F.avg_pool2d(x, 2)
        x = (x - 0.4) * 4.0
        x = F.relu(self.stem_bn(self.stem(x)))
        x = F.max_pool2d(x, 3, 2, 1)
        x = self.blocks(x)
        return self.fc(x.mean(dim=(2, 3))).reshape(-1)


def main():
    threads, size, train_batch, train_steps, infer_batch, infer_batches = map(int, sys.argv[1:7])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = Compact()
    print("parameters", sum(p.numel() for p in model.parameters()))

    loss_function = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.0]))
    x = torch.rand(train_batch, 1, size, size)
    y = (torch.rand(train_batch) > 0.5).float()

    def train_speed(network):
        """Images per wall second and per CPU second of train_steps steps, after 3 untimed."""
        optimizer = torch.optim.AdamW(network.parameters(), lr=2e-3, weight_decay=1e-4)
        network.train()

        def step():
            optimizer.zero_grad()
            loss = loss_function(network(x), y)
            loss.backward()
            optimizer.step()

        for _ in range(3):
            step()
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(train_steps):
            step()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        return train_batch * train_steps / elapsed, train_batch * train_steps / cpu

    # The same training in channels-last layout, as iouslab trains, on a copy of the network.
    fast = Compact().to(memory_format=torch.channels_last)
    fast.load_state_dict(model.state_dict())
    wall, cpu = train_speed(model)
    print("train_images_per_second", wall)
    print("train_images_per_cpu_second", cpu)
    print("channels_last_train_images_per_second", train_speed(fast)[0])

    model.eval()
    x = torch.rand(infer_batch, 1, size, size)
    with torch.no_grad():
        for _ in range(2):
            model(x)
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(infer_batches):
            torch.sigmoid(model(x))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print("inference_images_per_second", infer_batch * infer_batches / elapsed)
    print("inference_images_per_cpu_second", infer_batch * infer_batches / cpu)

    # The same network frozen and optimised for inference, as iouslab scores, warmed up alike.
    with torch.no_grad():
        optimized = torch.jit.optimize_for_inference(torch.jit.script(model).eval())
        for _ in range(2):
            optimized(x)
        start = time.perf_counter()
        for _ in range(infer_batches):
            torch.sigmoid(optimized(x))
        elapsed = time.perf_counter() - start
    print("optimized_inference_images_per_second", infer_batch * infer_batches / elapsed)


if __name__ == "__main__":
    main()
