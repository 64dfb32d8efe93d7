"""PyTorch's side of the ml export tests, run with Debian's /usr/bin/python3 and python3-torch.

score MODEL PIXELS COUNT SIZE   loads MODEL with torch.jit.load, runs it on COUNT grey frames
                                (raw uint8, SIZE x SIZE each) scaled to [0, 1] and prints one
                                lesion probability per line.
make-user OUT SIZE              writes a TorchScript model of the kind a user brings: 3-channel
                                input and 5 outputs, as an ImageNet network has 3 and 1000.
"""
import sys

import torch


class UserNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.norm = torch.nn.BatchNorm2d(8)
        self.fc = torch.nn.Linear(8, 5)

    def forward(self, x):
        x = torch.relu(self.norm(self.conv(x)))
        return self.fc(x.mean(dim=(2, 3)))


def main():
    if sys.argv[1] == "score":
        model, pixels, count, size = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
        module = torch.jit.load(model)
        module.eval()
        raw = open(pixels, "rb").read()
        x = torch.frombuffer(bytearray(raw), dtype=torch.uint8).to(torch.float32) / 255.0
        x = x.reshape(count, 1, size, size)
        with torch.no_grad():
            p = torch.sigmoid(module(x).reshape(-1))
        for value in p.tolist():
            print(repr(value))
    elif sys.argv[1] == "make-user":
        torch.manual_seed(3)
        torch.jit.script(UserNet()).save(sys.argv[2])
    else:
        sys.exit("unknown mode " + sys.argv[1])


if __name__ == "__main__":
    main()
