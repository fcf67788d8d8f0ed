import Artifacts
import BikeModel
import Foundation

/// The report's conclusions, each stated as a claim about single runs (the report's numbers are
/// single runs) and judged by the bootstrap probability that it holds (`RunBootstrap`), at the
/// report's learning rates and, where sweeps exist, at each configuration's tuned rate.
public enum Conclusions {
    /// Every conclusion this builder can test, by id (tables.json expects them by these ids).
    public static let ids = [
        "activation-order", "saturating-units-predict-the-mean", "mgd-beats-bgd-and-sgd", "train-share-75-lowest",
        "encoding-cuts-error-threefold", "early-stopping-saves-40-epochs", "early-stopping-matches-full-run",
        "headline-within-stated-range"
    ]

    /// A conclusion that needs a row the tables do not have.
    struct Missing: Error { var what: String }

    /// One run of a configuration: its measures by column name.
    typealias Run = [String: Double]

    /// A claim on one run of each of its configurations (a published table's rows, by the
    /// row's first published cell).
    struct Claim {
        var id: String
        var text: String
        var rows: [(table: String, key: String)]
        /// Whether the claim is about the headline's runs rather than `rows`.
        var headline = false
        /// Whether the rows are configurations of a learning-rate sweep, so the claim can be
        /// judged again at tuned rates.
        var comparesConfigurations: Bool
        var test: ([Run]) -> Bool
        /// The evidence in words, from the runs of each row.
        var evidence: ([[Run]]) -> String
    }

    /// The runs the claims are judged on: each experiment's seeds, and for the configurations
    /// of a sweep the runs at their tuned learning rate.
    public struct Runs {
        var experiments: [String: [Run]]
        /// Experiment → (tuned learning rate, its sweep point's runs).
        var tuned: [String: (rate: Double, runs: [Run])]
    }

    /// Evaluates each conclusion whose rows exist. One whose rows are missing is left out, unless
    /// tables.json expects a verdict of it: that is refused, naming what is missing.
    public static func evaluate(
        _ results: ReportResults, runs: Runs, published: PipelineSpec.Published, meanPredictor: Double?,
        expected: [String: ConclusionVerdict], declaredIn file: String
    ) throws -> [ReportResults.Conclusion] {
        func row(_ table: String, _ key: String) throws -> ReportResults.Row {
            guard let found = results.tables[table], let column = found.columns.first,
                let row = found.rows.first(where: { $0.published[column]?.description == key })
            else {
                throw Missing(what: "the row '\(key)' of table '\(table)'")
            }
            return row
        }
        func publishedValue(_ table: String, _ key: String, _ column: String = "val_mse") throws -> Double {
            guard let value = try row(table, key).published[column]?.number else {
                throw Missing(what: "the published \(column) of the row '\(key)' of table '\(table)'")
            }
            return value
        }
        var out: [ReportResults.Conclusion] = []
        for claim in try claims(
            results, published: published, meanPredictor: meanPredictor, publishedValue: publishedValue)
        {
            do {
                let experiments =
                    try claim.headline
                    ? [results.headline.experiment]
                    : claim.rows.map {
                        try row($0.table, $0.key).experiment
                    }
                let samples = try experiments.map { name in
                    guard let found = runs.experiments[name], !found.isEmpty else {
                        throw Missing(what: "the runs of '\(name)'")
                    }
                    return found
                }
                let probability = RunBootstrap.probability(samples, claim.test)
                let verdict = ConclusionVerdict(probability: probability)
                var conclusion = ReportResults.Conclusion(
                    id: claim.id, claim: claim.text, holds: verdict == .holds,
                    expected: expected[claim.id].flatMap { $0 == .inconclusive ? nil : $0 == .holds },
                    evidence: claim.evidence(samples))
                conclusion.verdict = verdict
                conclusion.probability = probability
                conclusion.expectedVerdict = expected[claim.id]
                if claim.comparesConfigurations {
                    let tuned = experiments.compactMap { runs.tuned[$0] }
                    if tuned.count == experiments.count {
                        let p = RunBootstrap.probability(tuned.map(\.runs), claim.test)
                        conclusion.atTunedRates = .init(
                            verdict: ConclusionVerdict(probability: p), probability: p,
                            learningRates: Dictionary(
                                zip(claim.rows.map(\.key), tuned.map(\.rate)), uniquingKeysWith: { a, _ in a }),
                            evidence: claim.evidence(tuned.map(\.runs)))
                    }
                }
                out.append(conclusion)
            } catch let missing as Missing {
                guard expected[claim.id] == nil else {
                    throw InputError(
                        file: file,
                        "conclusions.expected names '\(claim.id)', which needs \(missing.what); that row is not in the tables"
                    )
                }
            }
        }
        return out
    }

