import Foundation

/// The sections of results.json that answer what the report left open.
public struct BeyondResults: Codable, Sendable {
    public struct SweepPoint: Codable, Sendable {
        public var learning_rate: Double
        public var factor: Double
        /// Over the seeds that did not diverge; nil when all did.
        public var val_mse: Spread?
        public var diverged_seeds: [UInt64]
    }
    public struct Sweep: Codable, Sendable {
        public var configuration: String
        public var table: String
        public var report_learning_rate: Double
        public var points: [SweepPoint]
        /// The grid's learning rate with the lowest median validation MSE.
        public var best_learning_rate: Double?
        public var finding: String
    }
    public struct Baseline: Codable, Sendable {
        public var name: String
        public var val_mse: Double
        public var description: String
        public var val_mse_range: Spread?
    }
    public struct LeakFree: Codable, Sendable {
        public var val_mse: Spread
        public var leaky_exact_means: Spread
        public var report_tables: Spread
        public var raw_codes: Spread
        /// Of the report's gain from encoding (raw codes → exact leaky means), the part the leak made.
        public var leak_share_of_advantage: Double
        public var finding: String
    }
    public struct Contiguous: Codable, Sendable {
        public var val_mse: Spread
        public var interleaved: Spread
        public var finding: String
    }
    public struct Holdout: Codable, Sendable {
        public var mse, rmse, mae, r2: Double
        public var rows: Int
        public var seed: UInt64
        public var mean_2011: Double
        public var mean_2012: Double
        public var mean_predicted_2012: Double
        public var validation_mse_2011: Double
        public var finding: String
    }

    public var learning_rate_sweeps: [Sweep]?
    public var learning_rate_sweeps_finding: String?
    public var baselines: [Baseline]?
    public var baselines_finding: String?
    public var leak_free_encoding: LeakFree?
    public var contiguous_split: Contiguous?
    public var holdout_2012: Holdout?
}

/// The data the beyond-the-report sections need besides the runs.
public struct BeyondData: Sendable {
    public var training: FeatureTable
    public var validation: FeatureTable
    public var trainingHours: [Int]
    public var validationHours: [Int]
    public var holdoutMetrics: MetricsFile
    public var mean2011: Double
    public var mean2012: Double

    public init(training: FeatureTable, validation: FeatureTable, rawTraining: HourlyRecords, rawValidation: HourlyRecords,
                holdoutMetrics: MetricsFile, year2011: HourlyRecords, year2012: HourlyRecords) throws {
        guard rawTraining.counts == training.counts, rawValidation.counts == validation.counts else {
            throw InputError(file: rawValidation.file, "the raw rows do not line up with the encoded rows of the same split")
        }
        self.training = training
        self.validation = validation
        trainingHours = (0..<rawTraining.rowCount).map { Int(rawTraining.value(.hr, row: $0)) }
        validationHours = (0..<rawValidation.rowCount).map { Int(rawValidation.value(.hr, row: $0)) }
        self.holdoutMetrics = holdoutMetrics
        mean2011 = year2011.counts.reduce(0, +) / Double(year2011.rowCount)
        mean2012 = year2012.counts.reduce(0, +) / Double(year2012.rowCount)
    }
}

