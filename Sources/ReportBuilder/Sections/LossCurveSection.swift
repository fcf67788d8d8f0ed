import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// The headline run's loss curve, and the report's printed loss log set against it (the
/// readings may set the log against the runs it most likely came from instead).
struct LossCurveSection: ReportSection {
    static let printedLog = "printed-loss-log.png"

    func addRules(to plan: inout PlanBuilder) { plan.addLossCurveFigure() }

    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        results.figures["loss-curve.png"] =
            "Loss curve of one headline run (seed \(context.pipeline.headlineSeed)): training and validation MSE per epoch, best epoch and early stop marked."
        if context.pipeline.published.lossCurvePrinted?.isEmpty == false {
            results.figures[Self.printedLog] =
                "The report's printed loss log against the runs the text sets it against: their median and lowest to highest at each printed epoch."
        }
        results.lossCurve = try ReportResults.printedLossCurve(context.pipeline, history: context.headlineHistory)
    }

    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        Checks.lossCurve(results, pipeline: pipeline)
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String { ReportMarkdown.lossCurve(results) }
}

extension PlanBuilder {
    /// The headline run's loss curve, with the report's printed points when it printed some.
    mutating func addLossCurveFigure() {
        let headline = pipeline.tables.headline.experiment, seed = pipeline.headlineSeed
        guard let spec = pipeline.experiment(headline) else { return }
        let run = paths.run(headline), figure = PlanPath(.figures, "loss-curve.png")
        let settings = SettingsText.describe([spec], brief: true).common
        let arguments: [PlanArgument] =
            ["loss", .path(run.history), "--model", .path(run.models), "--seed", .literal("\(seed)")]
            + ["--title", .literal("Loss curve of the headline run (\(settings), seed \(seed))")]
        add(
            PlanRule(
                id: "figure-loss-curve.png", targets: [figure], inputs: [run.history, run.history.sidecar, run.models],
                tool: .plot, arguments: arguments + ["-o", .path(figure)]))
        goals.append(figure)
        // The headline's loss curve, compared with the one the report printed; the printed log
        // drawn against the runs the results set it against (the log's forensics choose them).
        if pipeline.published.lossCurvePrinted?.isEmpty == false {
            resultsInputs.append(run.history)
            let results = PlanPath(.figures, "results.json"), printed = PlanPath(.figures, LossCurveSection.printedLog)
            add(
                PlanRule(
                    id: "figure-\(LossCurveSection.printedLog)", targets: [printed], inputs: [results], tool: .plot,
                    arguments: ["printed-log", .path(results), "-o", .path(printed)]))
            goals.append(printed)
        }
    }
}

extension ReportMarkdown {
    /// The printed loss log against the runs it came from, and the headline run's curve.
    static func lossCurve(_ results: ReportResults) -> String {
        var md = ""
        if let curve = results.lossCurve {
            let against =
                curve.experiment.map {
                    "The report also printed a run's validation MSE every ten epochs, as its headline run's. Its granularity (\"The printed loss log\", below) says it came from another split: it is set here against the runs of `\($0)`."
                } ?? "The report also printed its headline run's validation MSE every ten epochs."
            md += "\n\(against) \(curve.finding)\n\n"
            md += "\n![The printed loss log against the runs it is set against](\(LossCurveSection.printedLog))\n\n"
            md += "| epoch | published | reproduced | 95% interval for one run | verdict |\n|---|---|---|---|---|\n"
            for row in curve.rows {
                let r = row.reproduced
                md +=
                    "| \(row.epoch) | \(readable(row.published)) | \(r.map { "\(readable($0.median)) (\(readable($0.min))–\(readable($0.max)))" } ?? "—") | \(r?.predictionInterval.map(interval) ?? "—") | \(verdictWords(r)) |\n"
            }
        }
        md +=
            "\nOne headline run's own curve, for its shape (the printed values are drawn above, against the runs they came from):\n\n![Loss curve of the headline run](loss-curve.png)\n\n\n"
        return md
    }
}

extension Checks {
    /// The report's printed loss curve, compared epoch by epoch.
    static func lossCurve(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        var items: [CheckItem] = []
        if pipeline.published.lossCurvePrinted?.isEmpty == false {
            let rows = results.lossCurve?.rows ?? []
            items.append(
                CheckItem(
                    suite: "headline", name: "the printed loss curve compared",
                    failure: rows.count == pipeline.published.lossCurvePrinted?.count
                        && rows.allSatisfy { $0.reproduced != nil }
                        ? nil
                        : "loss_curve: the report's printed loss curve is missing from the results or has epochs no headline seed ran"
                ))
        }
        return items
    }
}
