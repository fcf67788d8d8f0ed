import Artifacts
import BikeModel
import Foundation
import Plan
import ReportBuilder
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
}

/// The regression gate of `make check`: recomputes every gated cell from the published and the
/// reproduced numbers (trusting no verdict stored in the results) and names each failure.
public enum ResultsCheck {
    public static func failures(_ results: ReportResults, pipeline: PipelineSpec) -> [String] {
        items(results, pipeline: pipeline).compactMap(\.failure)
    }

    /// Every check, in order: each gated cell (with the row's seeds and settings), the headline,
    /// each expected conclusion, and the sections beyond the report.
    public static func items(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        cells(results, pipeline: pipeline) + headline(results, pipeline: pipeline) + claims(results, pipeline: pipeline)
            + lossCurve(results, pipeline: pipeline) + readings(results, pipeline: pipeline)
            + beyondItems(results, pipeline: pipeline)
    }

    /// Each table's rows: a row's settings and seeds, then each gated cell's verdict.
    static func cells(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        var items: [CheckItem] = []
        for (number, table) in pipeline.tables.tables.enumerated() {
            guard let reproduced = results.tables[table.name], reproduced.rows.count == table.rows.count else {
                items.append(
                    CheckItem(
                        suite: "cells", name: "table \(number + 1) '\(table.name)'",
                        failure: "table \(number + 1) '\(table.name)' is missing or has the wrong number of rows"))
                continue
            }
            for (index, row) in reproduced.rows.enumerated() {
                let place = "table \(number + 1) '\(table.name)', row \(index + 1) (\(row.label))"
                var problems: [String] = []
                if !row.divergedSeeds.isEmpty {
                    problems.append(
                        "\(place): seeds \(row.divergedSeeds.map(String.init).joined(separator: ", ")) diverged")
                }
                // A run with other settings does not reproduce the published cell, whatever its numbers.
                for departure in row.departures {
                    problems.append(
                        "\(place): ran with \(departure.setting) \(departure.run) where the report used \(departure.published), so it does not reproduce the published row"
                    )
                }
                // The row's own check: it ran the published configuration, and no seed diverged.
                items.append(
                    CheckItem(
                        suite: "cells", name: "\(place): settings and seeds",
                        failure: problems.isEmpty ? nil : problems.joined(separator: "; "),
                        row: place, isRowCheck: true))
                for (column, cell) in row.published.sorted(by: { $0.key < $1.key }) {
                    guard let gate = pipeline.tables.margin(column, table: table.name), let published = cell.number
                    else { continue }
                    let name = "\(place), \(column)"
                    items.append(
                        CheckItem(
                            suite: "cells", name: name,
                            failure: cellFailure(
                                name, row.reproduced[column], published: published, tolerance: gate,
                                design: pipeline.design(of: row.experiment),
                                expected: table.rows[index].expected?[column] ?? .reproduced),
                            row: place))
                }
            }
        }
        return items
    }

    /// The headline: its settings, its median in the stated range, and its verdict as declared.
    static func headline(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        var items: [CheckItem] = []
        let range = pipeline.published.headline.stated_range
        for departure in results.headline.departures ?? [] {
            items.append(
                CheckItem(
                    suite: "headline", name: "headline settings",
                    failure:
                        "headline: ran with \(departure.setting) \(departure.run) where the report used \(departure.published)"
                ))
        }
        if let median = results.headline.reproduced["val_mse"]?.median, range.count == 2, range[0] <= range[1] {
            items.append(
                CheckItem(
                    suite: "headline", name: "headline validation MSE in the stated range",
                    failure: (range[0]...range[1]).contains(median)
                        ? nil
                        : "headline: reproduced median validation MSE \(readable(median)) is outside the report's stated range \(readable(range[0]))–\(readable(range[1]))"
                ))
        } else {
            items.append(
                CheckItem(
                    suite: "headline", name: "headline validation MSE in the stated range",
                    failure: "headline: no reproduced validation MSE"))
        }
        if let gate = pipeline.tables.headlineMargin {
            items.append(
                CheckItem(
                    suite: "headline", name: "headline validation MSE as declared",
                    failure: cellFailure(
                        "headline, val_mse", results.headline.reproduced["val_mse"],
                        published: pipeline.published.headline.val_mse, tolerance: gate,
                        design: pipeline.design(of: pipeline.tables.headline.experiment),
                        expected: pipeline.tables.headline.expected ?? .reproduced)))
        }
        return items
    }

    /// Each claim with an expected verdict: the report's conclusions, then each study's, after
    /// the check that the study is in the results with the grid its file declares.
    static func claims(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        var items: [CheckItem] = []
        func judged(_ claim: ClaimSpec, _ conclusion: ReportResults.Conclusion?, suite: String, file: String) {
            guard let expected = claim.expected else { return }
            let id = claim.id, what = suite == "conclusions" ? "conclusion" : "claim"
            guard let conclusion, let probability = conclusion.probability,
                let verdict = claimVerdict(probability: probability, effectiveRuns: conclusion.effectiveRuns)
            else {
                items.append(
                    CheckItem(
                        suite: suite, name: id,
                        failure:
                            "\(what) '\(id)' of \(file) is missing from the results, or has no probability and effective runs"
                    ))
                return
            }
            items.append(
                CheckItem(
                    suite: suite, name: id,
                    failure: verdict == expected
                        ? nil
                        : "\(what) '\(id)' is now '\(verdict.rawValue)' (probability \(String(format: "%.3f", probability))) where \(file) expects '\(expected.rawValue)': \(conclusion.evidence)"
                ))
        }
        for claim in pipeline.tables.conclusions.claims {
            judged(
                claim, results.conclusions.first { $0.id == claim.id }, suite: "conclusions", file: "tables.json")
        }
        for study in pipeline.studies {
            let found = results.studies?[study.name]
            let grid = found?.rows.map(\.label) == study.points.map(\.name)
            items.append(
                CheckItem(
                    suite: "studies", name: "\(study.name): in the results, with its grid",
                    failure: grid
                        ? nil
                        : "study '\(study.name)' is missing from the results or has another grid than studies/\(study.name).json"
                ))
            for claim in study.spec.claims ?? [] {
                judged(
                    claim, found?.claims.first { $0.id == claim.id }, suite: "studies",
                    file: "studies/\(study.name).json")
            }
        }
        return items
    }

