import Artifacts
import BikeModel
import Foundation
import Pipeline
import Statistics

/// The report's conclusions as tables.json declares them: each a claim on single runs of the
/// experiments it names (the report's numbers are single runs), judged by the bootstrap
/// probability that it holds (`RunBootstrap`), at the report's learning rates and, where every
/// configuration has a sweep, at each one's tuned rate.
public enum Conclusions {
    /// One run of a configuration: its measures by column name.
    typealias Run = [String: Double]

    /// The runs the claims are judged on: each experiment's seeds, and for the configurations
    /// of a sweep the runs at their tuned learning rate.
    public struct Runs {
        var experiments: [String: [Run]]
        /// Experiment → (tuned learning rate, its sweep point's runs).
        var tuned: [String: (rate: Double, runs: [Run])]
    }

    /// A verdict for each declared claim, in declared order.
    static func evaluate(
        _ claims: [ClaimSpec], runs: Runs, references: ClaimSpec.References,
        meanPredictorOf: @escaping (String) -> Double?, seedCap: Int? = nil,
        design: (String) -> SequentialSeeds = { _ in .fixed }
    ) throws -> [ReportResults.Conclusion] {
        try claims.map { claim in
            let experiments = claim.runs ?? [:]
            var references = references
            references.meanPredictor = { name in experiments[name].flatMap(meanPredictorOf) }
            var byName: [String: [Run]] = [:]
            for name in claim.configurations {
                guard let experiment = experiments[name], let found = runs.experiments[experiment], !found.isEmpty
                else {
                    throw InputError(file: "tables.json", "conclusion '\(claim.id)': no runs of '\(name)'")
                }
                byName[name] = found
            }
            var conclusion = judged(claim, byName, references: references) { names in
                // Judged again at tuned rates only when every configuration has one.
                let tuned = names.compactMap { name in experiments[name].flatMap { runs.tuned[$0] } }
                guard tuned.count == names.count, !names.isEmpty else { return nil }
                return (
                    Dictionary(uniqueKeysWithValues: zip(names, tuned.map(\.runs))),
                    Dictionary(uniqueKeysWithValues: zip(names, tuned.map(\.rate)))
                )
            }
            conclusion.onMeans = claim.judgeMeans(
                byName, references: references, family: claims.count, seedCap: seedCap
            ) { name, level in design(experiments[name] ?? name).nominalLevel(level) }
            return conclusion
        }
    }

    /// A claim's result: its verdict on `runs` (by configuration name), and, when `tuned` gives
    /// runs at tuned rates, its verdict on those.
    static func judged(
        _ claim: ClaimSpec, _ runs: [String: [Run]], references: ClaimSpec.References,
        tuned: ([String]) -> (runs: [String: [Run]], rates: [String: Double])? = { _ in nil }
    ) -> ReportResults.Conclusion {
        let (probability, estimate, verdict, evidence) = claim.judge(runs, references: references)
        var conclusion = ReportResults.Conclusion(
            id: claim.id, claim: claim.claim, holds: verdict == .holds,
            expected: claim.expected.flatMap { $0 == .inconclusive ? nil : $0 == .holds }, evidence: evidence)
        conclusion.verdict = verdict
        conclusion.probability = probability
        conclusion.probabilityBounds = estimate?.bounds
        conclusion.effectiveRuns = estimate?.effectiveRuns
        conclusion.expectedVerdict = claim.expected
        if let (tunedRuns, rates) = tuned(claim.configurations) {
            let (p, tunedEstimate, v, e) = claim.judge(tunedRuns, references: references)
            conclusion.atTunedRates = .init(verdict: v, probability: p, learningRates: rates, evidence: e)
            conclusion.atTunedRates?.probabilityBounds = tunedEstimate?.bounds
        }
        return conclusion
    }
}
