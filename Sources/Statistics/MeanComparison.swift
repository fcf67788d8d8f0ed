import Foundation

/// A configuration's runs as a comparison of means sees them: how many, their mean and sd.
public struct Sample: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var sd: Double

    public init(_ values: [Double]) {
        count = values.count
        mean = values.reduce(0, +) / Double(max(values.count, 1))
        sd = values.count > 1 ? Spread.standardDeviation(values, mean: mean) : .nan
    }
}

/// An estimate of a contrast of configuration means with its standard error and degrees of
/// freedom: a difference of means, or a log ratio of means (the delta method: the log of a mean
/// has standard error sd / (mean √n) to first order; Casella and Berger, Statistical Inference,
/// 2nd ed., 2002, §5.5.4), its degrees of freedom Welch–Satterthwaite's (Welch 1947, Biometrika
/// 34:28–35), rounded down. `runs`: where a share of single runs lies (a tolerance interval).
public struct MeanContrast: Sendable, Equatable {
    public var estimate: Double
    public var standardError: Double
    public var degreesOfFreedom: Int
    /// The runs each configuration has (the smallest, where there are two).
    public var seeds: Int
    /// nil: a contrast of means, whose interval shrinks with more seeds. Otherwise the share of
    /// single runs the interval must hold: it tends to the runs' own spread, not to a point.
    public var content: Double?

    public init(estimate: Double, standardError: Double, degreesOfFreedom: Int, seeds: Int, content: Double?) {
        (self.estimate, self.standardError, self.degreesOfFreedom) = (estimate, standardError, degreesOfFreedom)
        (self.seeds, self.content) = (seeds, content)
    }

    /// x̄_a − x̄_b.
    public static func difference(_ a: Sample, minus b: Sample) -> MeanContrast {
        welch(a.mean - b.mean, [(a.sd * a.sd / Double(a.count), a.count), (b.sd * b.sd / Double(b.count), b.count)])
    }

    /// log(x̄_a / x̄_b).
    public static func logRatio(_ a: Sample, over b: Sample) -> MeanContrast {
        welch(
            log(a.mean / b.mean),
            [(relativeVariance(a), a.count), (relativeVariance(b), b.count)])
    }

    /// log(x̄_a / c) for a constant c.
    public static func logRatio(_ a: Sample, over c: Double) -> MeanContrast {
        welch(log(a.mean / c), [(relativeVariance(a), a.count)])
    }

    /// The share of runs a claim about runs ("a run lands inside") asks to hold.
    public static let runsContent = 0.95

    /// The runs of `a`: the interval that holds `content` of them (a normal tolerance interval).
    public static func runs(_ a: Sample, content: Double) -> MeanContrast {
        MeanContrast(
            estimate: a.mean, standardError: a.sd, degreesOfFreedom: max(a.count - 1, 1), seeds: a.count,
            content: content)
    }

    /// The tolerance factor k: mean ± k sd holds `content` of normal runs with confidence 1 − alpha
    /// at n seeds (Howe 1969, JASA 64:610–620, with Wilson and Hilferty's 1931 chi-square quantile,
    /// PNAS 17:684–688).
    public static func toleranceFactor(content: Double, seeds n: Int, alpha: Double) -> Double {
        let nu = Double(max(n - 1, 1)), z = normalQuantile(alpha)
        let c = 2 / (9 * nu)
        let chiSquare = nu * pow(1 - c + z * c.squareRoot(), 3)
        return normalQuantile((1 + content) / 2) * (nu * (1 + 1 / Double(n)) / chiSquare).squareRoot()
    }

    private static func relativeVariance(_ s: Sample) -> Double { s.sd * s.sd / (s.mean * s.mean * Double(s.count)) }

