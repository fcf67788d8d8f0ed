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
        if let declared = context.pipeline.beyond.holdout, let year = context.beyondData.holdout {
            results.beyond.holdout2012 = try context.beyondRuns.holdout(declared, year)
        }
        if results.beyond.holdout2012 != nil {
            results.figures["holdout-2012.png"] =
                "The headline model on 2012: mean demand by month, actual against predicted, with 2011's actual."
        }
    }

    /// Rows, seeds and a finite MSE; no R² above 1.
    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        Checks.beyondItems("holdout_2012", declared: pipeline.beyond.holdout != nil, results.beyond.holdout2012) {
            holdout in
            holdout.rows > 0 && holdout.mse.median.isFinite && holdout.r2.max <= 1 && !holdout.seeds.isEmpty
                ? []
                : [
                    "holdout_2012: implausible metrics (rows \(holdout.rows), median MSE \(holdout.mse.median), highest R² \(holdout.r2.max), \(holdout.seeds.count) seeds)"
                ]
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

extension BeyondRuns {
    /// The headline's models on 2012, with the inputs the holdout zeroes.
    func holdout(_ holdout: PipelineSpec.Beyond.Holdout, _ year: BeyondData.Holdout) throws -> Holdout {
        let h = year.metrics
        let runs = try experiment(holdout.experiment)
        let file = pipeline.folder + "/beyond.json"
        guard let perSeed = h.seeds, !perSeed.isEmpty else {
            throw InputError(file: file, "the holdout metrics list no seeds (evaluate --all-seeds)")
        }
        func over(_ value: (MetricsFile.SeedMetrics) -> Double) -> Spread { Spread(perSeed.map(value)) }
        let validation = try spread(holdout.experiment)
        let seed = holdout.seed ?? runs.outcomes.first?.seed ?? 0
        var zeroed: [String: Holdout.Zeroed] = [:]
        for input in holdout.zeroInputs ?? [] {
            let values = perSeed.compactMap { $0.zeroed?[input] }
            guard values.count == perSeed.count else {
                throw InputError(file: file, "the holdout metrics lack '\(input)' zeroed for some seeds")
            }
            zeroed[input] = .init(
                mse: Spread(values.map(\.mse)), meanPredicted2012: Spread(values.map(\.meanPredicted)))
        }
        let (mse, predicted) = (over(\.mse), over(\.meanPredicted))
        var finding =
            "Trained on 2011 and tested on all \(n(Double(h.metrics.rows))) hours of 2012, the headline models (\(perSeed.count) seeds) have MSE \(n(mse.median)) (\(n(mse.min))–\(n(mse.max))), R² \(String(format: "%.3f", over(\.r2).median)), against \(n(validation.median)) on 2011's validation hours. Demand grew from \(n(year.mean2011)) to \(n(year.mean2012)) bikes an hour (\(String(format: "%+.0f%%", 100 * (year.mean2012 / year.mean2011 - 1)))), but the models predict \(n(predicted.median)) on average (\(n(predicted.min))–\(n(predicted.max)))."
        if let yr = zeroed[Feature.yr.rawValue] {
            let shift = predicted.median - yr.meanPredicted2012.median
            finding +=
                " Every 2011 row has yr = 0, so the weights from yr never received a gradient: they keep their random initial values, and on 2012's rows, where yr = 1, they add a random amount to each hidden unit. Setting yr to 0 measures it: the mean prediction \(shift >= 0 ? "falls" : "rises") to \(n(yr.meanPredicted2012.median)) (\(n(yr.meanPredicted2012.min))–\(n(yr.meanPredicted2012.max))) and the MSE \(yr.mse.median >= mse.median ? "rises" : "falls") to \(n(yr.mse.median)) (\(n(yr.mse.min))–\(n(yr.mse.max))). The untrained yr weights \(shift >= 0 ? "raise" : "lower") the predictions by \(n(abs(shift))) bikes an hour (their initial values are random, and positive like every initial weight); this \(shift >= 0 ? "happens to cover part of the growth" : "makes the missing growth worse"), but carries no information about 2012. The encoded means, too, are 2011's, so none of the year's growth is learnt."
        } else {
            finding +=
                " Every 2011 row has yr = 0, so the weights from yr never received a gradient and the year's growth is invisible to the model; the encoded means, too, are 2011's."
        }
        return Holdout(
            seeds: perSeed.map(\.seed), mse: mse, rmse: over(\.rmse), mae: over(\.mae), r2: over(\.r2),
            rows: h.metrics.rows, seed: seed,
            mean2011: year.mean2011, mean2012: year.mean2012, meanPredicted2012: predicted,
            validationMSE2011: validation,
            zeroedInputs: zeroed.isEmpty ? nil : zeroed, finding: finding)
    }
}
