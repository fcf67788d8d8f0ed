import Artifacts
import BikeModel
import Foundation
import Statistics

/// A declared report's results.json: each published run's numbers against our seeds of its
/// configuration, and each claim judged on that configuration's mean.
public struct DeclaredResults: Codable, Sendable {
    /// One published number against our seeds: is it one more run of ours?
    public struct Cell: Codable, Sendable {
        public var measure: DeclaredMeasure
        public var published: Double
        /// Our seeds' values, judged: `consistentWithOneRun` says whether the printed number
        /// (any value it could have been printed from) lies in the 95% prediction interval.
        public var reproduced: Spread
        /// How many of our seeds print as the published number does.
        public var seedsPrintedAlike: Int
    }

    public struct PublishedRun: Codable, Sendable {
        public var name: String
        public var run: String
        public var source: String
        public var printed: String
        public var cells: [Cell]
        /// How many of our seeds print both numbers as published, at once.
        public var seedsMatchingBoth: Int
        public var seeds: Int
        /// The declared margin's reason, where one is declared.
        public var marginReason: String?
    }

    /// A claim judged on its configuration's mean: holds when the one-sided 95% upper bound of
    /// the mean (Student's t) is below the bar, does not hold when the lower bound is at or
    /// above it; the share of single runs below the bar, with Clopper–Pearson bounds, beside it.
    public struct Claim: Codable, Sendable {
        /// The claim as report.json declares it.
        public var claim: ReportDeclaration.Claim
        public var values: Spread
        public var verdict: ConclusionVerdict
        /// Why an inconclusive verdict is open: what would decide it.
        public var cause: String?
        public var runsBelow: Int
        public var runsBelowBounds: [Double]
    }

    public struct RunPredictions: Codable, Sendable {
        public struct Hour: Codable, Sendable {
            public var when: String
            public var actual: Double
            /// Over the run's seeds.
            public var predicted: Spread
        }
        public var run: String
        public var hours: [Hour]
    }

    public var artifact: ArtifactHeader
    public var report: String
    public var title: String
    public var runs: [String: [UInt64]]
    public var published: [PublishedRun]
    public var claims: [Claim]
    /// Each run's predictions of the hours whose counts it was not given, beside the real ones.
    public var predictions: [RunPredictions]?
    /// The summary line: what `report declared` prints.
    public var summary: String

    /// Each one-sided test of a declared margin's equivalence (Schuirmann's two one-sided tests).
    public static let alpha = 0.05

    /// A value as printed to the published number's digits, cut or rounded.
    static func printed(_ value: Double, like published: Double, _ how: String) -> Double {
        let unit = Spread.resolution(of: published)
        guard unit > 0 else { return value }
        let scaled = value / unit
        return (how == "cut" ? scaled.rounded(.towardZero) : scaled.rounded(.toNearestOrEven)) * unit
    }