extension BeyondResults {
    static func build(pipeline: PipelineSpec, models: [String: [ModelFile]], data: BeyondData, meanPredictorAtSweepSplit mean: Double) -> BeyondResults {
        let beyond = pipeline.beyond
        func spread(_ experiment: String) -> Spread { Spread(models[experiment]!.map { SeedOutcome($0).values["val_mse"]! }) }
        func n(_ value: Double) -> String { readable(value) }

        var sweeps: [Sweep] = []
        for sweep in pipeline.sweeps {
            let rate = pipeline.experiment(sweep.base)!.training.learningRate
            let points = sweep.points.map { factor, name in
                let rate = pipeline.experiment(name)!.training.learningRate
                let outcomes = models[name]!.map(SeedOutcome.init)
                let kept = outcomes.filter { !$0.diverged }
                return SweepPoint(learning_rate: rate, factor: factor, val_mse: kept.isEmpty ? nil : Spread(kept.map { $0.values["val_mse"]! }),
                                  diverged_seeds: outcomes.filter(\.diverged).map(\.seed))
            }
            let best = points.filter { $0.val_mse != nil }.min { $0.val_mse!.median < $1.val_mse!.median }
            let atChoice = points.first { $0.factor == 1 }?.val_mse?.median
            var finding = "\(sweep.label): "
            if let best, let atChoice {
                finding += best.factor == 1
                    ? "the report's learning rate \(formatNumber(rate)) is the best of the grid (median validation MSE \(n(atChoice)))."
                    : "the best of the grid is \(formatNumber(best.learning_rate)) (\(formatNumber(best.factor)) × the report's \(formatNumber(rate))), median validation MSE \(n(best.val_mse!.median)) against \(n(atChoice)) at the report's choice (\(String(format: "%+.1f%%", 100 * (best.val_mse!.median - atChoice) / atChoice)))."
            }
            let diverged = points.filter { !$0.diverged_seeds.isEmpty }
            if !diverged.isEmpty { finding += " Seeds diverged at " + diverged.map { "\(formatNumber($0.learning_rate)) (\($0.diverged_seeds.count))" }.joined(separator: ", ") + "." }
            sweeps.append(Sweep(configuration: sweep.label, table: sweep.table, report_learning_rate: rate, points: points,
                                best_learning_rate: best?.learning_rate, finding: finding))
        }

        var sweepsFinding = ""
        let atBest = sweeps.filter { $0.best_learning_rate == $0.report_learning_rate }.count
        sweepsFinding += "The report's learning rate is the best of its grid in \(atBest) of \(sweeps.count) configurations. "
        let gains = sweeps.compactMap { sweep -> (Sweep, Double, Double)? in
            guard let choice = sweep.points.first(where: { $0.factor == 1 })?.val_mse?.median,
                  let best = sweep.points.compactMap({ $0.val_mse?.median }).min() else { return nil }
            return (sweep, choice, best)
        }
        if let largest = gains.max(by: { $0.1 / $0.2 < $1.1 / $1.2 }) {
            sweepsFinding += "The largest gain is \(largest.0.configuration): \(n(largest.2)) at its best rate against \(n(largest.1)) at the report's."
        }
        for (sweep, choice, best) in gains where sweep.table == "activation" && choice > 0.8 * mean && best < 0.7 * mean {
            sweepsFinding += " \(sweep.configuration.split(separator: " ").first!) need not collapse to the mean (\(n(mean))): at a smaller rate it reaches \(n(best)), so Table 1's verdict on it is partly the learning rate's doing."
        }

        let network = spread(beyond.baselines.experiment)
        let baselines = [
            Baseline(name: "mean", val_mse: Baselines.mean(training: data.training, validation: data.validation), description: "the training mean, every hour"),
            Baseline(name: "hour-mean", val_mse: Baselines.hourMean(training: data.training, trainingHours: data.trainingHours, validation: data.validation, validationHours: data.validationHours),
                     description: "the training mean of the hour of the day"),
            Baseline(name: "linear", val_mse: Baselines.linear(training: data.training, validation: data.validation) ?? .nan,
                     description: "least squares on the same 12 encoded features and an intercept, solved exactly"),
            Baseline(name: "network", val_mse: network.median, description: "the report's network (\(Network.parameterCount(hiddenUnits: 5)) parameters), median over seeds", val_mse_range: network),
        ]
        let best = baselines.min { $0.val_mse < $1.val_mse }!
        let hourMean = baselines[1].val_mse, linear = baselines[2].val_mse
        let baselinesFinding = "On the same \(n(Double(data.validation.rowCount))) validation hours, predicting the mean scores \(n(baselines[0].val_mse)), the hour-of-day mean \(n(hourMean)), least squares on the same features \(n(linear)) and the network \(n(network.median)). " +
            (best.name == "network" ? "The network is best: its \(Network.parameterCount(hiddenUnits: 5)) parameters earn their keep, cutting the linear model's error by \(String(format: "%.0f%%", 100 * (linear - network.median) / linear))." : "The \(best.name) baseline beats the network.")

        let lf = beyond.leakFreeEncoding
        let (leakFree, leaky, tables, raw) = (spread(lf.leakFree), spread(lf.leakyExact), spread(lf.report), spread(lf.raw))
        let share = (leakFree.median - leaky.median) / (raw.median - leaky.median)
        let leakFinding = "Fitting the category means on the training rows only gives \(n(leakFree.median)) against \(n(leaky.median)) with the same means computed from all rows (the report's leak) and \(n(tables.median)) with the report's rounded tables; raw codes give \(n(raw.median)). The leak was worth \(String(format: "%.1f%%", 100 * share)) of encoding's advantage: " +
            (abs(share) < 0.05 ? "encoding's gain is real, not an artefact of the leak." : "a noticeable part of the gain came from the validation rows' own targets.")

        let cs = beyond.contiguousSplit
        let (contiguous, interleaved) = (spread(cs.experiment), spread(cs.interleaved))
        let worse = contiguous.median / interleaved.median - 1
        let contiguousFinding = "Training on the first 75% of the year and validating on the rest gives \(n(contiguous.median)) (\(n(contiguous.min))–\(n(contiguous.max))) against the interleaved split's \(n(interleaved.median)) (\(String(format: "%+.0f%%", 100 * worse))): the validation months, October to December, are ones the network never trained on. " +
            (worse > 0.05 ? "The report's warning holds, though the cost is \(worse > 0.3 ? "large" : "moderate")." : "The report's warning does not show here.")

        let h = data.holdoutMetrics
        let holdoutValidation = models[beyond.holdout.experiment]!.first { $0.training.settings.seed == beyond.holdout.seed }.map { SeedOutcome($0).values["val_mse"]! } ?? .nan
        let holdoutFinding = "Trained on 2011 and tested on all \(n(Double(h.rows))) hours of 2012, the headline model (seed \(beyond.holdout.seed)) has MSE \(n(h.mse)) (RMSE \(n(h.rmse)), R² \(String(format: "%.3f", h.r2))), against \(n(holdoutValidation)) on 2011's validation hours. Demand grew from \(n(data.mean2011)) to \(n(data.mean2012)) bikes an hour (\(String(format: "%+.0f%%", 100 * (data.mean2012 / data.mean2011 - 1)))), but the model predicts \(n(h.meanPrediction)) on average: every 2011 row has yr = 0, so the weights on yr never received a gradient and the year's growth is invisible to it; the encoded means, too, are 2011's."
        return BeyondResults(learning_rate_sweeps: sweeps, learning_rate_sweeps_finding: sweepsFinding, baselines: baselines, baselines_finding: baselinesFinding,
                             leak_free_encoding: LeakFree(val_mse: leakFree, leaky_exact_means: leaky, report_tables: tables, raw_codes: raw, leak_share_of_advantage: share, finding: leakFinding),
                             contiguous_split: Contiguous(val_mse: contiguous, interleaved: interleaved, finding: contiguousFinding),
                             holdout_2012: Holdout(mse: h.mse, rmse: h.rmse, mae: h.mae, r2: h.r2, rows: h.rows, seed: beyond.holdout.seed, mean_2011: data.mean2011,
                                                   mean_2012: data.mean2012, mean_predicted_2012: h.meanPrediction, validation_mse_2011: holdoutValidation, finding: holdoutFinding))
    }
}
