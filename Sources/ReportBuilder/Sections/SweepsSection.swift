import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// Were the learning rates tuned? Each configuration of the swept tables over a log grid of
/// learning rates around the report's choice, with a figure per table.
struct SweepsSection: ReportSection {
    func addFiguresFromResults(to plan: inout PlanBuilder) { plan.addSweepFigures() }

    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        results.beyond.learningRateSweeps = context.beyond.learningRateSweeps
        results.beyond.learningRateSweepsFinding = context.beyond.learningRateSweepsFinding
        let pipeline = context.pipeline
        for (table, number) in pipeline.sweptTables {
            results.figures["sweep-\(table).png"] =
                "Learning-rate sweep of Table \(number)'s configurations: median validation MSE against learning rate; hollow markers did not converge."
        }
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String { ReportMarkdown.sweeps(results) }
}

extension PlanBuilder {
    /// The learning-rate sweeps' figures, one per table, from the results.
    mutating func addSweepFigures() {
        let results = PlanPath(.figures, "results.json")
        for (table, number) in pipeline.sweptTables {
            let figure = PlanPath(.figures, "sweep-\(table).png")
            // Titled as the report titles the table, not by its internal name.
            let published = pipeline.published.tables[table]?.title ?? table
            add(
                PlanRule(
                    id: "figure-sweep-\(table).png", targets: [figure], inputs: [results], tool: .plot,
                    arguments: [
                        "sweep", .path(results), "--table", .literal(table),
                        "--title", .literal("Learning-rate sweep of Table \(number): \(published)"), "-o", .path(figure)
                    ]))
            goals.append(figure)
        }
    }
}

extension ReportMarkdown {
    /// "Table 1", "Tables 1 and 2", "Tables 1, 2 and 4": tables by the numbers the report gives them.
    static func tablesWords(_ numbers: [Int]) -> String {
        let words = numbers.map(String.init)
        guard let last = words.last else { return "no table" }
        return words.count == 1 ? "Table \(last)" : "Tables \(words.dropLast().joined(separator: ", ")) and \(last)"
    }

    /// The sweeps: each configuration's finding, the table of medians, and the figures.
    static func sweeps(_ results: ReportResults) -> String {
        var md = ""
        if let sweeps = results.beyond.learningRateSweeps {
            // The swept tables in the report's order, with the numbers it gives them.
            let sweptNames = Set(sweeps.map(\.table))
            let swept = results.tableOrder.enumerated().filter { sweptNames.contains($0.element) }
                .map { (number: $0.offset + 1, name: $0.element) }
            md +=
                "### Were the learning rates tuned?\n\n\(results.beyond.learningRateSweepsFinding ?? "") Each configuration of \(tablesWords(swept.map(\.number))) was rerun over a log grid of learning rates around the report's choice:\n\n"
            for sweep in sweeps { md += "- \(sweep.finding)\n" }
            md +=
                "\n| configuration | "
                + (sweeps.first?.points.map { "×\(formatNumber($0.factor))" } ?? []).joined(separator: " | ")
                + " |\n|---|"
            md += String(repeating: "---|", count: sweeps.first?.points.count ?? 0) + "\n"
            for sweep in sweeps {
                md +=
                    "| \(sweep.configuration) | "
                    + sweep.points.map { point in
                        var value = point.validationMSE.map { readable($0.median) } ?? "diverged"
                        if point.converged == false { value += " †" }
                        if point.learningRate == sweep.bestLearningRate { value += " (best)" }
                        let mark = point.factor == 1 ? "**\(value)**" : value
                        return point.divergedSeeds.isEmpty || point.validationMSE == nil
                            ? mark : "\(mark) (\(point.divergedSeeds.count) diverged)"
                    }.joined(separator: " | ") + " |\n"
            }
            md +=
                "\nMedian validation MSE at each multiple of the report's learning rate (bold: the report's choice; †: not converged, some seed hit the epoch limit or diverged; \"best\": its seeds all beat every other converged rate's). In the figures, hollow markers are the points that did not converge.\n\n"
            for (number, table) in swept {
                md +=
                    "![Learning-rate sweep of Table \(number): \(results.tables[table]?.title ?? table)](sweep-\(table).png)\n\n"
            }
        }
        return md
    }
}
