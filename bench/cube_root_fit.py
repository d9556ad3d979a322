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

The fit is a function of the root's order, which bench/fourth_root_fit.py uses too.
"""
import mpmath as mp

mp.mp.dps = 40
BOUND = mp.mpf("0.10205")


def refinement(q, bound, degrees, name):
    """Fits ((1 - e)^(-1/q) - 1) / e on |e| <= bound (r ~ c^(-1/q), e = 1 - c r^q) for each degree,
    and prints the coefficients, lowest first, and the relative error of r (1 + e B(e))."""
    def b_of(e):
        if e == 0:
            return mp.mpf(1) / q
        return ((1 - e) ** (-mp.mpf(1) / q) - 1) / e

    for degree in degrees:
        poly = mp.chebyfit(b_of, [-bound, bound], degree + 1)  # highest degree first
        coefficients = [float(c) for c in poly]
        worst = mp.mpf(0)
        for i in range(4001):
            e = -bound + 2 * bound * i / 4000
            b = mp.mpf(0)
            for c in coefficients:
                b = b * e + mp.mpf(c)
            worst = max(worst, abs((1 + e * b) * (1 - e) ** (mp.mpf(1) / q) - 1))
        print("degree", degree, name + "0.. =", [repr(c) for c in reversed(coefficients)],
              "relative error of r:", mp.nstr(worst, 3))


if __name__ == "__main__":
    refinement(3, BOUND, (3, 4, 5), "A")
