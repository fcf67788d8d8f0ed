/// The add-seeds rule as a group-sequential design: a cell starts with its experiment's
/// declared seeds and gains `step` more while it is inconclusive and could still be decided,
/// up to `maxSeeds`. Each look tests each side at Pocock's nominal level for the design's number
/// of looks, so that a method on the margin's edge is called reproduced at most 5% of the time
/// overall, however many looks it took (STATISTICS.md).
public struct SequentialSeeds: Equatable, Sendable {
    /// Seeds added per look.
    public static let step = 10
    /// The overall level of each one-sided test.
    public static let overallAlpha = 0.05

    public let firstSeeds: Int
    public let maxSeeds: Int
    /// 1 + the rounds of `step` seeds from the first seeds to the most.
    public let looks: Int
    /// Each one-sided test's level at every look.
    public let alpha: Double

    public init(firstSeeds: Int, maxSeeds: Int) {
        self.firstSeeds = firstSeeds
        self.maxSeeds = maxSeeds
        looks = maxSeeds <= firstSeeds ? 1 : 1 + (maxSeeds - firstSeeds + Self.step - 1) / Self.step
        alpha = Pocock.nominalLevel(looks: looks, alpha: Self.overallAlpha)
    }

    /// A design with one look: the declared seeds only, each side at 5%.
    public static let fixed = SequentialSeeds(firstSeeds: 2, maxSeeds: 2)

    /// Whether `spread` is still worth more seeds against `published` ± `tolerance`: inconclusive,
    /// and the equivalence interval projected to `maxSeeds` with today's sd narrower than the
    /// margin (else no number of seeds could show it reproduced: a futility stop, which can only
    /// make a wrong "reproduced" rarer).
    public func wantsMoreSeeds(_ spread: Spread, published: Double, tolerance: Double) -> Bool {
        let judged = spread.judged(published: published, tolerance: tolerance, alpha: alpha)
        guard judged.verdict == .inconclusive, let n = spread.seeds, n < maxSeeds else { return false }
        guard let sd = spread.sd else { return true }
        let projected = Spread.equivalenceInterval(mean: 0, sd: sd, seeds: maxSeeds, alpha: alpha)
        return projected[1] < abs(published) * tolerance
    }
}

extension SequentialSeeds {
    /// The level each look tests a conclusion at, whose claims together share `alpha`: Pocock's
    /// nominal level for this design's looks (`alpha` itself with one look).
    public func nominalLevel(_ alpha: Double) -> Double {
        looks > 1 ? Pocock.nominalLevel(looks: looks, alpha: alpha) : alpha
    }

    /// Whether a conclusion that runs land in `range` (`MeanContrast.runsContent` of them) is
    /// worth more seeds: open at this look's level, and decided by no more than `maxSeeds` seeds
    /// at today's mean and sd (else a futility stop, as for a cell).
    public func wantsMoreSeeds(runs values: [Double], inside range: ClosedRange<Double>, alpha: Double) -> Bool {
        guard values.count >= 2, values.count < maxSeeds else { return false }
        let level = nominalLevel(alpha)
        let verdict = RegionVerdict.judge(
            .runs(Sample(values), content: MeanContrast.runsContent), region: range, alphaInside: level,
            alphaOutside: level)
        guard verdict.outcome == .open, let needed = verdict.seedsToDecide else { return false }
        return needed <= maxSeeds
    }
}
