"""Reference for bench_sim: the simulator's image formation written the way one would with
numpy/scipy (scatterers, separable PSF, quadrature envelope, log compression) on the same grid.
Prints one line: frames per second."""
import sys
import time

import numpy as np
from scipy.ndimage import convolve1d


def kernel(sigma):
    half = max(1, int(np.ceil(3 * sigma)))
    x = np.arange(-half, half + 1)
    k = np.exp(-0.5 * (x / sigma) ** 2)
    return (k / np.linalg.norm(k)).astype(np.float32)


def main():
    frames = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    rows, cols = 320, 256
    axial = kernel(0.18 / 0.15)
    lateral = kernel(0.35 / 0.15)
    amplitude = np.ones((rows, cols), np.float32)
    rng = np.random.default_rng(1)
    scale = 255.0 / 70.0
    start = time.perf_counter()
    for _ in range(frames):
        i = rng.standard_normal((rows, cols), dtype=np.float32) * amplitude
        q = rng.standard_normal((rows, cols), dtype=np.float32) * amplitude
        i = convolve1d(convolve1d(i, lateral, axis=1), axial, axis=0)
        q = convolve1d(convolve1d(q, lateral, axis=1), axial, axis=0)
        envelope = np.hypot(i, q)
        np.clip(scale * (20 * np.log10(envelope + 1e-6) + 25.5), 0, 255).astype(np.uint8)
    elapsed = time.perf_counter() - start
    print(f"{frames / elapsed:.1f}")


if __name__ == "__main__":
    main()
