import Artifacts
import BikeModel
import Foundation
import Pipeline
import Statistics

/// One thing `make check` checks, passed or failed: a test case of the JUnit report.
public struct CheckItem: Equatable, Sendable {
    /// The group: "cells", "headline", "conclusions", "beyond the report", "drift".
    public var suite: String
    public var name: String
    /// Why it failed, or nil when it passed.
    public var failure: String?
    /// Why it could not run (the drift gate without git history).
    public var skipped: String? = nil
    /// The table row a cell belongs to, and whether this is the row's own check (it ran the
    /// published settings, no seed diverged) rather than one of its gated cells.
    public var row: String? = nil
    public var isRowCheck = false

    public init(
        suite: String, name: String, failure: String? = nil, skipped: String? = nil, row: String? = nil,
        isRowCheck: Bool = false
    ) {
        self.suite = suite
        self.name = name
        self.failure = failure
        self.skipped = skipped
        self.row = row
        self.isRowCheck = isRowCheck
    }
}

/// What the sections' checks share: a gated cell's verdict and a claim's, each recomputed from
/// the numbers stored in the results, trusting no verdict stored beside them.
package enum Checks {
    /// A claim's verdict recomputed from its stored probability and effective number of runs
    /// (not the verdict or the bounds stored beside them); nil when either is not a number a
    /// claim can have.
    package static func claimVerdict(probability: Double, effectiveRuns: Double?) -> ConclusionVerdict? {
        guard probability.isFinite, (0...1).contains(probability), let n = effectiveRuns, n.isFinite,
            n > 0, n <= 10_000
        else { return nil }
        return ConclusionVerdict(bounds: ClaimProbability.bounds(probability: probability, effectiveRuns: n))
    }

    /// Why a gated cell fails, or nil when its verdict is the one declared (`expected`). The
    /// verdict is recomputed from the stored mean, standard deviation and seed count (those from
    /// the seeds' values, where stored), at the declared margin and the design's level.
    package static func cellFailure(
        _ name: String, _ stored: Spread?, published: Double, tolerance: Double, design: SequentialSeeds,
        expected: CellVerdict = .reproduced
    ) -> String? {
        guard let stored, let mean = stored.mean, let n = stored.seeds, mean.isFinite else {
            return "\(name): no reproduced value"
        }
        guard n >= 2 else { return "\(name): \(n) seed, too few for an interval, so not shown to reproduce" }
        // Bounded as train bounds --max-seeds: a t quantile's cost grows with the seed count.
        guard n <= 10_000 else { return "\(name): \(n) seeds is not a seed count the pipeline writes (at most 10000)" }
        guard let sd = stored.sd, sd.isFinite, sd >= 0 else {
            return "\(name): no standard deviation over its \(n) seeds, so not shown to reproduce"
        }
        // With its seeds' values, the cell's statistics are recomputed from them first.
        if let values = stored.values {
            guard values.count == n, values.allSatisfy(\.isFinite) else {
                return "\(name): \(values.count) seed values for \(n) seeds, so not shown to reproduce"
            }
            let again = Spread(values)
            guard again.mean == mean, again.sd == sd else {
                return
                    "\(name): the stored mean and standard deviation are not its seeds' values' (\(readable(again.mean ?? .nan)), \(readable(again.sd ?? .nan)))"
            }
        }
        let recomputed = Spread(mean: mean, sd: sd, seeds: n)
        let judged = recomputed.judged(published: published, tolerance: tolerance, alpha: design.alpha)
        let interval = judged.equivalenceInterval ?? []
        guard let verdict = judged.verdict, interval.count == 2 else { return "\(name): no verdict" }
        if verdict == expected { return nil }
        let margin = CellVerdict.margin(published: published, tolerance: tolerance)
        let seen =
            "the interval for one run against ours over \(n) seeds, \(readable(interval[0]))–\(readable(interval[1])) (each side at \(MarginMarkdown.percent(design.alpha))),"
        let within =
            "\(readable(published)) ± \(MarginMarkdown.percent(tolerance)) (\(readable(margin.lowerBound))–\(readable(margin.upperBound)))"
        let how: String
        switch verdict {
        case .reproduced: how = "lies inside \(within)"
        case .notReproduced: how = "lies outside \(within)"
        case .inconclusive:
            let more =
                n < design.maxSeeds && design.wantsMoreSeeds(recomputed, published: published, tolerance: tolerance)
                ? " (below the maximum of \(design.maxSeeds), and more seeds could still decide it: the pipeline did not add the seeds it should have)"
                : ""
            how = "straddles an edge of \(within)\(more)"
        }
        return "\(name): now '\(verdict.rawValue)' where tables.json expects '\(expected.rawValue)': \(seen) \(how)"
    }

    /// A claim's verdict on means held to the one declared (`expectedOnMeans`): nil where none
    /// is. An open verdict must also say what keeps it open.
    package static func claimOnMeans(
        _ claim: ClaimSpec, _ conclusion: ReportResults.Conclusion?, suite: String, file: String,
        expected: ConclusionVerdict? = nil
    ) -> CheckItem? {
        guard let expected = expected ?? claim.expectedOnMeans else { return nil }
        let id = claim.id, what = suite == "conclusions" ? "conclusion" : "claim"
        let name = "\(id) on means"
        guard let onMeans = conclusion?.onMeans else {
            return CheckItem(
                suite: suite, name: name, failure: "\(what) '\(id)' of \(file) has no verdict on means in the results")
        }
        if onMeans.verdict == .inconclusive && onMeans.cause == nil {
            return CheckItem(
                suite: suite, name: name, failure: "\(what) '\(id)' is inconclusive on means and says no cause")
        }
        return CheckItem(
            suite: suite, name: name,
            failure: onMeans.verdict == expected
                ? nil
                : "\(what) '\(id)' is now '\(onMeans.verdict.rawValue)' on means where \(file) expects '\(expected.rawValue)'"
        )
    }

    /// A claim with an expected verdict held to it: nil for a claim that expects none.
    package static func claim(
        _ claim: ClaimSpec, _ conclusion: ReportResults.Conclusion?, suite: String, file: String
    ) -> CheckItem? {
        guard let expected = claim.expected else { return nil }
        let id = claim.id, what = suite == "conclusions" ? "conclusion" : "claim"
        guard let conclusion, let probability = conclusion.probability,
            let verdict = claimVerdict(probability: probability, effectiveRuns: conclusion.effectiveRuns)
        else {
            return CheckItem(
                suite: suite, name: id,
                failure:
                    "\(what) '\(id)' of \(file) is missing from the results, or has no probability and effective runs")
        }
        return CheckItem(
            suite: suite, name: id,
            failure: verdict == expected
                ? nil
                : "\(what) '\(id)' is now '\(verdict.rawValue)' (probability \(String(format: "%.3f", probability))) where \(file) expects '\(expected.rawValue)': \(conclusion.evidence)"
        )
    }
}