    /// The report's printed loss curve, compared epoch by epoch.
    static func lossCurve(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        var items: [CheckItem] = []
        if pipeline.published.loss_curve_printed?.isEmpty == false {
            let rows = results.loss_curve?.rows ?? []
            items.append(
                CheckItem(
                    suite: "headline", name: "the printed loss curve compared",
                    failure: rows.count == pipeline.published.loss_curve_printed?.count
                        && rows.allSatisfy { $0.reproduced != nil }
                        ? nil
                        : "loss_curve: the report's printed loss curve is missing from the results or has epochs no headline seed ran"
                ))
        }
        return items
    }

    /// A claim's verdict recomputed from its stored probability and effective number of runs
    /// (not the verdict or the bounds stored beside them); nil when either is not a number a
    /// claim can have.
    static func claimVerdict(probability: Double, effectiveRuns: Double?) -> ConclusionVerdict? {
        guard probability.isFinite, (0...1).contains(probability), let n = effectiveRuns, n.isFinite,
            n > 0, n <= 10_000
        else { return nil }
        return ConclusionVerdict(bounds: ClaimProbability.bounds(probability: probability, effectiveRuns: n))
    }

    /// Why a gated cell fails, or nil when its verdict is the one declared (`expected`). The
    /// verdict is recomputed from the stored mean, standard deviation and seed count (those from
    /// the seeds' values, where stored), at the declared margin and the design's level.
    static func cellFailure(
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

    /// The one-line account printed on a pass and on a failure alike.
    public static func summary(_ items: [CheckItem], results: ReportResults) -> String {
        // A cell is reproduced only if its row also ran the published configuration.
        let failedRows = Set(items.filter { $0.isRowCheck && $0.failure != nil }.compactMap(\.row))
        let cells = items.filter { $0.suite == "cells" && !$0.isRowCheck }
        let asDeclared = cells.filter { cell in cell.failure == nil && !(cell.row.map(failedRows.contains) ?? false) }
        let conclusions = items.filter { $0.suite == "conclusions" }
        let studyClaims = items.filter { $0.suite == "studies" }
        let readingChecks = items.filter { $0.suite == "readings" }
        var worst: (String, Double)?
        for (name, table) in results.tables {
            for row in table.rows {
                for (column, difference) in row.relativeDifference
                where row.tolerance[column] != nil && (worst.map { abs(difference) > abs($0.1) } ?? true) {
                    worst = ("\(name) \(row.label), \(column)", difference)
                }
            }
        }
        var consistent = 0, judged = 0, verdicts: [CellVerdict: Int] = [:]
        // The cells of one published run (the same experiment and the same published validation
        // MSE: the headline's run prints 5,257 in three tables) count once in the second tally,
        // consistent when all its cells are.
        var runs: [String: Bool] = [:]
        for table in results.tables.values {
            for row in table.rows {
                for (column, spread) in row.reproduced where row.tolerance[column] != nil {
                    if let verdict = spread.verdict { verdicts[verdict, default: 0] += 1 }
                    guard let one = spread.consistentWithOneRun else { continue }
                    judged += 1
                    if one { consistent += 1 }
                    let run = "\(row.experiment) \(row.published["val_mse"]?.number.map { "\($0)" } ?? row.label)"
                    runs[run] = (runs[run] ?? true) && one
                }
            }
        }
        let independent = "\(runs.values.filter { $0 }.count) of \(runs.count) independent published runs"
        let claimVerdicts = results.conclusions.compactMap(\.verdict)
        let tally = ConclusionVerdict.allCases.compactMap { v in
            claimVerdicts.contains(v) ? "\(claimVerdicts.filter { $0 == v }.count) \(v.rawValue)" : nil
        }
        let cellTally = CellVerdict.allCases.compactMap { v in verdicts[v].map { "\($0) \(v.rawValue)" } }
        let failed = items.filter { $0.failure != nil }.count
        return
            "\(failed == 0 ? "check passed" : "check failed: \(failed) of \(items.count) checks"): \(asDeclared.count) of \(cells.count) gated cells as declared (\(cellTally.joined(separator: ", ")))"
            + "; \(consistent) of \(judged) consistent with one run (\(independent))"
            + (worst.map { "; largest difference \(String(format: "%+.1f%%", 100 * $0.1)) (\($0.0))" } ?? "")
            + "; \(conclusions.filter { $0.failure == nil }.count) of \(conclusions.count) conclusions as declared (\(tally.joined(separator: ", ")))"
            + (studyClaims.isEmpty
                ? ""
                : "; \(studyClaims.filter { $0.failure == nil }.count) of \(studyClaims.count) study checks as declared")
            + (readingChecks.isEmpty
                ? ""
                : "; \(readingChecks.filter { $0.failure == nil }.count) of \(readingChecks.count) reading checks as declared")
            + (items.first { $0.suite == "drift" }.map {
                "; "
                    + ($0.skipped.map { "drift gate skipped (\($0))" }
                        ?? ($0.failure == nil ? $0.name : "drift: results moved"))
            } ?? "")
    }
}
