import Foundation

/// A measure over seeds: median and range, and the mean with its intervals (STATISTICS.md).
/// Judged against a published number, it also carries the verdict.
public struct Spread: Codable, Equatable, Sendable {
    public var median: Double
    public var min: Double
    public var max: Double
    /// How many values (seeds).
    public var seeds: Int?
    public var mean: Double?
    /// The sample standard deviation; nil for one value.
    public var sd: Double?
    /// The 90% interval of the mean, t-based: [low, high].
    public var confidenceInterval: [Double]?
    /// The 95% interval for one new run: [low, high].
    public var predictionInterval: [Double]?
    /// Set by `judged`: the equivalence verdict against a published number and its margin.
    public var verdict: CellVerdict?
    /// Set by `judged`: whether the published number lies inside the prediction interval.
    public var consistentWithOneRun: Bool?
    /// Set by `judged`: the two-sided p-value of the t-test that the published number is one more
    /// run of ours, (published − mean)/(sd·√(1 + 1/n)) with n − 1 degrees of freedom.
    public var oneRunPValue: Double?
    /// Set by `judged` for a gated cell: its declared margin (a share of the published number),
    /// the level each one-sided test is at, and the interval the verdict reads (STATISTICS.md).
    public var margin: Double?
    public var alpha: Double?
    public var equivalenceInterval: [Double]?
    /// Set by `judged` for a gated cell: the smallest margin (a share of the published number)
    /// at which it would still be reproduced.
    public var smallestMargin: Double?
    /// An inconclusive gated cell: why it stays open, and the seeds that would decide it at the
    /// observed spread (`OpenCause.seeds`).
    public var cause: OpenCause?
    public var seedsToDecide: Int?
    /// Each seed's value, in seed order, and those seeds: kept for a table's cells, so that every
    /// statistic here can be recomputed from results.json.
    public var values: [Double]?
    public var valueSeeds: [UInt64]?

    /// The values a number printed to `resolution` may have been, whether it was cut or rounded.
    public static func printedRange(_ value: Double, resolution: Double) -> ClosedRange<Double> {
        (value - resolution / 2)...(value + resolution)
    }

    /// The unit of the last digit of a number as transcribed: 1 for a whole number, 0.01 for
    /// 5.25, 1e-12 for 7173.279069767442.
    public static func resolution(of value: Double) -> Double {
        guard value.isFinite else { return 0 }
        if value == value.rounded() { return 1 }
        let text = "\(value)"
        guard !text.contains("e"), let point = text.firstIndex(of: ".") else { return 0 }
        let decimals = text.distance(from: point, to: text.endIndex) - 1
        return pow(10, -Double(decimals))
    }

    /// Confidence level of `confidenceInterval`: 90%, two one-sided tests at 5% (Schuirmann).
    public static let confidenceLevel = 0.90
    /// Coverage of `predictionInterval`.
    public static let predictionLevel = 0.95

    /// The statistics of `values`, or nil when there are none.
    public static func of(_ values: [Double]) -> Spread? { values.isEmpty ? nil : Spread(values) }

    public init(_ values: [Double]) {
        precondition(!values.isEmpty)
        let sorted = values.sorted()
        let n = sorted.count
        median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        min = sorted[0]
        max = sorted[n - 1]
        seeds = n
        // Summed in seed order, not sorted order: the mean is then independent of ties' order.
        let mean = values.reduce(0, +) / Double(n)
        self.mean = mean
        guard n >= 2 else { return }
        let sd = Spread.standardDeviation(values, mean: mean)
        self.sd = sd
        (confidenceInterval, predictionInterval) = Spread.intervals(mean: mean, sd: sd, n: n)
    }

