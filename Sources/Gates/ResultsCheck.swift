import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import ReportBuilder
import Statistics

/// The regression gate of `make check`: recomputes every gated cell from the published and the
/// reproduced numbers (trusting no verdict stored in the results) and names each failure.
public enum ResultsCheck {
    public static func failures(_ results: ReportResults, pipeline: PipelineSpec) -> [String] {
        items(results, pipeline: pipeline).compactMap(\.failure)
    }

    /// Every check, from each section of the report (`ReportSection.checks`): each table's gated
    /// cells with their rows' seeds and settings, the headline and the loss curve, the
    /// conclusions, the studies, the readings, and the sections beyond the report.
    public static func items(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        let items = ReportSections.checks(results, pipeline: pipeline)
        // Grouped by suite in `suiteOrder`, the gated cells first, so that CI's JUnit view keeps
        // its order from run to run; within a suite, in the report's order.
        func rank(_ suite: String) -> Int { suiteOrder.firstIndex(of: suite) ?? suiteOrder.count }
        return items.enumerated().sorted { (rank($0.element.suite), $0.offset) < (rank($1.element.suite), $1.offset) }
            .map(\.element)
    }

    /// The suites in the order the JUnit report lists them.
    static let suiteOrder = ["cells", "headline", "conclusions", "studies", "readings", "beyond the report"]

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
                for cell in row.gatedCells {
                    guard let difference = cell.difference, worst.map({ abs(difference) > abs($0.1) }) ?? true
                    else { continue }
                    worst = ("\(name) \(row.label), \(cell.column)", difference)
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
                for cell in row.gatedCells {
                    guard let spread = cell.reproduced else { continue }
                    if let verdict = spread.verdict { verdicts[verdict, default: 0] += 1 }
                    guard let one = spread.consistentWithOneRun else { continue }
                    judged += 1
                    if one { consistent += 1 }
                    let run =
                        "\(row.experiment) \(row.published[Measure.validationMSE.key]?.number.map { "\($0)" } ?? row.label)"
                    runs[run] = (runs[run] ?? true) && one
                }
            }
        }
        let independent = "\(runs.values.filter { $0 }.count) of \(runs.count) independent published runs"
        func tally(_ verdicts: [ConclusionVerdict]) -> String {
            ConclusionVerdict.allCases.compactMap { v in
                verdicts.contains(v) ? "\(verdicts.filter { $0 == v }.count) \(v.rawValue)" : nil
            }.joined(separator: ", ")
        }
        let onMeans = results.conclusions.compactMap(\.onMeans?.verdict)
        let single = results.conclusions.compactMap(\.verdict)
        let cellTally = CellVerdict.allCases.compactMap { v in verdicts[v].map { "\($0) \(v.rawValue)" } }
        let failed = items.filter { $0.failure != nil }.count
        return
            "\(failed == 0 ? "check passed" : "check failed: \(failed) of \(items.count) checks"): \(asDeclared.count) of \(cells.count) gated cells as declared (\(cellTally.joined(separator: ", ")))"
            + "; \(consistent) of \(judged) consistent with one run (\(independent))"
            + (worst.map { "; largest difference \(String(format: "%+.1f%%", 100 * $0.1)) (\($0.0))" } ?? "")
            + "; \(conclusions.filter { $0.failure == nil }.count) of \(conclusions.count) conclusions as declared (on means \(tally(onMeans)); on single runs \(tally(single)))"
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
