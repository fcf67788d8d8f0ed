"""One step of Udacity's training, timed in the peers `make bench` sets the project beside: 128
training rows drawn with replacement, the update, then the mean squared error over all training
rows and all validation rows (the notebook measures both after every step).

    python3 bench/udacity_step.py --steps 200

prints one line per peer, `NAME MS` (milliseconds per step, the median over the steps), or
`NAME skipped: WHY` when its package is missing. The peers, all in doubles and on one thread
(the project's step runs on one):
- notebook: the step as the notebook computes it, record by record in Python with numpy dot
  products, then the losses as whole-set matrix products (written from the facts of its
  notebook, bench/udacity_numpy.py's loop);
- numpy: the same step vectorised over the batch, 56 dense columns as matrices;
- torch: that vectorised step in PyTorch on the CPU.
numpy comes from PyPI (`pip install numpy`); PyTorch too (`pip install torch`, which brings its
CUDA libraries, unused here).
"""
import argparse
import os
import statistics
import sys
import time

# One thread for every peer, set before numpy or torch load their libraries.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

try:
    import numpy as np
except ImportError:
    np = None

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

HIDDEN, RATE, BATCH = 7, 0.5, 128


def timed(step, steps):
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def notebook_step(x, y, train, valid, w):
    sigmoid = lambda z: 1 / (1 + np.exp(-z))
    w_ih, w_ho = w

    def step():
        batch = np.random.choice(train, size=BATCH)
        d_ih, d_ho = np.zeros(w_ih.shape), np.zeros(w_ho.shape)
        for r in batch:
            h = sigmoid(np.dot(x[r], w_ih))
            error = y[r] - np.dot(h, w_ho)
            hidden_term = np.dot(w_ho, error) * h * (1 - h)
            d_ho += error * h[:, None]
            d_ih += hidden_term * x[r][:, None]
        w_ho[:] += RATE * d_ho / BATCH
        w_ih[:] += RATE * d_ih / BATCH
        for rows in (train, valid):
            out = np.dot(sigmoid(np.dot(x[rows], w_ih)), w_ho)[:, 0]
            np.mean((out - y[rows]) ** 2)

    return step


def numpy_step(x, y, train, valid, w):
    w_ih, w_ho = w
    x_train, y_train, x_valid, y_valid = x[train], y[train], x[valid], y[valid]

    def step():
        batch = np.random.choice(len(train), size=BATCH)
        xb, yb = x_train[batch], y_train[batch]
        h = 1 / (1 + np.exp(-(xb @ w_ih)))
        error = yb[:, None] - h @ w_ho
        hidden_term = (error @ w_ho.T) * h * (1 - h)
        w_ho[:] += RATE * (h.T @ error) / BATCH
        w_ih[:] += RATE * (xb.T @ hidden_term) / BATCH
        for xs, ys in ((x_train, y_train), (x_valid, y_valid)):
            out = (1 / (1 + np.exp(-(xs @ w_ih)))) @ w_ho
            np.mean((out[:, 0] - ys) ** 2)

    return step


def torch_step(x, y, train, valid, w):
    import torch

    torch.set_num_threads(1)
    w_ih, w_ho = (torch.from_numpy(m.copy()) for m in w)
    x_train, y_train = torch.from_numpy(x[train]), torch.from_numpy(y[train])
    x_valid, y_valid = torch.from_numpy(x[valid]), torch.from_numpy(y[valid])
    generator = torch.Generator().manual_seed(0)

    def step():
        batch = torch.randint(len(train), (BATCH,), generator=generator)
        xb, yb = x_train[batch], y_train[batch]
        h = torch.sigmoid(xb @ w_ih)
        error = yb[:, None] - h @ w_ho
        hidden_term = (error @ w_ho.T) * h * (1 - h)
        w_ho.add_(RATE * (h.T @ error) / BATCH)
        w_ih.add_(RATE * (xb.T @ hidden_term) / BATCH)
        for xs, ys in ((x_train, y_train), (x_valid, y_valid)):
            out = torch.sigmoid(xs @ w_ih) @ w_ho
            torch.mean((out[:, 0] - ys) ** 2).item()

    return step


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--data", nargs="+", default=["data/train-2011-full.csv", "data/holdout-2012.csv"])
    args = parser.parse_args()
    if np is None:
        for name in ("notebook", "numpy", "torch"):
            print(f"{name} skipped: numpy is not installed (pip install numpy)")
        return
    from udacity_numpy import encode, rows

    x, y = encode(rows(args.data))
    n = len(y)
    train, valid = np.arange(0, n - 504 - 1440), np.arange(n - 504 - 1440, n - 504)
    np.random.seed(0)
    start = (np.random.normal(0.0, 56**-0.5, (56, HIDDEN)), np.random.normal(0.0, HIDDEN**-0.5, (HIDDEN, 1)))
    peers = [("notebook", notebook_step, max(10, args.steps // 10)), ("numpy", numpy_step, args.steps)]
    try:
        import torch  # noqa: F401

        peers.append(("torch", torch_step, args.steps))
    except Exception as error:  # a wheel without its libraries fails with OSError or ValueError
        print(f"torch skipped: PyTorch does not load ({type(error).__name__}; pip install torch)")
    for name, make, steps in peers:
        step = make(x, y, train, valid, tuple(m.copy() for m in start))
        step()  # the first call pays for loading and allocating
        print(f"{name} {timed(step, steps):.4f}")


if __name__ == "__main__":
    main()
