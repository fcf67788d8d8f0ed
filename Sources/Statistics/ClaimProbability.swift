/// How sure the seeds make a claim's probability: the probability that one run of each
/// configuration bears the claim out, estimated over every combination of seeds (a U-statistic
/// with one run from each configuration), with its variance from each configuration's
/// placement values (the first-order Hoeffding projection, as DeLong, DeLong and
/// Clarke-Pearson 1988 do for two samples) and exact one-sided 95% bounds from Clopper and
/// Pearson (1934) at the Korn and Graubard (1998) effective number of runs (STATISTICS.md).
public struct ClaimProbability: Codable, Equatable, Sendable {
    public var probability: Double
    public var standardError: Double
    /// p(1 − p)/SE², at most the fewest seeds of any configuration; those fewest seeds when the
    /// estimate is 0 or 1 (then the seeds say no more than that many runs all agreeing).
    public var effectiveRuns: Double
    /// One-sided 95% lower and upper bounds on the probability: [lower, upper].
    public var bounds: [Double]

    /// The level of each one-sided bound.
    public static let level = 0.95

    /// From the estimate, each configuration's placement values (the claim's probability with
    /// that configuration's run fixed at each of its seeds) and their seed counts.
    public init(probability: Double, placements: [[Double]]) {
        precondition(!placements.isEmpty && placements.allSatisfy { !$0.isEmpty })
        self.probability = probability
        var variance = 0.0
        for values in placements where values.count >= 2 {
            let sd = Spread.standardDeviation(values, mean: values.reduce(0, +) / Double(values.count))
            variance += sd * sd / Double(values.count)
        }
        standardError = variance.squareRoot()
        let fewest = Double(placements.map(\.count).min()!)
        let spread = probability * (1 - probability)
        effectiveRuns = variance > 0 && spread > 0 ? Swift.min(fewest, spread / variance) : fewest
        bounds = ClaimProbability.bounds(probability: probability, effectiveRuns: effectiveRuns)
    }

    /// Clopper–Pearson's one-sided bounds for probability × runs successes in `effectiveRuns`.
    public static func bounds(probability: Double, effectiveRuns n: Double) -> [Double] {
        let p = Swift.min(1, Swift.max(0, probability))
        return [
            ClopperPearson.lower(successes: p * n, trials: n, level: level),
            ClopperPearson.upper(successes: p * n, trials: n, level: level)
        ]
    }

    public var verdict: ConclusionVerdict { ConclusionVerdict(bounds: bounds) }

    /// The fewest runs, all bearing a claim out, whose lower bound reaches 0.95: what "holds"
    /// asks of a claim every seed supports.
    public static var runsToHold: Int {
        var n = 1
        while ClopperPearson.lower(successes: Double(n), trials: Double(n), level: level) < 0.95 { n += 1 }
        return n
    }
}