    public static func build(
        _ report: ReportDeclaration, runs: [String: DeclaredRunsFile], inputs: [ArtifactHeader.Input], output: String
    ) throws -> DeclaredResults {
        func seeds(of name: String) throws -> [DeclaredRunsFile.Seed] {
            guard let file = runs[name], !file.seeds.isEmpty else {
                throw InputError(file: report.file, "no runs of \(Quoted(name)) were read")
            }
            return file.seeds
        }
        var published: [PublishedRun] = []
        for row in report.published {
            let ours = try seeds(of: row.run)
            let numbers: [(DeclaredMeasure, Double)] = [
                (.trainingLoss, row.trainingLoss), (.validationLoss, row.validationLoss)
            ]
            func alike(_ seed: DeclaredRunsFile.Seed, _ measure: DeclaredMeasure, _ value: Double) -> Bool {
                abs(printed(seed.value(measure), like: value, row.printed) - value) < Spread.resolution(of: value) / 2
            }
            let cells = numbers.map { measure, value in
                Cell(
                    measure: measure, published: value,
                    reproduced: Spread(ours.map { $0.value(measure) }).judged(
                        published: value, tolerance: row.margin, resolution: Spread.resolution(of: value),
                        alpha: DeclaredResults.alpha),
                    seedsPrintedAlike: ours.filter { alike($0, measure, value) }.count)
            }
            published.append(
                PublishedRun(
                    name: row.name, run: row.run, source: row.source, printed: row.printed, cells: cells,
                    seedsMatchingBoth: ours.filter { seed in numbers.allSatisfy { alike(seed, $0.0, $0.1) } }.count,
                    seeds: ours.count, marginReason: row.marginReason))
        }
        var claims: [Claim] = []
        for claim in report.claims {
            let values = try seeds(of: claim.run).map { $0.value(claim.measure) }
            let spread = Spread(values)
            let below = values.filter { $0 < claim.below }.count
            let n = Double(values.count)
            var verdict = ConclusionVerdict.inconclusive
            var cause: String?
            if let interval = spread.confidenceInterval {
                if interval[1] < claim.below {
                    verdict = .holds
                } else if interval[0] >= claim.below {
                    verdict = .doesNotHold
                } else {
                    cause =
                        "the bar \(readable(claim.below)) lies inside the 90% interval of the mean (\(readable(interval[0]))–\(readable(interval[1]))): more seeds narrow it"
                }
            } else {
                cause = "one seed gives no interval"
            }
            claims.append(
                Claim(
                    claim: claim, values: spread, verdict: verdict, cause: cause, runsBelow: below,
                    runsBelowBounds: [
                        ClopperPearson.lower(successes: Double(below), trials: n),
                        ClopperPearson.upper(successes: Double(below), trials: n)
                    ]))
        }
        var predictions: [RunPredictions] = []
        for run in report.runs {
            guard let file = runs[run.name], let hours = file.predictHours, !file.seeds.isEmpty else { continue }
            let values = try file.seeds.map { seed in
                guard let p = seed.predictions, p.count == hours.count else {
                    throw InputError(
                        file: report.file, "run \(Quoted(run.name)), seed \(seed.seed): no prediction of every hour")
                }
                return p
            }
            predictions.append(
                RunPredictions(
                    run: run.name,
                    hours: hours.indices.map { h in
                        .init(when: hours[h].when, actual: hours[h].actual, predicted: Spread(values.map { $0[h] }))
                    }))
        }
        let consistent = published.flatMap(\.cells).filter { $0.reproduced.consistentWithOneRun == true }.count
        let held = claims.filter { $0.verdict == .holds }.count
        let numbers = published.flatMap(\.cells).count
        let summary =
            "\(report.name): "
            + (numbers > 0 ? "\(consistent) of \(numbers) published numbers consistent with one run of ours; " : "")
            + "\(held) of \(claims.count) claims hold"
        return DeclaredResults(
            artifact: ArtifactHeader(
                schema: .declaredResults, tool: .report, parameters: ["report": report.name], inputs: inputs,
                for: output),
            report: report.name, title: report.title,
            runs: runs.mapValues { $0.seeds.map(\.seed) }, published: published, claims: claims,
            predictions: predictions.isEmpty ? nil : predictions, summary: summary)
    }
}

extension DeclaredResults {
    /// What the gate holds a declared report's results to: every published run and claim the
    /// declaration names is there, with its seeds and finite numbers.
    public static func failures(_ results: DeclaredResults, _ report: ReportDeclaration) -> [String] {
        var failures: [String] = []
        for row in report.published {
            guard let found = results.published.first(where: { $0.name == row.name && $0.run == row.run }) else {
                failures.append("published run \(Quoted(row.name)) is missing from the results")
                continue
            }
            if found.cells.count != DeclaredMeasure.allCases.count
                || found.cells.contains(where: {
                    !$0.reproduced.median.isFinite || $0.reproduced.consistentWithOneRun == nil
                })
            {
                failures.append("published run \(Quoted(row.name)): a cell lacks a finite value or its judgement")
            }
        }
        for claim in report.claims where !results.claims.contains(where: { $0.claim.name == claim.name }) {
            failures.append("claim \(Quoted(claim.name)) is missing from the results")
        }
        for run in report.runs where results.runs[run.name] != run.seeds.values {
            failures.append("run \(Quoted(run.name)): the results' seeds are not the declared \(run.seeds.text)")
        }
        return failures
    }
}