    private static func welch(_ estimate: Double, _ parts: [(variance: Double, count: Int)]) -> MeanContrast {
        let total = parts.reduce(0) { $0 + $1.variance }
        let denominator = parts.reduce(0) { $0 + $1.variance * $1.variance / Double(max($1.count - 1, 1)) }
        let df = denominator > 0 ? total * total / denominator : Double(parts.map { $0.count - 1 }.min() ?? 1)
        return MeanContrast(
            estimate: estimate, standardError: total.squareRoot(),
            degreesOfFreedom: max(1, Int(df.isFinite ? df : 1)), seeds: parts.map(\.count).min() ?? 0, content: nil)
    }

    /// The two-sided interval that leaves `alpha` in each tail (Student's t); for runs, the
    /// tolerance interval at confidence 1 − alpha.
    public func interval(alpha: Double, seeds n: Int? = nil) -> ClosedRange<Double> {
        let half: Double
        if let content {
            half = Self.toleranceFactor(content: content, seeds: n ?? seeds, alpha: alpha) * standardError
        } else {
            half = StudentT.quantile(1 - alpha, degreesOfFreedom: degreesOfFreedom) * standardError
        }
        return half.isFinite && estimate.isFinite
            ? (estimate - half)...(estimate + half) : -Double.infinity...Double.infinity
    }
}

/// A contrast against the region a claim puts it in: an interval inside the region decides that
/// it holds, one outside it that it does not; one across an edge leaves it open, and then how far
/// the estimate is from the nearest edge says what would close it.
public struct RegionVerdict: Sendable, Equatable {
    public enum Outcome: String, Sendable { case inside, outside, open }
    public var outcome: Outcome
    /// Seeds a configuration that would make the interval clear the nearest edge at the
    /// observed spread (n (half-width / distance)², the t quantile held); nil when the region is
    /// decided, or when no number of seeds can (one run's spread, or an estimate on the edge).
    public var seedsToDecide: Int?
    /// Open because a single run's own spread is wider than the distance to the edge: no number
    /// of seeds decides it.
    public var runNoise: Bool

    public static func judge(
        _ contrast: MeanContrast, region: ClosedRange<Double>, alphaInside: Double, alphaOutside: Double
    ) -> RegionVerdict {
        let holds = contrast.interval(alpha: alphaInside)
        if region.lowerBound <= holds.lowerBound && holds.upperBound <= region.upperBound {
            return RegionVerdict(outcome: .inside, seedsToDecide: nil, runNoise: false)
        }
        let fails = contrast.interval(alpha: alphaOutside)
        if fails.upperBound < region.lowerBound || region.upperBound < fails.lowerBound {
            return RegionVerdict(outcome: .outside, seedsToDecide: nil, runNoise: false)
        }
        let x = contrast.estimate
        let distance = min(abs(x - region.lowerBound), abs(region.upperBound - x))
        let half = (holds.upperBound - holds.lowerBound) / 2
        if let content = contrast.content {
            // Runs: the interval tends to ± z sd, never narrower: more seeds decide it only if
            // that fits between the estimate and the nearer edge.
            guard normalQuantile((1 + content) / 2) * contrast.standardError < distance else {
                return RegionVerdict(outcome: .open, seedsToDecide: nil, runNoise: true)
            }
            let needed = Spread.smallestSeeds(above: contrast.seeds) { n in
                MeanContrast.toleranceFactor(content: content, seeds: n, alpha: alphaInside) * contrast.standardError
                    < distance
            }
            return RegionVerdict(outcome: .open, seedsToDecide: needed, runNoise: false)
        }
        guard distance > 0, distance.isFinite, half.isFinite else {
            return RegionVerdict(outcome: .open, seedsToDecide: nil, runNoise: false)
        }
        let needed = Double(contrast.seeds) * (half / distance) * (half / distance)
        return RegionVerdict(
            outcome: .open, seedsToDecide: needed < 1e6 ? max(contrast.seeds + 1, Int(needed.rounded(.up))) : nil,
            runNoise: false)
    }
}
