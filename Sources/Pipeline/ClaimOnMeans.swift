import Artifacts
import BikeModel
import Foundation
import Statistics

/// A claim judged on what it says about the configurations: each condition a set of contrasts of
/// configuration means (ratios on the log scale, differences as they are), each contrast's
/// interval against the region the condition puts it in (STATISTICS.md, "Conclusions on means").
/// `inside` conditions speak of runs, so theirs is the interval that holds 95% of runs (a normal
/// tolerance interval).
///
/// - Holds when every contrast's interval lies inside its region: an intersection–union test,
///   each at level α (Berger 1982, Technometrics 24:295–300).
/// - Does not hold when some contrast's interval lies outside its region, the claim's k contrasts
///   each at α / k (Bonferroni).
/// - α is 0.05 over the `family` claims judged together (Bonferroni, Dunn 1961, JASA 56:52–64),
///   so that a reader of all of them is misled by one at most 5% of the time.
extension ClaimSpec {
    package func judgeMeans(
        _ runs: [String: [[String: Double]]], references: References, family: Int, seedCap: Int? = nil,
        alpha: Double = 0.05, nominal: (_ configuration: String, _ level: Double) -> Double = { $1 }
    ) -> ReportResults.OnMeans {
        // Seeds that grew in looks are tested at Pocock's level for them: the claim's level is
        // the smallest of its configurations'.
        let level =
            configurations.map { nominal($0, alpha / Double(max(family, 1))) }.min()
            ?? alpha / Double(max(family, 1))
        func sample(_ text: String, _ condition: Condition) -> Sample {
            let (name, measure) = Self.operand(text)
            let key = measure ?? defaultMeasure(of: condition)
            return Sample((runs[name] ?? []).compactMap { $0[key] })
        }
        var contrasts: [(contrast: MeanContrast, region: ClosedRange<Double>)] = []
        for condition in conditions {
            let of = condition.of.map { sample($0, condition) }
            switch condition.test {
            case .below:
                let floor = log(condition.factor ?? 1)
                for a in of {
                    for b in (condition.than ?? []).map({ sample($0, condition) }) {
                        contrasts.append((.logRatio(b, over: a), floor.nextUp...Double.infinity))
                    }
                }
            case .close:
                let edge = log(1 + (condition.within ?? 0))
                for i in of.indices {
                    for j in of.indices where j > i { contrasts.append((.logRatio(of[i], over: of[j]), -edge...edge)) }
                }
            case .near:
                let w = condition.within ?? 0
                let region = log(max(1 - w, 0))...log(1 + w)
                for a in of {
                    if condition.to == Self.meanPredictor {
                        let mean = references.meanPredictor(Self.operand(condition.of[0]).name) ?? .nan
                        contrasts.append((.logRatio(a, over: mean), region))
                    } else {
                        contrasts.append((.logRatio(a, over: sample(condition.to ?? "", condition)), region))
                    }
                }
            case .ratio:
                // A ratio of positive means at or below 0 has no logarithm: such an edge is −∞.
                let between = (condition.between ?? [1, 1]).map { $0 > 0 ? log($0) : -Double.infinity }
                contrasts.append(
                    (.logRatio(of[0], over: sample(condition.to ?? "", condition)), between[0]...between[1]))
            case .difference:
                let between = condition.between ?? [.nan, .nan]
                contrasts.append(
                    (.difference(of[0], minus: sample(condition.minus ?? "", condition)), between[0]...between[1]))
            case .inside:
                let range = interval(condition, references) ?? 0...0
                for a in of { contrasts.append((.runs(a, content: MeanContrast.runsContent), range)) }
            }
        }
        let judged = contrasts.map {
            RegionVerdict.judge(
                $0.contrast, region: $0.region, alphaInside: level, alphaOutside: level / Double(contrasts.count))
        }
        var result = ReportResults.OnMeans(verdict: .inconclusive, alpha: level, contrasts: contrasts.count)
        result.seedCap = seedCap
        if judged.allSatisfy({ $0.outcome == .inside }) {
            result.verdict = .holds
        } else if judged.contains(where: { $0.outcome == .outside }) {
            result.verdict = .doesNotHold
        } else {
            let open = judged.filter { $0.outcome == .open }
            if open.contains(where: \.runNoise) {
                result.cause = OpenCause.runNoise
            } else if open.contains(where: { $0.seedsToDecide == nil }) {
                result.cause = OpenCause.onTheMargin
            } else {
                result.cause = OpenCause.seeds
                result.seedsToDecide = open.compactMap(\.seedsToDecide).max()
            }
        }
        return result
    }
}
