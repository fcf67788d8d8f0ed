import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// The course's acceptance check, under each reading: its runs, their predictions, its bar.
/// Its declarations, rules and results are `AcceptanceCheck`'s.
struct AcceptanceSection: ReportSection {
    func addRules(to plan: inout PlanBuilder) { plan.addAcceptance() }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        "\n" + ReadingMarkdown.acceptance(results)
    }
}

extension PlanBuilder {
    /// The course's acceptance check: its own files, its runs, their predictions.
    mutating func addAcceptance() {
        for rule in AcceptanceCheck.rules(pipeline) { add(rule) }
        resultsInputs += AcceptanceCheck.resultsInputs(pipeline)
    }
}