    static func median(_ runs: [Run], _ measure: String = "val_mse") -> Double {
        Spread.of(runs.compactMap { $0[measure] })?.median ?? .nan
    }

    /// The claims, in `ids` order.
    static func claims(
        _ results: ReportResults, published: PipelineSpec.Published, meanPredictor: Double?,
        publishedValue: (String, String, String) throws -> Double
    ) throws -> [Claim] {
        func n(_ value: Double) -> String { readable(value) }
        func pct(_ value: Double) -> String { String(format: "%.1f%%", 100 * value) }
        func v(_ run: Run, _ measure: String = "val_mse") -> Double { run[measure] ?? .nan }
        var claims: [Claim] = []

        claims.append(
            Claim(
                id: "activation-order",
                text:
                    "elu ≈ relu ≪ sigmoid ≈ tanh (Table 1): the unbounded units reach less than half the error of the saturating ones; elu and relu within 5% of each other, sigmoid and tanh within 10%.",
                rows: [
                    ("activation", "sigmoid"), ("activation", "tanh"), ("activation", "elu"), ("activation", "relu")
                ], comparesConfigurations: true,
                test: { r in
                    let (sigmoid, tanh, elu, relu) = (v(r[0]), v(r[1]), v(r[2]), v(r[3]))
                    return 2 * max(elu, relu) < min(sigmoid, tanh) && abs(elu - relu) / min(elu, relu) <= 0.05
                        && abs(sigmoid - tanh) / min(sigmoid, tanh) <= 0.10
                },
                evidence: { s in
                    let (sigmoid, tanh, elu, relu) = (median(s[0]), median(s[1]), median(s[2]), median(s[3]))
                    return
                        "median validation MSE: elu \(n(elu)), relu \(n(relu)) (\(pct(abs(elu - relu) / min(elu, relu))) apart); sigmoid \(n(sigmoid)), tanh \(n(tanh)) (\(pct(abs(sigmoid - tanh) / min(sigmoid, tanh))) apart); ratio \(String(format: "%.2f", min(sigmoid, tanh) / max(elu, relu)))×."
                }))

        if let mean = meanPredictor {
            claims.append(
                Claim(
                    id: "saturating-units-predict-the-mean",
                    text:
                        "sigmoid and tanh collapse to predicting about the mean (Table 1): their validation MSE is within 15% of always predicting the training mean.",
                    rows: [("activation", "sigmoid"), ("activation", "tanh")], comparesConfigurations: true,
                    test: { r in max(abs(v(r[0]) - mean), abs(v(r[1]) - mean)) / mean <= 0.15 },
                    evidence: { s in
                        let (sigmoid, tanh) = (median(s[0]), median(s[1]))
                        return
                            "predicting the training mean scores \(n(mean)) on the same validation rows; median sigmoid \(n(sigmoid)), tanh \(n(tanh)) (at most \(pct(max(abs(sigmoid - mean), abs(tanh - mean)) / mean)) away)."
                    }))
        }

        claims.append(
            Claim(
                id: "mgd-beats-bgd-and-sgd",
                text: "MGD reaches a lower validation MSE than BGD and SGD (Table 2).",
                rows: [("gradient_descent", "bgd"), ("gradient_descent", "mgd"), ("gradient_descent", "sgd")],
                comparesConfigurations: true,
                test: { r in v(r[1]) < v(r[0]) && v(r[1]) < v(r[2]) },
                evidence: { s in
                    "median validation MSE: MGD \(n(median(s[1]))), SGD \(n(median(s[2]))), BGD \(n(median(s[0])))."
                }))

        if let table = results.tables["train_fraction"] {
            let shares = table.rows.compactMap { $0.published["t"]?.description }
            if let chosen = shares.firstIndex(of: "75") {
                claims.append(
                    Claim(
                        id: "train-share-75-lowest",
                        text: "t = 75 gives the lowest validation MSE of the training shares tried (Table 3).",
                        rows: shares.map { ("train_fraction", $0) }, comparesConfigurations: false,
                        test: { r in r.indices.allSatisfy { $0 == chosen || v(r[chosen]) < v(r[$0]) } },
                        evidence: { s in
                            let medians = s.map { median($0) }
                            let lowest = medians.indices.min { medians[$0] < medians[$1] } ?? chosen
                            return "median validation MSE by t: "
                                + zip(shares, medians).map { "\($0): \(n($1))" }.joined(separator: ", ")
                                + "; lowest median at t = \(shares[lowest])."
                        }))
            }
        }

        let publishedRatio = (try? publishedValue("preprocessing", "no", "val_mse")).flatMap { raw in
            (try? publishedValue("preprocessing", "yes", "val_mse")).map { raw / $0 }
        }
        claims.append(
            Claim(
                id: "encoding-cuts-error-threefold",
                text:
                    "Target-mean encoding cuts validation MSE almost threefold (Table 4): raw codes give 2.5 to 3.5 times the error.",
                rows: [("preprocessing", "yes"), ("preprocessing", "no")], comparesConfigurations: false,
                test: { r in (2.5...3.5).contains(v(r[1]) / v(r[0])) },
                evidence: { s in
                    let (encoded, raw) = (median(s[0]), median(s[1]))
                    return
                        "median validation MSE: encoded \(n(encoded)), raw codes \(n(raw)): \(String(format: "%.2f", raw / encoded))×"
                        + (publishedRatio.map { " (published: \(String(format: "%.2f", $0))×)." } ?? ".")
                }))

        claims.append(
            Claim(
                id: "early-stopping-saves-40-epochs",
                text: "Early stopping ends some 40 epochs sooner than the full run (Table 5): 30 to 50 epochs fewer.",
                rows: [("early_stopping", "yes"), ("early_stopping", "no")], comparesConfigurations: false,
                test: { r in (30...50).contains(v(r[1], "epochs_run") - v(r[0], "epochs_run")) },
                evidence: { s in
                    let (stoppedAt, limit) = (median(s[0], "epochs_run"), median(s[1], "epochs_run"))
                    return
                        "median epochs run: \(n(stoppedAt)) with early stopping, \(n(limit)) without: \(n(limit - stoppedAt)) fewer."
                }))

        let publishedFull = try? publishedValue("early_stopping", "no", "val_mse")
        claims.append(
            Claim(
                id: "early-stopping-matches-full-run",
                text:
                    "Early stopping matches the full run's validation MSE within about 1% (Table 5): within 1.5% of the model the full run ends with.",
                rows: [("early_stopping", "yes"), ("early_stopping", "no")], comparesConfigurations: false,
                test: { r in abs(v(r[0]) - v(r[1], "val_mse_last_epoch")) / v(r[1], "val_mse_last_epoch") <= 0.015 },
                evidence: { s in
                    let (withStop, lastEpoch, bestEpoch) = (
                        median(s[0]), median(s[1], "val_mse_last_epoch"), median(s[1], "val_mse_best_epoch")
                    )
                    var text =
                        "median validation MSE: \(n(withStop)) with early stopping; the full run ends at \(n(lastEpoch)), \(String(format: "%.1f%%", 100 * abs(lastEpoch - withStop) / withStop)) \(lastEpoch >= withStop ? "above" : "below") it, though its best epoch had \(n(bestEpoch))."
                    text +=
                        " Without early stopping the network goes on past its best\(lastEpoch > bestEpoch ? " and overfits a little" : "")"
                    if let publishedFull {
                        let between = (min(withStop, lastEpoch)...max(withStop, lastEpoch)).contains(publishedFull)
                        text +=
                            "; the report's \(n(publishedFull)) \(between ? "sits between the two" : "lies outside them")"
                    }
                    return text + "."
                }))

        let range = published.headline.stated_range
        if range.count == 2 {
            let (low, high) = (range[0], range[1])
            claims.append(
                Claim(
                    id: "headline-within-stated-range",
                    text:
                        "The headline validation MSE is stable within \(n(low))–\(n(high)) across random initialisations: a run lands inside.",
                    rows: [], headline: true, comparesConfigurations: false,
                    test: { r in (low...high).contains(v(r[0])) },
                    evidence: { s in
                        let values = s[0].map { v($0) }
                        let spread = Spread.of(values)
                        return
                            "\(values.count) seeds, \(values.filter { (low...high).contains($0) }.count) inside: median \(n(spread?.median ?? .nan)), lowest \(n(spread?.min ?? .nan)), highest \(n(spread?.max ?? .nan))."
                    }))
        }
        return claims
    }
}
