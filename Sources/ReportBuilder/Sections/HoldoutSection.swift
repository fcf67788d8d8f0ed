import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// The year after: the headline's models on 2012, encoded as their training data was, with the
/// inputs the holdout zeroes.
struct HoldoutSection: ReportSection {
    func addRules(to plan: inout PlanBuilder) { plan.addHoldout() }

    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        results.beyond.holdout2012 = context.beyond.holdout2012
        if results.beyond.holdout2012 != nil {
            results.figures["holdout-2012.png"] =
                "The headline model on 2012: mean demand by month, actual against predicted, with 2011's actual."
        }
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String { ReportMarkdown.holdout(results) }
}

extension PlanBuilder {
    /// The year after: the holdout model on new data, encoded as its training data was.
    mutating func addHoldout() {
        if let holdout = pipeline.beyond.holdout, let spec = pipeline.experiment(holdout.experiment) {
            let run = paths.run(holdout.experiment), holdoutData = PlanPath(.project, holdout.data)
            let encoded = PlanPath(.build, "data/holdout-\(holdout.experiment).csv")
            let encoding: [PlanArgument] =
                spec.data.encoding == .report || spec.data.encoding == DataEncoding.none
                ? ["--encoding", .literal(spec.data.encoding.rawValue)]
                : ["--encoding", .literal(EncodingMode.fit.rawValue), "--fit-on", .path(.data)]
            add(
                PlanRule(
                    id: "encode-holdout-\(holdout.experiment)", targets: [encoded, encoded.sidecar],
                    inputs: [holdoutData, .data], tool: .preprocess,
                    arguments: [.path(holdoutData)] + encoding + ["-o", .path(encoded)]))
            let seed = holdout.seed ?? pipeline.seeds(of: holdout.experiment).first ?? 0
            let metrics = PlanPath(.build, "runs/\(holdout.experiment)/holdout-metrics.json"),
                predictions = PlanPath(.build, "runs/\(holdout.experiment)/holdout-predictions.csv")
            add(
                PlanRule(
                    id: "evaluate-holdout-\(holdout.experiment)", targets: [metrics, predictions, predictions.sidecar],
                    inputs: [run.models, encoded, encoded.sidecar],
                    tool: .evaluate,
                    arguments: [.path(run.models), .path(encoded), "--seed", .literal("\(seed)"), "--all-seeds"]
                        + (holdout.zeroInputs ?? []).flatMap { ["--zero-input", PlanArgument.literal($0)] } + [
                            "-o", .path(metrics), "--predictions", .path(predictions)
                        ]))
            let figure = PlanPath(.figures, "holdout-2012.png")
            add(
                PlanRule(
                    id: "figure-holdout-2012.png", targets: [figure],
                    inputs: [predictions, predictions.sidecar, holdoutData, .data], tool: .plot,
                    arguments: [
                        "monthly", .path(predictions), "--rows", .path(holdoutData), "--reference", .path(.data),
                        "--title",
                        .literal("The headline model (seed \(seed), trained on 2011) on 2012: mean demand by month"),
                        "-o", .path(figure)
                    ]))
            goals.append(figure)
            resultsInputs += [metrics, holdoutData]
        }
    }
}

extension ReportMarkdown {
    /// Its finding, and the table of errors over the seeds, as trained and with inputs zeroed.
    static func holdout(_ results: ReportResults) -> String {
        var md = ""
        if let holdout = results.beyond.holdout2012 {
            md += "### The year after: 2012\n\n\(holdout.finding)\n\n"
            func s(_ spread: Spread) -> String {
                "\(readable(spread.median)) (\(readable(spread.min))–\(readable(spread.max)))"
            }
            md +=
                "Median over the \(holdout.seeds.count) headline seeds, lowest and highest in brackets; \(holdout.rows) hours of 2012 (mean demand \(readable(holdout.mean2012)); 2011: \(readable(holdout.mean2011))).\n\n"
            md += "| inputs | MSE | RMSE | MAE | R² | mean predicted 2012 |\n|---|---|---|---|---|---|\n"
            md +=
                "| as trained | \(s(holdout.mse)) | \(s(holdout.rmse)) | \(s(holdout.mae)) | \(String(format: "%.3f", holdout.r2.median)) | \(s(holdout.meanPredicted2012)) |\n"
            for (input, zeroed) in (holdout.zeroedInputs ?? [:]).sorted(by: { $0.key < $1.key }) {
                md += "| \(input) set to 0 | \(s(zeroed.mse)) | — | — | — | \(s(zeroed.meanPredicted2012)) |\n"
            }
            md += "\n![The headline model on 2012, by month](holdout-2012.png)\n"
        }
        return md
    }
}
