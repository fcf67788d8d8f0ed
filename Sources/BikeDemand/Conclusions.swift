import Foundation

/// The report's conclusions, each stated as a test on the reproduced medians, with the
/// numbers behind the verdict.
public enum Conclusions {
    public static func evaluate(_ results: ReportResults, baselines: BaselineData, expected: [String: Bool]) -> [ReportResults.Conclusion] {
        /// The median of `measure` in the row of `table` whose first published cell reads `key`.
        func median(_ table: String, _ key: String, _ measure: String = "val_mse") -> Double {
            let rows = results.tables[table]!.rows
            let column = results.tables[table]!.columns[0]
            let row = rows.first { $0.published[column]?.description == key }!
            return row.reproduced[measure]!.median
        }
        func n(_ value: Double) -> String { readable(value) }
        func pct(_ value: Double) -> String { String(format: "%.1f%%", 100 * value) }
        var out: [ReportResults.Conclusion] = []
        func add(_ id: String, _ claim: String, _ holds: Bool, _ evidence: String) {
            out.append(.init(id: id, claim: claim, holds: holds, expected: expected[id], evidence: evidence))
        }

        let (sigmoid, tanh, elu, relu) = (median("activation", "sigmoid"), median("activation", "tanh"), median("activation", "elu"), median("activation", "relu"))
        let unbounded = max(elu, relu), saturating = min(sigmoid, tanh)
        add("activation-order", "elu ≈ relu ≪ sigmoid ≈ tanh (Table 1): the unbounded units reach less than half the error of the saturating ones; elu and relu within 5% of each other, sigmoid and tanh within 10%.",
            2 * unbounded < saturating && abs(elu - relu) / min(elu, relu) <= 0.05 && abs(sigmoid - tanh) / min(sigmoid, tanh) <= 0.10,
            "median validation MSE: elu \(n(elu)), relu \(n(relu)) (\(pct(abs(elu - relu) / min(elu, relu))) apart); sigmoid \(n(sigmoid)), tanh \(n(tanh)) (\(pct(abs(sigmoid - tanh) / min(sigmoid, tanh))) apart); ratio \(String(format: "%.2f", saturating / unbounded))×.")

        let mean = baselines.meanPredictorMSE
        let worst = max(abs(sigmoid - mean), abs(tanh - mean)) / mean
        add("saturating-units-predict-the-mean", "sigmoid and tanh collapse to predicting about the mean (Table 1): their validation MSE is within 15% of always predicting the training mean.",
            worst <= 0.15,
            "predicting the training mean scores \(n(mean)) on the same validation rows; sigmoid \(n(sigmoid)), tanh \(n(tanh)) (at most \(pct(worst)) away).")

        let (bgd, mgd, sgd) = (median("gradient_descent", "bgd"), median("gradient_descent", "mgd"), median("gradient_descent", "sgd"))
        add("mgd-beats-bgd-and-sgd", "MGD reaches a lower validation MSE than BGD and SGD, each at the report's learning rate (Table 2).",
            mgd < bgd && mgd < sgd,
            "median validation MSE: MGD \(n(mgd)), SGD \(n(sgd)), BGD \(n(bgd)).")

        let shares = results.tables["train_fraction"]!.rows.map { ($0.published["t"]!.description, $0.reproduced["val_mse"]!.median) }
        let lowest = shares.min { $0.1 < $1.1 }!
        add("train-share-75-lowest", "t = 75 gives the lowest validation MSE of the training shares tried (Table 3).",
            lowest.0 == "75",
            "median validation MSE by t: " + shares.map { "\($0.0): \(n($0.1))" }.joined(separator: ", ") + "; lowest at t = \(lowest.0).")

        let encoded = median("preprocessing", "yes"), raw = median("preprocessing", "no")
        add("encoding-cuts-error-threefold", "Target-mean encoding cuts validation MSE almost threefold (Table 4): raw codes give 2.5 to 3.5 times the error.",
            (2.5...3.5).contains(raw / encoded),
            "median validation MSE: encoded \(n(encoded)), raw codes \(n(raw)): \(String(format: "%.2f", raw / encoded))× (published 14,499 / 5,257 = 2.76×).")

        let stoppedAt = median("early_stopping", "yes", "epochs_run"), limit = median("early_stopping", "no", "epochs_run")
        add("early-stopping-saves-40-epochs", "Early stopping ends some 40 epochs sooner than the full 100 (Table 5): 30 to 50 epochs fewer.",
            (30...50).contains(limit - stoppedAt),
            "median epochs run: \(n(stoppedAt)) with early stopping, \(n(limit)) without: \(n(limit - stoppedAt)) fewer.")

        let withStop = median("early_stopping", "yes"), lastEpoch = median("early_stopping", "no", "val_mse_last_epoch"), bestEpoch = median("early_stopping", "no", "val_mse_best_epoch")
        add("early-stopping-matches-full-run", "Early stopping matches the full 100-epoch run's validation MSE within about 1% (Table 5): within 1.5% of the model the full run ends with.",
            abs(withStop - lastEpoch) / lastEpoch <= 0.015,
            "median validation MSE: \(n(withStop)) with early stopping; the full run ends at \(n(lastEpoch)) (\(pct((lastEpoch - withStop) / lastEpoch)) higher), though its best epoch had \(n(bestEpoch)). Without early stopping the network goes on past its best and overfits a little; the report's 5,291 sits between the two.")

        let seeds = results.tables.values.flatMap(\.rows).first { $0.experiment == results.headline.experiment }!
        let range = results.headline.reproduced["val_mse"]!
        add("headline-within-stated-range", "The headline validation MSE is stable within 5,200–5,300 across random initialisations: every seed lands inside.",
            range.min >= 5200 && range.max <= 5300,
            "\(seeds.seeds.count) seeds: median \(n(range.median)), lowest \(n(range.min)), highest \(n(range.max)).")
        return out
    }
}
