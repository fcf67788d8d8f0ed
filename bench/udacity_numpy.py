"""Udacity's bike-sharing training, written in numpy from the facts of its notebook (not its
code), seeded: the oracle `GeneralModelTests` compares the project's declared run against.

    python3 bench/udacity_numpy.py --seed 42 --hidden 7 --rate 0.5 --iterations 50

prints the final training and validation losses, then w_ih[0][0], w_ih[-1][-1], w_ho[0] and
w_ho[-1], each as Python's repr prints a float. Needs numpy only (the CSVs are read with csv).
"""
import argparse
import csv

import numpy as np

KEPT = ["yr", "holiday", "temp", "hum", "windspeed"]
DUMMIES = [("season", range(1, 5)), ("weathersit", range(1, 5)), ("mnth", range(1, 13)),
           ("hr", range(0, 24)), ("weekday", range(0, 7))]


def rows(paths):
    out = []
    for path in paths:
        with open(path, newline="") as f:
            out += list(csv.DictReader(f))
    return out


def encode(records):
    n = len(records)
    columns = [[float(r[c]) for r in records] for c in KEPT]
    for name, levels in DUMMIES:
        for level in levels:
            columns.append([1.0 if int(r[name]) == level else 0.0 for r in records])
    x = np.array(columns).T
    y = np.array([float(r["cnt"]) for r in records])
    fit = slice(0, n - 504)  # training and validation, not test
    for k in (2, 3, 4):  # temp, hum, windspeed
        mean, sd = x[fit, k].mean(), x[fit, k].std(ddof=1)
        x[:, k] = (x[:, k] - mean) / sd
    mean, sd = y[fit].mean(), y[fit].std(ddof=1)
    return x, (y - mean) / sd


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--hidden", type=int, required=True)
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--iterations", type=int, required=True)
    parser.add_argument("--data", nargs="+", default=["data/train-2011-full.csv", "data/holdout-2012.csv"])
    args = parser.parse_args()
    x, y = encode(rows(args.data))
    n = len(y)
    train, valid = np.arange(0, n - 504 - 1440), np.arange(n - 504 - 1440, n - 504)
    np.random.seed(args.seed)
    w_ih = np.random.normal(0.0, x.shape[1] ** -0.5, (x.shape[1], args.hidden))
    w_ho = np.random.normal(0.0, args.hidden ** -0.5, (args.hidden, 1))
    sigmoid = lambda z: 1 / (1 + np.exp(-z))
    for _ in range(args.iterations):
        batch = np.random.choice(train, size=128)
        d_ih, d_ho = np.zeros(w_ih.shape), np.zeros(w_ho.shape)
        for r in batch:
            h = sigmoid(np.dot(x[r], w_ih))
            out = np.dot(h, w_ho)
            error = y[r] - out
            hidden_term = np.dot(w_ho, error) * h * (1 - h)
            d_ho += error * h[:, None]
            d_ih += hidden_term * x[r][:, None]
        w_ho += args.rate * d_ho / 128
        w_ih += args.rate * d_ih / 128

    def loss(rows):
        out = np.dot(sigmoid(np.dot(x[rows], w_ih)), w_ho)[:, 0]
        return np.mean((out - y[rows]) ** 2)

    for value in [loss(train), loss(valid), w_ih[0, 0], w_ih[-1, -1], w_ho[0, 0], w_ho[-1, 0]]:
        print(repr(float(value)))


if __name__ == "__main__":
    main()
