import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// The report's conclusions, each a claim judged by its probability over combinations of seeds.
struct ConclusionsSection: ReportSection {
    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        let pipeline = context.pipeline
        results.conclusions = try Conclusions.evaluate(
            pipeline.tables.conclusions.claims,
            runs: ReportResults.conclusionRuns(pipeline, experiments: context.experiments, sweeps: context.sweeps),
            references: context.references, meanPredictorOf: context.meanPredictorOf)
    }

    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        pipeline.tables.conclusions.claims.compactMap { claim in
            Checks.claim(
                claim, results.conclusions.first { $0.id == claim.id }, suite: "conclusions", file: "tables.json")
        }
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String { ReportMarkdown.conclusions(results) }
}

extension ReportMarkdown {
    /// The report's conclusions, each with its probability over combinations of seeds.
    static func conclusions(_ results: ReportResults) -> String {
        var md = ""
        md += "## The report's conclusions, tested\n\n"
        md +=
            "Each claim is judged on single runs, as the report's tables are: the probability is the share of all combinations of seeds, one run of each configuration, that bear the claim out; its one-sided 95% bounds are Clopper–Pearson's at the effective number of runs the seeds are worth. A claim holds when the lower bound is at least 0.95, does not hold when the upper bound is at most 0.05, and is inconclusive otherwise: even every one of n seeds agreeing bounds the probability only above 0.05^(1/n), so holding needs \(ClaimProbability.runsToHold) seeds of each configuration or more (`pipeline/STATISTICS.md`).\n\n"
        for conclusion in results.conclusions {
            let verdict = conclusion.verdict ?? (conclusion.holds ? .holds : .doesNotHold)
            md +=
                "- **\(verdict.rawValue.prefix(1).uppercased() + verdict.rawValue.dropFirst())** (\(probabilityWords(conclusion.probability, conclusion.probabilityBounds, conclusion.effectiveRuns))): \(conclusion.claim) — \(conclusion.evidence)"
            if let tuned = conclusion.atTunedRates {
                let rates = tuned.learningRates.sorted { $0.key < $1.key }.map { "\($0.key) \(formatNumber($0.value))" }
                    .joined(separator: ", ")
                md +=
                    " At each configuration's tuned learning rate (\(rates)): **\(tuned.verdict.rawValue)** (\(probabilityWords(tuned.probability, tuned.probabilityBounds, nil))); \(tuned.evidence)"
                if tuned.verdict != verdict { md += " *The verdict depends on the report's choice of learning rates.*" }
            }
            md += "\n"
        }
        return md
    }
}
