import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// Does the network earn its keep? It against the mean, the hour-of-day mean and least squares
/// on the same split.
struct BaselinesSection: ReportSection {
    func addRules(to plan: inout PlanBuilder) {
        let pipeline = plan.pipeline
        if let baselines = pipeline.beyond.baselines, let spec = pipeline.experiment(baselines.experiment) {
            plan.addData(spec.data.raw)
            plan.resultsInputs += plan.data(spec.data) + plan.data(spec.data.raw)
        }
    }

    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        if let declared = context.pipeline.beyond.baselines, let split = context.beyondData.baselines {
            (results.beyond.baselines, results.beyond.baselinesFinding) = try context.beyondRuns.baselines(
                declared, split)
        }
    }

    /// Every baseline present, each a positive validation MSE.
    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        Checks.beyondItems("baselines", declared: pipeline.beyond.baselines != nil, results.beyond.baselines) {
            baselines in
            let names = Set(baselines.map(\.name))
            return BaselineName.allCases.map(\.rawValue).filter { !names.contains($0) }.map {
                "baselines: '\($0)' is missing"
            }
                + baselines.filter { !($0.validationMSE.isFinite && $0.validationMSE > 0) }.map {
                    "baselines '\($0.name)': validation MSE \($0.validationMSE) is not a positive number"
                }
        }
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String { ReportMarkdown.baselines(results) }
}

extension ReportMarkdown {
    /// The baselines' table, after its finding.
    static func baselines(_ results: ReportResults) -> String {
        var md = ""
        if let baselines = results.beyond.baselines, let finding = results.beyond.baselinesFinding {
            md +=
                "### Does the network earn its keep?\n\n\(finding)\n\n| predictor | validation MSE | what it is |\n|---|---|---|\n"
            for b in baselines {
                md +=
                    "| \(b.name) | \(readable(b.validationMSE))\(b.validationMSERange.map { " (\(readable($0.min))–\(readable($0.max)))" } ?? "") | \(b.description) |\n"
            }
            md += "\n"
        }
        return md
    }
}

extension BeyondRuns {
    /// The network against the mean, the hour-of-day mean and least squares on the same split.
    func baselines(_ declared: PipelineSpec.Beyond.Baselines, _ split: BeyondData.Split) throws -> (
        [Baseline], String
    ) {
        let runs = try experiment(declared.experiment)
        let network = try spread(declared.experiment)
        let parameters = Network.parameterCount(hiddenUnits: runs.settings.hiddenUnits)
        let mean = Baselines.mean(training: split.training, validation: split.validation)
        let hourMean = Baselines.hourMean(
            training: split.training, trainingHours: split.trainingHours, validation: split.validation,
            validationHours: split.validationHours)
        let linear = Baselines.linear(training: split.training, validation: split.validation) ?? .nan
        let unrounded = Baselines.linear(training: split.training, validation: split.validation, wholeCounts: false)
        var linearBaseline = Baseline(
            name: BaselineName.linear.rawValue, validationMSE: linear,
            description:
                "least squares on the same 12 encoded features and an intercept, solved exactly; its predictions made whole, non-negative counts like the network's"
                + (unrounded.map { " (scored on its raw predictions: \(n($0)))" } ?? ""))
        linearBaseline.validationMSEUnrounded = unrounded
        let baselines = [
            Baseline(
                name: BaselineName.mean.rawValue, validationMSE: mean, description: "the training mean, every hour"),
            Baseline(
                name: BaselineName.hourMean.rawValue, validationMSE: hourMean,
                description: "the training mean of the hour of the day"),
            linearBaseline,
            Baseline(
                name: BaselineName.network.rawValue, validationMSE: network.median,
                description: "the report's network (\(parameters) parameters), median over seeds",
                validationMSERange: network)
        ]
        let best = baselines.min { $0.validationMSE < $1.validationMSE }
        let finding =
            "On the same \(n(Double(split.validation.rowCount))) validation hours, predicting the mean scores \(n(mean)), the hour-of-day mean \(n(hourMean)), least squares on the same features \(n(linear)) and the network \(n(network.median)). "
            + (best?.name == BaselineName.network.rawValue
                ? "The network is best: its \(parameters) parameters earn their keep, cutting the linear model's error by \(String(format: "%.0f%%", 100 * (linear - network.median) / linear))."
                : "The \(best?.name ?? "") baseline beats the network.")
        return (baselines, finding)
    }
}
