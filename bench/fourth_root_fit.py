#!/usr/bin/env python3
"""The fourth root's constants (trainer net/FourthRoot: MAGIC, and B0..B3, degree 3).

FourthRoot's estimate r of a^(-1/4) has the bits MAGIC - bits(a) / 4 (a shift). This searches
MAGIC near 5/4 of the bias for the least max |1 - a r^4| over a in [1, 16) (the error repeats
with period 16: a shift of 4 in the exponent moves bits(a) / 4 by one exponent), then fits B
close to ((1 - e)^(-1/4) - 1) / e on |e| <= that bound (a Chebyshev fit by mpmath, close to the
minimax one), so that one step r (1 + e B(e)) leaves a relative error below 3.2e-7 (degree 3) and
FourthRoot's second-order correction from the residual a r^4 - 1 a third-order term below 1e-18.
RawBitsKernelsTest checks the estimate's bound at every exponent.

    python3 bench/fourth_root_fit.py        (needs numpy and mpmath; the fit is cube_root_fit's)
"""
import mpmath as mp
import numpy as np

from cube_root_fit import refinement

rng = np.random.default_rng(1)
a = np.concatenate([np.linspace(1, 16, 400001)[:-1], rng.uniform(1, 16, 200000)])
quarter_bits = a.view(np.uint64) >> np.uint64(2)


def worst(magic):
    r = (np.uint64(magic) - quarter_bits).view(np.float64)
    return np.abs(1 - a * r ** 4).max()


best = None
for step in (1 << 44, 1 << 38, 1 << 32, 1 << 26, 1 << 20):
    centre = 0x4FEC000000000000 if best is None else best[1]  # 5/4 of the bias: r(1) = 1
    for k in range(-64, 65):
        magic = centre + k * step
        w = worst(magic)
        if best is None or w < best[0]:
            best = (w, magic)
print("MAGIC =", hex(best[1]), "max |1 - a r^4| =", best[0])

mp.mp.dps = 40
refinement(4, mp.mpf(float(best[0])) * (1 + mp.mpf("1e-4")), (3, 4), "B")
