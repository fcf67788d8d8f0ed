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
            references: context.references, meanPredictorOf: context.meanPredictorOf,
            seedCap: pipeline.tables.maxSeeds, design: pipeline.design(of:))
    }

    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        pipeline.tables.conclusions.claims.flatMap { claim in
            let found = results.conclusions.first { $0.id == claim.id }
            return [
                Checks.claim(claim, found, suite: "conclusions", file: "tables.json"),
                Checks.claimOnMeans(claim, found, suite: "conclusions", file: "tables.json")
            ].compactMap { $0 }
        }
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        ReportMarkdown.conclusions(results)
    }
}

extension ReportMarkdown {
    /// The report's conclusions: each judged on the configurations' means first, on single runs
    /// beside it.
    static func conclusions(_ results: ReportResults) -> String {
        var md = ""
        md += "## The report's conclusions, tested\n\n"
        let onMeans = results.conclusions.compactMap(\.onMeans)
        if let alpha = onMeans.first?.alpha {
            md +=
                "Each conclusion is judged on what it says about the configurations, their means over seeds, and beside that on single runs. **On means**, each condition becomes contrasts of configuration means (ratios on the log scale, differences as they are; a run's range where the claim is about runs), each with a two-sided interval leaving \(formatNumber(alpha)) in each tail, 0.05 over the \(results.conclusions.count) conclusions (Bonferroni): a claim holds when every interval lies inside the region it claims, does not hold when one lies outside it, and otherwise says what keeps it open. **On single runs**, the probability is the share of all combinations of seeds, one run of each configuration, that bear the claim out, with one-sided 95% Clopper–Pearson bounds at the effective number of runs; holding that way needs \(ClaimProbability.runsToHold) seeds of each configuration, which no table runs (`pipeline/STATISTICS.md`).\n\n"
        }
        for conclusion in results.conclusions {
            let single = conclusion.verdict ?? (conclusion.holds ? .holds : .doesNotHold)
            let lead = conclusion.onMeans.map(onMeansWords) ?? "**\(capitalized(single.rawValue))**"
            md +=
                "- \(lead); single runs: \(single.rawValue) (\(probabilityWords(conclusion.probability, conclusion.probabilityBounds, conclusion.effectiveRuns))). \(conclusion.claim) — \(conclusion.evidence)"
            if let tuned = conclusion.atTunedRates {
                let rates = tuned.learningRates.sorted { $0.key < $1.key }.map { "\($0.key) \(formatNumber($0.value))" }
                    .joined(separator: ", ")
                md +=
                    " At each configuration's tuned learning rate (\(rates)), single runs: **\(tuned.verdict.rawValue)** (\(probabilityWords(tuned.probability, tuned.probabilityBounds, nil))); \(tuned.evidence)"
                if tuned.verdict != single { md += " *The verdict depends on the report's choice of learning rates.*" }
            }
            md += "\n"
        }
        return md
    }

    static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    /// A verdict on means in a few words: decided, or what keeps it open.
    static func onMeansWords(_ onMeans: ReportResults.OnMeans) -> String {
        "**\(capitalized(onMeans.verdict.rawValue))** on means"
            + (openCauseWords(onMeans.cause, seeds: onMeans.seedsToDecide, cap: onMeans.seedCap).map { " (\($0))" }
                ?? "")
    }

    /// What keeps a verdict open, in words; nil when it is decided.
    static func openCauseWords(_ cause: OpenCause?, seeds: Int?, cap: Int?) -> String? {
        switch cause {
        case nil: return nil
        case .runNoise: return "one run's own noise is wider than the margin: no number of seeds decides it"
        case .onTheMargin: return "the estimate sits on the margin's edge: no number of seeds in sight decides it"
        case .seeds:
            guard let seeds else { return "more seeds would decide it" }
            if let cap, seeds > cap { return "would take about \(seeds) seeds, past the cap of \(cap)" }
            return "about \(seeds) seeds would decide it"
        }
    }
}
