#!/usr/bin/python3
"""The trainer's step in PyTorch, for bench/run: steps per second on one thread.

One step is what the Java trainer does per mini-batch: gather the batch of a shuffled epoch,
forward through a bias-free MLP with activation |t|^p (relu optional), output = plain sum of
the last layer, MSE loss to 1, backward, Adam update. float64, one thread.

Usage: torch_step.py D,L,N,P [D,L,N,P ...] [--seconds S] [--repeats R] [--clock wall|cpu]
Prints one JSON object per shape: {"shape": ..., "steps_per_second": best of the repeats, ...}.
"""
import argparse
import json
import time

import torch

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
torch.set_default_dtype(torch.float64)


class Net(torch.nn.Module):
    def __init__(self, d, layers, units, p):
        super().__init__()
        dims = [d] + [units] * layers
        self.linears = torch.nn.ModuleList(
            torch.nn.Linear(dims[i], dims[i + 1], bias=False) for i in range(layers))
        self.p = p

    def act(self, z):
        if self.p == 1:
            return torch.abs(z)
        if self.p == 2:
            return z * z
        return torch.abs(z).pow(self.p)

    def forward(self, x):
        for lin in self.linears:
            x = self.act(lin(x))
        return x.sum(dim=1)


def steps_per_second(d, layers, units, p, seconds, repeats, clock, samples=10000, batch=1000):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(samples, d, generator=g)
    x = x / x.norm(dim=1, keepdim=True)
    net = Net(d, layers, units, p)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    batches = samples // batch

    def epoch():
        perm = torch.randperm(samples, generator=g)
        for b in range(batches):
            xb = x[perm[b * batch:(b + 1) * batch]]
            loss = ((net(xb) - 1) ** 2).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        return loss

    for _ in range(20):  # warm up: allocator, autograd graph caches
        epoch()
    best = 0.0
    rates = []
    for _ in range(repeats):
        epochs = 0
        t0 = clock()
        while True:
            epoch()
            epochs += 1
            elapsed = clock() - t0
            if elapsed >= seconds:
                break
        rate = epochs * batches / elapsed
        rates.append(rate)
        best = max(best, rate)
    return best, rates


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shapes", nargs="+", help="D,L,N,P")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="wall: perf_counter; cpu: this process's CPU time (steadier on a busy machine)")
    a = ap.parse_args()
    clock = time.perf_counter if a.clock == "wall" else time.process_time
    for s in a.shapes:
        d, layers, units, p = s.split(",")
        best, rates = steps_per_second(int(d), int(layers), int(units), float(p), a.seconds, a.repeats,
                                       clock)
        print(json.dumps({"shape": s, "steps_per_second": best, "repeats": rates, "clock": a.clock,
                          "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)


if __name__ == "__main__":
    main()
