#!/usr/bin/env python3
"""Where does a trained (3, 1, 4, p) body change its Morse counts, against the exact frame?

The exact cuboctahedral frame (four rows on the cube's diagonals) has, at each of its 12 edge
directions (perpendicular to two rows, e.g. (1, 1, 0)/sqrt 2), a Hessian of f on the sphere whose
larger eigenvalue is proportional to p - 3: below p = 3 the 12 points are minima of r, above they
are saddles, all 12 at once at exactly p = 3 ([6, 24, 20] -> [6, 12, 8]). A trained frame is only
nearly regular; each of its 12 points switches at its own exponent.

Reads `bin/polytopes train ...` JSON objects (d = 3, one layer of 4 units) on stdin and prints,
for each: the rows' length spread and pairwise angles (the frame's are equal, 70.53 degrees apart),
how many of the 12 edge points are minima of r at the run's p (Newton's method on the Riemannian
gradient of f, from the direction perpendicular to the two rows), and the exponents at which they
switch from minimum to saddle with the trained weights held fixed (bisection on the Hessian's
larger eigenvalue over 2.3 <= p <= 3.7), next to the run's measured morse_counts.

    for s in 0 1 2; do bin/polytopes train --d 3 --layers 1 --units 4 --p 2.9 --seed $s --epochs 600 \
        --lr 0.005 --samples 1000 --batch-size 100 --directions 2000 --morse-points 5000; done \
      | bench/cuboctahedral_frame.py

Needs numpy (Debian: python3-numpy).
"""
import itertools
import json
import sys

import numpy as np

P_RANGE = (2.3, 3.7)


def tangent_basis(u):
    a = np.array([1.0, 0, 0]) if abs(u[0]) < 0.9 else np.array([0, 1.0, 0])
    e1 = np.cross(u, a)
    e1 /= np.linalg.norm(e1)
    return np.stack([e1, np.cross(u, e1)], 1)


def riemannian(w, u, p):
    """Gradient and Hessian of f(x) = sum_k |w_k . x|^p restricted to the sphere at u."""
    z = w @ u
    g = w.T @ (p * np.sign(z) * np.abs(z) ** (p - 1))
    h = w.T @ np.diag(p * (p - 1) * np.abs(z) ** (p - 2)) @ w
    b = tangent_basis(u)
    return b.T @ g, b.T @ h @ b - (u @ g) * np.eye(2), b


def critical_point(w, u, p):
    for _ in range(60):
        g, h, b = riemannian(w, u, p)
        step = np.linalg.solve(h, -g)
        u = u + b @ step
        u /= np.linalg.norm(u)
        if np.linalg.norm(step) < 1e-13:
            break
    return u


def larger_eigenvalue(w, u0, p):
    _, h, _ = riemannian(w, critical_point(w, u0, p), p)
    return np.linalg.eigvalsh(h)[1]


def edge_points(w):
    out = []
    for i, j in itertools.combinations(range(len(w)), 2):
        c = np.cross(w[i], w[j])
        out += [c / np.linalg.norm(c), -c / np.linalg.norm(c)]
    return out


def switching_exponent(w, u0):
    a, b = P_RANGE
    if larger_eigenvalue(w, u0, a) * larger_eigenvalue(w, u0, b) > 0:
        return None
    for _ in range(50):
        m = (a + b) / 2
        if larger_eigenvalue(w, u0, a) * larger_eigenvalue(w, u0, m) <= 0:
            b = m
        else:
            a = m
    return (a + b) / 2


def describe(w, p):
    n = np.linalg.norm(w, axis=1)
    cos = np.abs((w / n[:, None]) @ (w / n[:, None]).T)[np.triu_indices(len(w), 1)]
    angles = np.degrees(np.arccos(np.clip(cos, 0, 1)))
    minima = sum(larger_eigenvalue(w, u, p) < 0 for u in edge_points(w))
    switches = [s for s in (switching_exponent(w, u) for u in edge_points(w)) if s is not None]
    return (f"{100 * (n.max() / n.min() - 1):.2f}%", f"{angles.min():.2f}-{angles.max():.2f}", f"{minima}/12",
            f"{min(switches):.3f}-{max(switches):.3f} ({len(switches)} of 12)" if switches else "none in range")


def main():
    frame = np.array([[s1, s2, 1] for s1 in (1, -1) for s2 in (1, -1)]) / np.sqrt(3)
    print("| run | p | morse_counts | row length spread | row angles (deg) | edge points that are minima of r | "
          "their switching p, weights fixed |")
    print("|---|---|---|---|---|---|---|")
    for p in (2.9, 3.1):
        print("| exact frame | %g | %s | " % (p, "[6, 24, 20]" if p < 3 else "[6, 12, 8]") + " | ".join(describe(frame, p)) + " |")
    text, decoder, at = sys.stdin.read(), json.JSONDecoder(), 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            break
        row, at = decoder.raw_decode(text, at)
        if row.get("d") != 3 or row.get("layers") != 1 or row.get("units") != 4 or not row.get("weights"):
            continue
        w = np.array(row["weights"]).reshape(4, 3)
        print(f"| seed {row.get('seed')} | {row['p']:g} | {row.get('morse_counts')} | " + " | ".join(describe(w, row["p"])) + " |")


if __name__ == "__main__":
    main()
