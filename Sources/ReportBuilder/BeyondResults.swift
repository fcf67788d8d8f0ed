import Artifacts
import BikeModel
import Foundation

/// The data the beyond-the-report sections need besides the runs; a section left out of
/// pipeline/beyond.json needs none.
public struct BeyondData: Sendable {
    /// The baselines' split: encoded rows, and each row's hour from the raw rows.
    public struct Split: Sendable {
        public var training: FeatureTable
        public var validation: FeatureTable
        public var trainingHours: [Int]
        public var validationHours: [Int]

        public init(training: FeatureTable, validation: FeatureTable, rawTraining: HourlyRecords, rawValidation: HourlyRecords) throws {
            guard rawTraining.counts == training.counts, rawValidation.counts == validation.counts else {
                throw InputError(file: rawValidation.file, "the raw rows do not line up with the encoded rows of the same split")
            }
            self.training = training
            self.validation = validation
            trainingHours = (0..<rawTraining.rowCount).map { Int(rawTraining.value(.hr, row: $0)) }
            validationHours = (0..<rawValidation.rowCount).map { Int(rawValidation.value(.hr, row: $0)) }
        }
    }

    public struct Holdout: Sendable {
        public var metrics: MetricsFile
        public var mean2011: Double
        public var mean2012: Double

        public init(metrics: MetricsFile, year2011: HourlyRecords, year2012: HourlyRecords) {
            self.metrics = metrics
            mean2011 = year2011.counts.reduce(0, +) / Double(year2011.rowCount)
            mean2012 = year2012.counts.reduce(0, +) / Double(year2012.rowCount)
        }
    }

    public var baselines: Split?
    public var holdout: Holdout?

    public init(baselines: Split? = nil, holdout: Holdout? = nil) {
        self.baselines = baselines
        self.holdout = holdout
    }
}

