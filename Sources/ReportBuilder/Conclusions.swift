import Artifacts
import BikeModel
import Foundation

/// The report's conclusions, each stated as a test on the reproduced medians, with the
/// numbers behind the verdict.
public enum Conclusions {
    /// Every conclusion this builder can test, by id (tables.json expects them by these ids).
    public static let ids = ["activation-order", "saturating-units-predict-the-mean", "mgd-beats-bgd-and-sgd", "train-share-75-lowest",
                             "encoding-cuts-error-threefold", "early-stopping-saves-40-epochs", "early-stopping-matches-full-run",
                             "headline-within-stated-range"]

    /// A conclusion that needs a row the tables do not have.
    struct Missing: Error { var what: String }

    /// Evaluates each conclusion whose rows exist. One whose rows are missing is left out, unless
    /// tables.json expects a verdict of it: that is refused, naming what is missing.
    public static func evaluate(_ results: ReportResults, published: PipelineSpec.Published, meanPredictor: Double?,
                                expected: [String: Bool], declaredIn file: String) throws -> [ReportResults.Conclusion] {
        /// The row of `table` whose first published cell reads `key`.
        func row(_ table: String, _ key: String) throws -> ReportResults.Row {
            guard let found = results.tables[table], let column = found.columns.first,
                  let row = found.rows.first(where: { $0.published[column]?.description == key }) else {
                throw Missing(what: "the row '\(key)' of table '\(table)'")
            }
            return row
        }
        func median(_ table: String, _ key: String, _ measure: String = "val_mse") throws -> Double {
            guard let value = try row(table, key).reproduced[measure]?.median else { throw Missing(what: "\(measure) of the row '\(key)' of table '\(table)'") }
            return value
        }
        func publishedValue(_ table: String, _ key: String, _ column: String = "val_mse") throws -> Double {
            guard let value = try row(table, key).published[column]?.number else { throw Missing(what: "the published \(column) of the row '\(key)' of table '\(table)'") }
            return value
        }
        func n(_ value: Double) -> String { readable(value) }
        func pct(_ value: Double) -> String { String(format: "%.1f%%", 100 * value) }
        var out: [ReportResults.Conclusion] = []
        func add(_ id: String, _ test: () throws -> (claim: String, holds: Bool, evidence: String)) throws {
            do {
                let (claim, holds, evidence) = try test()
                out.append(.init(id: id, claim: claim, holds: holds, expected: expected[id], evidence: evidence))
            } catch let missing as Missing {
                guard expected[id] == nil else {
                    throw InputError(file: file, "conclusions.expected names '\(id)', which needs \(missing.what); that row is not in the tables")
                }
            }
        }

        try add("activation-order") {
            let (sigmoid, tanh, elu, relu) = (try median("activation", "sigmoid"), try median("activation", "tanh"), try median("activation", "elu"), try median("activation", "relu"))
            let unbounded = max(elu, relu), saturating = min(sigmoid, tanh)
            return ("elu ≈ relu ≪ sigmoid ≈ tanh (Table 1): the unbounded units reach less than half the error of the saturating ones; elu and relu within 5% of each other, sigmoid and tanh within 10%.",
                    2 * unbounded < saturating && abs(elu - relu) / min(elu, relu) <= 0.05 && abs(sigmoid - tanh) / min(sigmoid, tanh) <= 0.10,
                    "median validation MSE: elu \(n(elu)), relu \(n(relu)) (\(pct(abs(elu - relu) / min(elu, relu))) apart); sigmoid \(n(sigmoid)), tanh \(n(tanh)) (\(pct(abs(sigmoid - tanh) / min(sigmoid, tanh))) apart); ratio \(String(format: "%.2f", saturating / unbounded))×.")
        }

        try add("saturating-units-predict-the-mean") {
            guard let mean = meanPredictor else { throw Missing(what: "the activation table's data, for the mean predictor") }
            let (sigmoid, tanh) = (try median("activation", "sigmoid"), try median("activation", "tanh"))
            let worst = max(abs(sigmoid - mean), abs(tanh - mean)) / mean
            return ("sigmoid and tanh collapse to predicting about the mean (Table 1): their validation MSE is within 15% of always predicting the training mean.",
                    worst <= 0.15, "predicting the training mean scores \(n(mean)) on the same validation rows; sigmoid \(n(sigmoid)), tanh \(n(tanh)) (at most \(pct(worst)) away).")
        }

        try add("mgd-beats-bgd-and-sgd") {
            let (bgd, mgd, sgd) = (try median("gradient_descent", "bgd"), try median("gradient_descent", "mgd"), try median("gradient_descent", "sgd"))
            return ("MGD reaches a lower validation MSE than BGD and SGD, each at the report's learning rate (Table 2).",
                    mgd < bgd && mgd < sgd, "median validation MSE: MGD \(n(mgd)), SGD \(n(sgd)), BGD \(n(bgd)).")
        }

        try add("train-share-75-lowest") {
            guard let table = results.tables["train_fraction"] else { throw Missing(what: "the table 'train_fraction'") }
            let shares = table.rows.compactMap { row in row.reproduced["val_mse"].map { (row.published["t"]?.description ?? "?", $0.median) } }
            guard shares.contains(where: { $0.0 == "75" }), let lowest = shares.min(by: { $0.1 < $1.1 }) else { throw Missing(what: "the row 't = 75' of table 'train_fraction'") }
            return ("t = 75 gives the lowest validation MSE of the training shares tried (Table 3).", lowest.0 == "75",
                    "median validation MSE by t: " + shares.map { "\($0.0): \(n($0.1))" }.joined(separator: ", ") + "; lowest at t = \(lowest.0).")
        }

        try add("encoding-cuts-error-threefold") {
            let encoded = try median("preprocessing", "yes"), raw = try median("preprocessing", "no")
            let publishedRatio = try publishedValue("preprocessing", "no") / publishedValue("preprocessing", "yes")
            return ("Target-mean encoding cuts validation MSE almost threefold (Table 4): raw codes give 2.5 to 3.5 times the error.",
                    (2.5...3.5).contains(raw / encoded),
                    "median validation MSE: encoded \(n(encoded)), raw codes \(n(raw)): \(String(format: "%.2f", raw / encoded))× (published: \(String(format: "%.2f", publishedRatio))×).")
        }

        try add("early-stopping-saves-40-epochs") {
            let stoppedAt = try median("early_stopping", "yes", "epochs_run"), limit = try median("early_stopping", "no", "epochs_run")
            return ("Early stopping ends some 40 epochs sooner than the full run (Table 5): 30 to 50 epochs fewer.",
                    (30...50).contains(limit - stoppedAt), "median epochs run: \(n(stoppedAt)) with early stopping, \(n(limit)) without: \(n(limit - stoppedAt)) fewer.")
        }

        try add("early-stopping-matches-full-run") {
            let withStop = try median("early_stopping", "yes"), lastEpoch = try median("early_stopping", "no", "val_mse_last_epoch")
            let bestEpoch = try median("early_stopping", "no", "val_mse_best_epoch"), publishedFull = try publishedValue("early_stopping", "no")
            let between = (min(withStop, lastEpoch)...max(withStop, lastEpoch)).contains(publishedFull)
            return ("Early stopping matches the full run's validation MSE within about 1% (Table 5): within 1.5% of the model the full run ends with.",
                    abs(withStop - lastEpoch) / lastEpoch <= 0.015,
                    "median validation MSE: \(n(withStop)) with early stopping; the full run ends at \(n(lastEpoch)) (\(pct((lastEpoch - withStop) / lastEpoch)) higher), though its best epoch had \(n(bestEpoch)). Without early stopping the network goes on past its best\(lastEpoch > bestEpoch ? " and overfits a little" : ""); the report's \(n(publishedFull)) \(between ? "sits between the two" : "lies outside them").")
        }

        try add("headline-within-stated-range") {
            guard let range = results.headline.reproduced["val_mse"], published.headline.stated_range.count == 2 else { throw Missing(what: "the headline") }
            let (low, high) = (published.headline.stated_range[0], published.headline.stated_range[1])
            let seeds = results.tables.values.flatMap(\.rows).first { $0.experiment == results.headline.experiment }?.seeds.count
            return ("The headline validation MSE is stable within \(n(low))–\(n(high)) across random initialisations: every seed lands inside.",
                    range.min >= low && range.max <= high,
                    "\(seeds.map { "\($0) seeds" } ?? "the seeds"): median \(n(range.median)), lowest \(n(range.min)), highest \(n(range.max)).")
        }
        return out
    }
}
