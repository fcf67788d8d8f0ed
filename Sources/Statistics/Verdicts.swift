/// Whether the seeds reproduce a published number within its margin: an equivalence test
/// (two one-sided tests at 5% each, as a 90% confidence interval; STATISTICS.md).
public enum CellVerdict: String, Codable, Sendable, CaseIterable {
    /// The confidence interval of the mean lies wholly inside the margin.
    case reproduced
    /// It lies wholly outside.
    case notReproduced = "not reproduced"
    /// Neither: more seeds could decide it.
    case inconclusive

    /// The verdict of `interval` against published × (1 ± tolerance).
    public static func of(interval: [Double], published: Double, tolerance: Double) -> CellVerdict {
        let margin = CellVerdict.margin(published: published, tolerance: tolerance)
        guard interval.count == 2, interval[0] <= interval[1], interval.allSatisfy(\.isFinite) else {
            return .inconclusive
        }
        if interval[0] >= margin.lowerBound && interval[1] <= margin.upperBound { return .reproduced }
        if interval[1] < margin.lowerBound || interval[0] > margin.upperBound { return .notReproduced }
        return .inconclusive
    }

    /// The smallest tolerance at which `interval` lies inside published × (1 ± tolerance): the
    /// tightest margin at which the cell would still be reproduced (its far end's distance).
    public static func smallestMargin(interval: [Double], published: Double) -> Double? {
        guard interval.count == 2, interval[0] <= interval[1], interval.allSatisfy(\.isFinite), published != 0 else {
            return nil
        }
        return Swift.max(published - interval[0], interval[1] - published) / abs(published)
    }

    /// published × (1 ± tolerance), the range within which a reproduction counts as the same.
    public static func margin(published: Double, tolerance: Double) -> ClosedRange<Double> {
        let half = abs(published) * tolerance
        return (published - half)...(published + half)
    }
}

/// A conclusion's verdict, from bounds on the probability that it holds of one run of each
/// configuration (`ClaimProbability`).
/// Why a verdict stays open (STATISTICS.md, "What keeps a verdict open").
public enum OpenCause: String, Codable, Sendable, CaseIterable {
    /// More seeds would decide it: the verdict's `seedsToDecide` at the observed spread.
    case seeds
    /// The estimate sits on the edge of the margin itself: no number of seeds is in sight.
    case onTheMargin = "on-the-margin"
    /// One run's own spread is wider than the margin allows: no number of seeds decides it.
    case runNoise = "run-noise"
}

public enum ConclusionVerdict: String, Codable, Sendable, CaseIterable {
    case holds
    case doesNotHold = "does not hold"
    case inconclusive

    /// Holds when the lower 95% bound is at least 0.95, does not hold when the upper one is at
    /// most 0.05.
    public init(bounds: [Double]) {
        guard bounds.count == 2, bounds.allSatisfy(\.isFinite) else {
            self = .inconclusive
            return
        }
        self = bounds[0] >= 0.95 ? .holds : bounds[1] <= 0.05 ? .doesNotHold : .inconclusive
    }
}