extension BeyondResults {
    static func build(pipeline: PipelineSpec, runs: [String: ExperimentRuns], data: BeyondData, meanPredictorAtSweepSplit mean: Double?) throws -> BeyondResults {
        let beyond = pipeline.beyond
        func experiment(_ name: String) throws -> ExperimentRuns {
            guard let found = runs[name] else { throw InputError(file: pipeline.folder + "/beyond.json", "no runs of experiment '\(name)'") }
            return found
        }
        func spread(_ name: String) throws -> Spread {
            guard let spread = try experiment(name).spread("val_mse") else { throw InputError(file: pipeline.folder + "/beyond.json", "experiment '\(name)' has no validation MSE") }
            return spread
        }
        func n(_ value: Double) -> String { readable(value) }
        var out = BeyondResults()

        if beyond.learningRateSweeps != nil {
            var sweeps: [Sweep] = []
            for sweep in pipeline.sweeps {
                let base = try experiment(sweep.base)
                let rate = base.settings.learningRate
                let label = SettingsText.describe(try pipeline.tables.tables.first { $0.name == sweep.table }?.rows.map { try experiment($0.experiment).settings } ?? [], brief: true)
                    .label(base.settings)
                let points = try sweep.points.map { factor, name in
                    let runs = try experiment(name)
                    return SweepPoint(learning_rate: runs.settings.learningRate, factor: factor, val_mse: runs.spread("val_mse", convergedOnly: true),
                                      diverged_seeds: runs.outcomes.filter(\.diverged).map(\.seed))
                }
                let best = points.compactMap { point in point.val_mse.map { (point, $0.median) } }.min { $0.1 < $1.1 }
                let atChoice = points.first { $0.factor == 1 }?.val_mse?.median
                var finding = "\(label): "
                if let (best, bestMedian) = best, let atChoice {
                    finding += best.factor == 1
                        ? "the report's learning rate \(formatNumber(rate)) is the best of the grid (median validation MSE \(n(atChoice)))."
                        : "the best of the grid is \(formatNumber(best.learning_rate)) (\(formatNumber(best.factor)) × the report's \(formatNumber(rate))), median validation MSE \(n(bestMedian)) against \(n(atChoice)) at the report's choice (\(String(format: "%+.1f%%", 100 * (bestMedian - atChoice) / atChoice)))."
                }
                let diverged = points.filter { !$0.diverged_seeds.isEmpty }
                if !diverged.isEmpty { finding += " Seeds diverged at " + diverged.map { "\(formatNumber($0.learning_rate)) (\($0.diverged_seeds.count))" }.joined(separator: ", ") + "." }
                sweeps.append(Sweep(configuration: label, table: sweep.table, report_learning_rate: rate, points: points,
                                    best_learning_rate: best?.0.learning_rate, finding: finding))
            }
            var finding = ""
            let atBest = sweeps.filter { $0.best_learning_rate == $0.report_learning_rate }.count
            finding += "The report's learning rate is the best of its grid in \(atBest) of \(sweeps.count) configurations. "
            let gains = sweeps.compactMap { sweep -> (Sweep, Double, Double)? in
                guard let choice = sweep.points.first(where: { $0.factor == 1 })?.val_mse?.median,
                      let best = sweep.points.compactMap({ $0.val_mse?.median }).min() else { return nil }
                return (sweep, choice, best)
            }
            if let largest = gains.max(by: { $0.1 / $0.2 < $1.1 / $1.2 }) {
                finding += "The largest gain is \(largest.0.configuration): \(n(largest.2)) at its best rate against \(n(largest.1)) at the report's."
            }
            if let mean {
                for (sweep, choice, best) in gains where sweep.table == "activation" && choice > 0.8 * mean && best < 0.7 * mean {
                    finding += " \(sweep.configuration.split(separator: ",").first.map(String.init) ?? sweep.configuration) need not collapse to the mean (\(n(mean))): at a smaller rate it reaches \(n(best)), so Table 1's verdict on it is partly the learning rate's doing."
                }
            }
            out.learning_rate_sweeps = sweeps
            out.learning_rate_sweeps_finding = finding
        }

        if let declared = beyond.baselines, let split = data.baselines {
            let runs = try experiment(declared.experiment)
            let network = try spread(declared.experiment)
            let parameters = Network.parameterCount(hiddenUnits: runs.settings.hiddenUnits)
            let baselines = [
                Baseline(name: "mean", val_mse: Baselines.mean(training: split.training, validation: split.validation), description: "the training mean, every hour"),
                Baseline(name: "hour-mean", val_mse: Baselines.hourMean(training: split.training, trainingHours: split.trainingHours, validation: split.validation, validationHours: split.validationHours),
                         description: "the training mean of the hour of the day"),
                Baseline(name: "linear", val_mse: Baselines.linear(training: split.training, validation: split.validation) ?? .nan,
                         description: "least squares on the same 12 encoded features and an intercept, solved exactly"),
                Baseline(name: "network", val_mse: network.median, description: "the report's network (\(parameters) parameters), median over seeds", val_mse_range: network),
            ]
            let best = baselines.min { $0.val_mse < $1.val_mse }
            let hourMean = baselines[1].val_mse, linear = baselines[2].val_mse
            out.baselines = baselines
            out.baselines_finding = "On the same \(n(Double(split.validation.rowCount))) validation hours, predicting the mean scores \(n(baselines[0].val_mse)), the hour-of-day mean \(n(hourMean)), least squares on the same features \(n(linear)) and the network \(n(network.median)). " +
                (best?.name == "network" ? "The network is best: its \(parameters) parameters earn their keep, cutting the linear model's error by \(String(format: "%.0f%%", 100 * (linear - network.median) / linear))." : "The \(best?.name ?? "") baseline beats the network.")
        }

        if let lf = beyond.leakFreeEncoding {
            let (leakFree, leaky, tables, raw) = (try spread(lf.leakFree), try spread(lf.leakyExact), try spread(lf.report), try spread(lf.raw))
            let share = (leakFree.median - leaky.median) / (raw.median - leaky.median)
            let finding = "Fitting the category means on the training rows only gives \(n(leakFree.median)) against \(n(leaky.median)) with the same means computed from all rows (the report's leak) and \(n(tables.median)) with the report's rounded tables; raw codes give \(n(raw.median)). The leak was worth \(String(format: "%.1f%%", 100 * share)) of encoding's advantage: " +
                (abs(share) < 0.05 ? "encoding's gain is real, not an artefact of the leak." : "a noticeable part of the gain came from the validation rows' own targets.")
            out.leak_free_encoding = LeakFree(val_mse: leakFree, leaky_exact_means: leaky, report_tables: tables, raw_codes: raw, leak_share_of_advantage: share, finding: finding)
        }

        if let cs = beyond.contiguousSplit {
            let (contiguous, interleaved) = (try spread(cs.experiment), try spread(cs.interleaved))
            let share = try experiment(cs.experiment).settings.trainShare
            let worse = contiguous.median / interleaved.median - 1
            let finding = "Training on the first \(share)% of the year and validating on the rest gives \(n(contiguous.median)) (\(n(contiguous.min))–\(n(contiguous.max))) against the interleaved split's \(n(interleaved.median)) (\(String(format: "%+.0f%%", 100 * worse))): the validation months are ones the network never trained on. " +
                (worse > 0.05 ? "The report's warning holds, though the cost is \(worse > 0.3 ? "large" : "moderate")." : "The report's warning does not show here.")
            out.contiguous_split = Contiguous(val_mse: contiguous, interleaved: interleaved, finding: finding)
        }

        if let holdout = beyond.holdout, let year = data.holdout {
            let h = year.metrics
            let runs = try experiment(holdout.experiment)
            let seed = holdout.seed ?? runs.outcomes.first?.seed ?? 0
            let validation = runs.outcomes.first { $0.seed == seed }?.values["val_mse"] ?? .nan
            let finding = "Trained on 2011 and tested on all \(n(Double(h.rows))) hours of 2012, the headline model (seed \(seed)) has MSE \(n(h.mse)) (RMSE \(n(h.rmse)), R² \(String(format: "%.3f", h.r2))), against \(n(validation)) on 2011's validation hours. Demand grew from \(n(year.mean2011)) to \(n(year.mean2012)) bikes an hour (\(String(format: "%+.0f%%", 100 * (year.mean2012 / year.mean2011 - 1)))), but the model predicts \(n(h.meanPrediction)) on average: every 2011 row has yr = 0, so the weights on yr never received a gradient and the year's growth is invisible to it; the encoded means, too, are 2011's."
            out.holdout_2012 = Holdout(mse: h.mse, rmse: h.rmse, mae: h.mae, r2: h.r2, rows: h.rows, seed: seed, mean_2011: year.mean2011,
                                       mean_2012: year.mean2012, mean_predicted_2012: h.meanPrediction, validation_mse_2011: validation, finding: finding)
        }
        return out
    }
}
