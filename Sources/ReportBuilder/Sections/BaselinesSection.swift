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
        results.beyond.baselines = context.beyond.baselines
        results.beyond.baselinesFinding = context.beyond.baselinesFinding
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