    /// The sample standard deviation of two or more values about their `mean`, summed in their
    /// order: without the sorting and the t quantiles a whole `Spread` costs.
    public static func standardDeviation(_ values: [Double], mean: Double) -> Double {
        (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    }

    /// The intervals of `seeds` values with this mean and standard deviation: what a check
    /// recomputes rather than trust the intervals stored beside them.
    public init(mean: Double, sd: Double, seeds n: Int) {
        precondition(n >= 2)
        median = mean
        min = mean
        max = mean
        seeds = n
        self.mean = mean
        self.sd = sd
        (confidenceInterval, predictionInterval) = Spread.intervals(mean: mean, sd: sd, n: n)
    }

    static func intervals(mean: Double, sd: Double, n: Int) -> (mean: [Double], run: [Double]) {
        let tMean = StudentT.quantile(1 - (1 - confidenceLevel) / 2, degreesOfFreedom: n - 1)
        let tRun = StudentT.quantile(1 - (1 - predictionLevel) / 2, degreesOfFreedom: n - 1)
        let halfMean = tMean * sd / Double(n).squareRoot(), halfRun = tRun * sd * (1 + 1 / Double(n)).squareRoot()
        return ([mean - halfMean, mean + halfMean], [mean - halfRun, mean + halfRun])
    }

    /// The interval for the difference between one published run and our runs, two one-sided
    /// tests at `alpha` each: mean ± t(1 − alpha, n − 1)·sd·√(1 + 1/n). The published number is
    /// one run with its own noise, taken to be our runs' (STATISTICS.md).
    public static func equivalenceInterval(mean: Double, sd: Double, seeds n: Int, alpha: Double) -> [Double] {
        precondition(n >= 2 && alpha > 0 && alpha < 0.5)
        let half = StudentT.quantile(1 - alpha, degreesOfFreedom: n - 1) * sd * (1 + 1 / Double(n)).squareRoot()
        return [mean - half, mean + half]
    }

    /// These statistics beside a published number: whether one run could have given it, and,
    /// where the column has a margin (`tolerance`), the verdict of the equivalence test at
    /// `alpha` a side. A number printed to `resolution` (1 for a whole number) stands for any
    /// value it could have been printed from, cut or rounded: [published - resolution/2,
    /// published + resolution].
    public func judged(published: Double, tolerance: Double?, resolution: Double = 0, alpha: Double = 0.05) -> Spread {
        var out = self
        let printed = Spread.printedRange(published, resolution: resolution)
        if let interval = predictionInterval {
            out.consistentWithOneRun = interval[0] <= printed.upperBound && printed.lowerBound <= interval[1]
        }
        if let mean, let sd, let n = seeds, n >= 2 {
            out.oneRunPValue = Spread.oneRunPValue(printed, mean: mean, sd: sd, seeds: n)
            if tolerance != nil {
                out.equivalenceInterval = Spread.equivalenceInterval(mean: mean, sd: sd, seeds: n, alpha: alpha)
            }
        }
        if let tolerance {
            out.margin = tolerance
            out.alpha = alpha
            out.verdict =
                out.equivalenceInterval.map {
                    CellVerdict.of(interval: $0, published: published, tolerance: tolerance)
                } ?? .inconclusive
            out.smallestMargin = out.equivalenceInterval.flatMap {
                CellVerdict.smallestMargin(interval: $0, published: published)
            }
        }
        return out
    }

    /// `judged`, and for an inconclusive gated cell what keeps it open (`openCause`): what the
    /// results record. Kept apart from `judged`, which the add-seeds rule and its simulations
    /// call at every look.
    public func judgedWithCause(
        published: Double, tolerance: Double?, resolution: Double = 0, alpha: Double = 0.05
    ) -> Spread {
        var out = judged(published: published, tolerance: tolerance, resolution: resolution, alpha: alpha)
        if let tolerance, out.verdict == .inconclusive, let mean, let sd, let n = seeds, n >= 2 {
            (out.cause, out.seedsToDecide) = Spread.openCause(
                mean: mean, sd: sd, seeds: n, published: published, tolerance: tolerance, alpha: alpha)
        }
        return out
    }

    /// What keeps an inconclusive cell open. The interval mean ± t(1 − α; n − 1) sd √(1 + 1/n)
    /// narrows with seeds only to mean ± z(1 − α) sd, the published run's own noise. With d the
    /// mean's distance from the published number and r the margin's half-width: if d + z sd < r
    /// or d − z sd > r, enough seeds decide it (`seeds`, the fewest that would); otherwise none
    /// do: `runNoise` when z sd alone is at least r, `onTheMargin` when the mean sits within
    /// z sd of the margin's edge.
    public static func openCause(
        mean: Double, sd: Double, seeds n: Int, published: Double, tolerance: Double, alpha: Double
    ) -> (OpenCause, Int?) {
        let r = abs(published) * tolerance, d = abs(mean - published), noise = normalQuantile(1 - alpha) * sd
        guard d + noise < r || d - noise > r else { return (noise >= r ? .runNoise : .onTheMargin, nil) }
        func decided(_ size: Int) -> Bool {
            let interval = equivalenceInterval(mean: mean, sd: sd, seeds: size, alpha: alpha)
            return CellVerdict.of(interval: interval, published: published, tolerance: tolerance) != .inconclusive
        }
        return (.seeds, smallestSeeds(above: n, decided))
    }

    /// The fewest seeds above `n`, up to 100,000, for which `decided` holds, by bisection
    /// (`decided` turns true once and stays true as seeds grow); nil beyond.
    public static func smallestSeeds(above n: Int, _ decided: (Int) -> Bool) -> Int? {
        var low = n, high = 100_000
        guard decided(high) else { return nil }
        while high - low > 1 {
            let middle = (low + high) / 2
            if decided(middle) { high = middle } else { low = middle }
        }
        return high
    }

    /// The two-sided p-value of a published number (any value of `printed`) as one more run:
    /// Student's t on its distance from the mean in units of sd·√(1 + 1/n).
    public static func oneRunPValue(_ printed: ClosedRange<Double>, mean: Double, sd: Double, seeds n: Int) -> Double {
        let distance =
            printed.contains(mean) ? 0 : Swift.min(abs(printed.lowerBound - mean), abs(printed.upperBound - mean))
        guard distance > 0 else { return 1 }
        guard sd > 0 else { return 0 }
        let t = distance / (sd * (1 + 1 / Double(n)).squareRoot())
        return Swift.min(1, 2 * (1 - StudentT.cdf(t, degreesOfFreedom: n - 1)))
    }
}
