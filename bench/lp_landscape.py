#!/usr/bin/env python3
"""How well does a trained (d, 1, d, p) net fit, against the l_p ball it is supposed to draw?

Reads `bin/polytopes train ...` JSON objects on stdin and prints, for each, the
mean squared error of f - 1 on fresh uniform points of the sphere (not the training points)
for the trained weights and for the best-scaled l_p ball (w = c I, c chosen to minimise the
same error), and the weight frame's defect: the largest |cos| between two weight rows, or the
relative spread of their lengths (0 for the l_p ball up to rotation and scale).

    for s in 0 1 2; do bin/polytopes train --d 3 --layers 1 --units 3 --p 16 --seed $s \
        --plateau-window 0; done | bench/lp_landscape.py

Needs numpy (Debian: python3-numpy).
"""
import json
import sys

import numpy as np


def mse(f):
    return float(np.mean((f - 1) ** 2))


def main():
    points = int(sys.argv[1]) if len(sys.argv) > 1 else 400_000
    print("| d | p | seed | optimizer | samples | training loss | loss on fresh points | best-scaled l_p ball, fresh points | frame defect |")
    print("|---|---|---|---|---|---|---|---|---|")
    text, decoder, at = sys.stdin.read(), json.JSONDecoder(), 0
    while True:
        at = text.find("{", at)
        if at < 0:
            break
        r, at = decoder.raw_decode(text, at)
        d, n, p = r["d"], r["units"], r["p"]
        if r["layers"] != 1 or n != d or r["activation"] != "abs_power":
            print(f"skipped: ({d}, {r['layers']}, {n}, {p}) is not a (d, 1, d, p) abs_power net", file=sys.stderr)
            continue
        x = np.random.default_rng(12345).normal(size=(points, d))
        x /= np.linalg.norm(x, axis=1)[:, None]
        w = np.array(r["weights"]).reshape(n, d)
        trained = mse((np.abs(x @ w.T) ** p).sum(1))
        g = (np.abs(x) ** p).sum(1)
        ball = mse(g * g.mean() / (g * g).mean())
        norms = np.linalg.norm(w, axis=1)
        cos = np.abs(w @ w.T / np.outer(norms, norms))[np.triu_indices(n, 1)]
        defect = max(norms.max() / norms.min() - 1, cos.max())
        print(f"| {d} | {p:g} | {r['seed']} | {r['optimizer']} | {r['samples']} | {r['final_loss']:.4f} "
              f"| {trained:.4f} | {ball:.4f} | {defect:.3f} |")


if __name__ == "__main__":
    main()
