#!/usr/bin/env python3
"""The cube root's refinement polynomial (trainer net/CubeRoot: A0..A3, degree 3).

CubeRoot's estimate r of c^(-1/3) (a magic constant minus the bits of c divided by 3) leaves
e = 1 - c r^3 within [-0.10204, 0.10204] (RawBitsKernelsTest measures it over every exponent).
One step r (1 + e A(e)) with A close to ((1 - e)^(-1/3) - 1) / e then leaves a relative error
below 1.9e-7 (degree 3), so that CubeRoot's second-order correction from the residual
c r^3 - 1 leaves a third-order term below 1e-19 (degree 4, 8.5e-9, was used until the
correction became second order in a residual of rounded products, bench/RESULTS.md section 26).
This prints A's coefficients (a Chebyshev fit by mpmath, close to the minimax one) and that error
for degrees 3 to 5.

    python3 bench/cube_root_fit.py        (needs mpmath)
"""
import mpmath as mp

mp.mp.dps = 40
BOUND = mp.mpf("0.10205")


def a_of(e):
    if e == 0:
        return mp.mpf(1) / 3
    return ((1 - e) ** (-mp.mpf(1) / 3) - 1) / e


for degree in (3, 4, 5):
    poly = mp.chebyfit(a_of, [-BOUND, BOUND], degree + 1)  # highest degree first
    coefficients = [float(c) for c in poly]
    worst = mp.mpf(0)
    for i in range(4001):
        e = -BOUND + 2 * BOUND * i / 4000
        a = mp.mpf(0)
        for c in coefficients:
            a = a * e + mp.mpf(c)
        worst = max(worst, abs((1 + e * a) * (1 - e) ** (mp.mpf(1) / 3) - 1))
    print("degree", degree, "A0.. =", [repr(c) for c in reversed(coefficients)],
          "relative error of r:", mp.nstr(worst, 3))
