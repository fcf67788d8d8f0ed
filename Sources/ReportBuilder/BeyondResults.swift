import Artifacts
import BikeModel
import Foundation
import Pipeline
import Statistics

/// The data the beyond-the-report sections need besides the runs; a section left out of
/// pipeline/beyond.json needs none.
public struct BeyondData: Sendable {
    /// The baselines' split: encoded rows, and each row's hour from the raw rows.
    public struct Split: Sendable {
        public var training: FeatureTable
        public var validation: FeatureTable
        public var trainingHours: [Int]
        public var validationHours: [Int]

        public init(
            training: FeatureTable, validation: FeatureTable, rawTraining: HourlyRecords, rawValidation: HourlyRecords
        ) throws {
            guard rawTraining.counts == training.counts, rawValidation.counts == validation.counts else {
                throw InputError(
                    file: rawValidation.file, "the raw rows do not line up with the encoded rows of the same split")
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
    /// Each section beyond.json declares, from its runs (and the data it reads): one builder per
    /// section, `BeyondSections`.
    static func build(
        pipeline: PipelineSpec, runs: [String: ExperimentRuns], data: BeyondData,
        meanPredictorAtSweepSplit mean: Double?
    ) throws -> BeyondResults {
        let beyond = pipeline.beyond, sections = BeyondSections(pipeline: pipeline, runs: runs)
        var out = BeyondResults()
        if beyond.learningRateSweeps != nil {
            let sweeps = try sections.sweeps()
            out.learningRateSweeps = sweeps
            out.learningRateSweepsFinding = Sweep.finding(sweeps, meanPredictor: mean, on: pipeline.sweptTables.first)
        }
        if let declared = beyond.baselines, let split = data.baselines {
            (out.baselines, out.baselinesFinding) = try sections.baselines(declared, split)
        }
        if let declared = beyond.leakFreeEncoding { out.leakFreeEncoding = try sections.leakFree(declared) }
        if let declared = beyond.contiguousSplit { out.contiguousSplit = try sections.contiguous(declared) }
        if let declared = beyond.holdout, let year = data.holdout {
            out.holdout2012 = try sections.holdout(declared, year)
        }
        return out
    }
}

/// The sections of results.json's `beyond`, one method each, over the runs they read.
struct BeyondSections {
    typealias Sweep = BeyondResults.Sweep
    typealias SweepPoint = BeyondResults.SweepPoint
    typealias Baseline = BeyondResults.Baseline
    typealias Holdout = BeyondResults.Holdout
    let pipeline: PipelineSpec
    let runs: [String: ExperimentRuns]

    func experiment(_ name: String) throws -> ExperimentRuns {
        guard let found = runs[name] else {
            throw InputError(file: pipeline.folder + "/beyond.json", "no runs of experiment '\(name)'")
        }
        return found
    }

    func spread(_ name: String) throws -> Spread {
        guard let spread = try experiment(name).spreadWithValues(Measure.validationMSE.key) else {
            throw InputError(file: pipeline.folder + "/beyond.json", "experiment '\(name)' has no validation MSE")
        }
        return spread
    }

    func n(_ value: Double) -> String { readable(value) }

    /// Each table's configurations over the sweep's learning rates.
    func sweeps() throws -> [Sweep] {
        var sweeps: [Sweep] = []
        for sweep in pipeline.sweeps {
            let base = try experiment(sweep.base)
            let label = SettingsText.describe(
                try pipeline.tables.tables.first { $0.name == sweep.table }?.rows.map {
                    try experiment($0.experiment).settings
                } ?? [], brief: true
            )
            .label(base.settings)
            let points = try sweep.points.map { factor, name in
                let runs = try experiment(name)
                var point = SweepPoint(
                    learningRate: runs.settings.learningRate, factor: factor,
                    validationMSE: runs.spreadWithValues(Measure.validationMSE.key, convergedOnly: true),
                    divergedSeeds: runs.outcomes.filter(\.diverged).map(\.seed))
                let reasons = runs.stopReasons
                point.stopReasons = reasons
                point.epochsRun = runs.spread(Measure.epochsRun.key)?.median
                point.converged =
                    reasons[StopReason.maxEpochs.rawValue] == nil && reasons[StopReason.diverged.rawValue] == nil
                    && point.divergedSeeds.isEmpty
                return point
            }
            var result = Sweep(
                configuration: label, table: sweep.table, reportLearningRate: base.settings.learningRate,
                points: points, finding: "")
            result.experiment = sweep.base
            result.choose()
            result.finding = "\(label): " + result.describe(maxEpochs: base.settings.maxEpochs)
            sweeps.append(result)
        }
        return sweeps
    }

    /// The network against the mean, the hour-of-day mean and least squares on the same split.
    func baselines(_ declared: PipelineSpec.Beyond.Baselines, _ split: BeyondData.Split) throws -> (
        [Baseline], String
    ) {
        let runs = try experiment(declared.experiment)
        let network = try spread(declared.experiment)
        let parameters = Network.parameterCount(hiddenUnits: runs.settings.hiddenUnits)
        let mean = Baselines.mean(training: split.training, validation: split.validation)
        let hourMean = Baselines.hourMean(
            training: split.training, trainingHours: split.trainingHours, validation: split.validation,
            validationHours: split.validationHours)
        let linear = Baselines.linear(training: split.training, validation: split.validation) ?? .nan
        let unrounded = Baselines.linear(training: split.training, validation: split.validation, wholeCounts: false)
        var linearBaseline = Baseline(
            name: BaselineName.linear.rawValue, validationMSE: linear,
            description:
                "least squares on the same 12 encoded features and an intercept, solved exactly; its predictions made whole, non-negative counts like the network's"
                + (unrounded.map { " (scored on its raw predictions: \(n($0)))" } ?? ""))
        linearBaseline.validationMSEUnrounded = unrounded
        let baselines = [
            Baseline(
                name: BaselineName.mean.rawValue, validationMSE: mean, description: "the training mean, every hour"),
            Baseline(
                name: BaselineName.hourMean.rawValue, validationMSE: hourMean,
                description: "the training mean of the hour of the day"),
            linearBaseline,
            Baseline(
                name: BaselineName.network.rawValue, validationMSE: network.median,
                description: "the report's network (\(parameters) parameters), median over seeds",
                validationMSERange: network)
        ]
        let best = baselines.min { $0.validationMSE < $1.validationMSE }
        let finding =
            "On the same \(n(Double(split.validation.rowCount))) validation hours, predicting the mean scores \(n(mean)), the hour-of-day mean \(n(hourMean)), least squares on the same features \(n(linear)) and the network \(n(network.median)). "
            + (best?.name == BaselineName.network.rawValue
                ? "The network is best: its \(parameters) parameters earn their keep, cutting the linear model's error by \(String(format: "%.0f%%", 100 * (linear - network.median) / linear))."
                : "The \(best?.name ?? "") baseline beats the network.")
        return (baselines, finding)
    }

    /// Category means fitted on the training rows only, beside the report's leaky means.
    func leakFree(_ lf: PipelineSpec.Beyond.LeakFree) throws -> BeyondResults.LeakFree {
        let (leakFree, leaky, tables, raw) = (
            try spread(lf.leakFree), try spread(lf.leakyExact), try spread(lf.report), try spread(lf.raw)
        )
        let share = (leakFree.median - leaky.median) / (raw.median - leaky.median)
        let finding =
            "Fitting the category means on the training rows only gives \(n(leakFree.median)) against \(n(leaky.median)) with the same means computed from all rows (the report's leak) and \(n(tables.median)) with the report's rounded tables; raw codes give \(n(raw.median)). The leak was worth \(String(format: "%.1f%%", 100 * share)) of encoding's advantage: "
            + (abs(share) < 0.05
                ? "encoding's gain is real, not an artefact of the leak."
                : "a noticeable part of the gain came from the validation rows' own targets.")
        return BeyondResults.LeakFree(
            validationMSE: leakFree, leakyExactMeans: leaky, reportTables: tables, rawCodes: raw,
            leakShareOfAdvantage: share, finding: finding)
    }

    /// The first part of the year for training and the rest for validation.
    func contiguous(_ cs: PipelineSpec.Beyond.Contiguous) throws -> BeyondResults.Contiguous {
        let (contiguous, interleaved) = (try spread(cs.experiment), try spread(cs.interleaved))
        let share = try experiment(cs.experiment).settings.trainShare
        let worse = contiguous.median / interleaved.median - 1
        let finding =
            "Training on the first \(share)% of the year and validating on the rest gives \(n(contiguous.median)) (\(n(contiguous.min))–\(n(contiguous.max))) against the interleaved split's \(n(interleaved.median)) (\(String(format: "%+.0f%%", 100 * worse))): the validation months are ones the network never trained on. "
            + (worse > 0.05
                ? "The report's warning holds, though the cost is \(worse > 0.3 ? "large" : "moderate")."
                : "The report's warning does not show here.")
        return BeyondResults.Contiguous(validationMSE: contiguous, interleaved: interleaved, finding: finding)
    }

    /// The headline's models on 2012, with the inputs the holdout zeroes.
    func holdout(_ holdout: PipelineSpec.Beyond.Holdout, _ year: BeyondData.Holdout) throws -> Holdout {
        let h = year.metrics
        let runs = try experiment(holdout.experiment)
        let file = pipeline.folder + "/beyond.json"
        guard let perSeed = h.seeds, !perSeed.isEmpty else {
            throw InputError(file: file, "the holdout metrics list no seeds (evaluate --all-seeds)")
        }
        func over(_ value: (MetricsFile.SeedMetrics) -> Double) -> Spread { Spread(perSeed.map(value)) }
        let validation = try spread(holdout.experiment)
        let seed = holdout.seed ?? runs.outcomes.first?.seed ?? 0
        var zeroed: [String: Holdout.Zeroed] = [:]
        for input in holdout.zeroInputs ?? [] {
            let values = perSeed.compactMap { $0.zeroed?[input] }
            guard values.count == perSeed.count else {
                throw InputError(file: file, "the holdout metrics lack '\(input)' zeroed for some seeds")
            }
            zeroed[input] = .init(
                mse: Spread(values.map(\.mse)), meanPredicted2012: Spread(values.map(\.meanPredicted)))
        }
        let (mse, predicted) = (over(\.mse), over(\.meanPredicted))
        var finding =
            "Trained on 2011 and tested on all \(n(Double(h.metrics.rows))) hours of 2012, the headline models (\(perSeed.count) seeds) have MSE \(n(mse.median)) (\(n(mse.min))–\(n(mse.max))), R² \(String(format: "%.3f", over(\.r2).median)), against \(n(validation.median)) on 2011's validation hours. Demand grew from \(n(year.mean2011)) to \(n(year.mean2012)) bikes an hour (\(String(format: "%+.0f%%", 100 * (year.mean2012 / year.mean2011 - 1)))), but the models predict \(n(predicted.median)) on average (\(n(predicted.min))–\(n(predicted.max)))."
        if let yr = zeroed[Feature.yr.rawValue] {
            let shift = predicted.median - yr.meanPredicted2012.median
            finding +=
                " Every 2011 row has yr = 0, so the weights from yr never received a gradient: they keep their random initial values, and on 2012's rows, where yr = 1, they add a random amount to each hidden unit. Setting yr to 0 measures it: the mean prediction \(shift >= 0 ? "falls" : "rises") to \(n(yr.meanPredicted2012.median)) (\(n(yr.meanPredicted2012.min))–\(n(yr.meanPredicted2012.max))) and the MSE \(yr.mse.median >= mse.median ? "rises" : "falls") to \(n(yr.mse.median)) (\(n(yr.mse.min))–\(n(yr.mse.max))). The untrained yr weights \(shift >= 0 ? "raise" : "lower") the predictions by \(n(abs(shift))) bikes an hour (their initial values are random, and positive like every initial weight); this \(shift >= 0 ? "happens to cover part of the growth" : "makes the missing growth worse"), but carries no information about 2012. The encoded means, too, are 2011's, so none of the year's growth is learnt."
        } else {
            finding +=
                " Every 2011 row has yr = 0, so the weights from yr never received a gradient and the year's growth is invisible to the model; the encoded means, too, are 2011's."
        }
        return Holdout(
            seeds: perSeed.map(\.seed), mse: mse, rmse: over(\.rmse), mae: over(\.mae), r2: over(\.r2),
            rows: h.metrics.rows, seed: seed,
            mean2011: year.mean2011, mean2012: year.mean2012, meanPredicted2012: predicted,
            validationMSE2011: validation,
            zeroedInputs: zeroed.isEmpty ? nil : zeroed, finding: finding)
    }
}

extension BeyondResults.Sweep {
    /// The point at the report's own learning rate.
    var reportPoint: BeyondResults.SweepPoint? { points.first { $0.factor == 1 } }

    /// Names the best rate only when its seeds all beat every other converged rate's seeds;
    /// otherwise lists the rates that tie with the lowest median, and picks the tuned rate.
    mutating func choose() {
        let candidates = points.filter { $0.converged == true && $0.validationMSE != nil }
        guard let lowest = candidates.min(by: { $0.validationMSE!.median < $1.validationMSE!.median }),
            let range = lowest.validationMSE
        else { return }
        let others = candidates.filter { $0.learningRate != lowest.learningRate }
        if others.allSatisfy({ range.max < $0.validationMSE!.min }) {
            bestLearningRate = lowest.learningRate
            tunedLearningRate = lowest.learningRate
        } else {
            let tied = candidates.filter { $0.validationMSE!.min <= range.max }.map(\.learningRate)
            tiedLearningRates = tied
            tunedLearningRate = tied.contains(reportLearningRate) ? reportLearningRate : lowest.learningRate
        }
    }

    /// What the sweep shows, in a sentence or three.
    func describe(maxEpochs: Int) -> String {
        func n(_ value: Double) -> String { readable(value) }
        func rate(_ value: Double) -> String { formatNumber(value) }
        guard let atChoice = reportPoint?.validationMSE?.median else {
            return "no result at the report's learning rate."
        }
        var text = ""
        if let best = bestLearningRate, let point = points.first(where: { $0.learningRate == best }),
            let spread = point.validationMSE
        {
            text =
                best == reportLearningRate
                ? "the report's learning rate \(rate(best)) is the best of the converged rates (median validation MSE \(n(spread.median))): every seed beats every seed of each other converged rate."
                : "the best of the grid is \(rate(best)) (\(formatNumber(point.factor)) × the report's \(rate(reportLearningRate))), median validation MSE \(n(spread.median)) against \(n(atChoice)) at the report's choice (\(String(format: "%+.1f%%", 100 * (spread.median - atChoice) / atChoice))); every seed beats every seed of each other converged rate."
        } else if let tied = tiedLearningRates {
            let medians = tied.compactMap { r in
                points.first { $0.learningRate == r }?.validationMSE.map { "\(rate(r)): \(n($0.median))" }
            }
            text =
                tied.count == 1
                ? "no rate is clearly best."
                : "the rates \(medians.joined(separator: ", ")) tie within the seed spread; the report's \(rate(reportLearningRate)) \(tied.contains(reportLearningRate) ? "is among them" : "is not (median \(n(atChoice)))")."
        } else {
            text = "no rate converged."
        }
        // A lower median where training was cut off: not a best, but not to be hidden either.
        let tunedMedian =
            tunedLearningRate.flatMap { r in points.first { $0.learningRate == r }?.validationMSE?.median } ?? atChoice
        let lower = points.filter { $0.converged == false && ($0.validationMSE?.median ?? .infinity) < tunedMedian }
        if !lower.isEmpty {
            text +=
                " Lower medians came at rates that had not converged: "
                + lower.map { "\(rate($0.learningRate)) (\(n($0.validationMSE!.median)))" }.joined(separator: ", ")
                + "; longer training might make them best."
        }
        let unconverged = points.filter { $0.converged == false && $0.divergedSeeds.isEmpty }
        if !unconverged.isEmpty {
            text +=
                " Not converged within \(maxEpochs) epochs (seeds that hit the limit): "
                + unconverged.map {
                    "\(rate($0.learningRate)) (\($0.stopReasons?[StopReason.maxEpochs.rawValue] ?? 0) of \($0.validationMSE?.seeds ?? 0), median \(n($0.validationMSE?.median ?? .nan)))"
                }.joined(separator: ", ") + "."
        }
        let diverged = points.filter { !$0.divergedSeeds.isEmpty }
        if !diverged.isEmpty {
            text +=
                " Seeds diverged at "
                + diverged.map { "\(rate($0.learningRate)) (\($0.divergedSeeds.count))" }.joined(separator: ", ")
                + "."
        }
        return text
    }

    /// The sweeps' summary: each configuration counted once, however many tables it is in;
    /// `meanTable`'s sweeps are set against always predicting the mean, on its split.
    static func finding(
        _ sweeps: [BeyondResults.Sweep], meanPredictor mean: Double?, on meanTable: (name: String, number: Int)?
    ) -> String {
        func n(_ value: Double) -> String { readable(value) }
        var seen = Set<String>()
        let distinct = sweeps.filter { seen.insert($0.experiment ?? $0.configuration).inserted }
        let best = distinct.filter { $0.bestLearningRate == $0.reportLearningRate }.count
        let ties = distinct.filter {
            $0.bestLearningRate == nil && $0.tiedLearningRates?.contains($0.reportLearningRate) == true
        }.count
        let beaten = distinct.count - best - ties
        // Configurations where a rate cut off by the epoch limit had a lower median than the tuned one.
        let cutOff = distinct.filter { sweep in
            let tuned =
                sweep.tunedLearningRate.flatMap { r in
                    sweep.points.first { $0.learningRate == r }?.validationMSE?.median
                }
                ?? .infinity
            return sweep.points.contains { $0.converged == false && ($0.validationMSE?.median ?? .infinity) < tuned }
        }.count
        var text =
            "Of \(distinct.count) distinct configurations\(distinct.count < sweeps.count ? " (\(sweeps.count - distinct.count) in two tables, counted once)" : ""), the report's learning rate is the clear best of the converged rates of its grid in \(best), ties with the best in \(ties) and is beaten beyond the seed spread in \(beaten). A rate is best only if it converged and all its seeds beat all seeds of every other converged rate. "
        if cutOff > 0 {
            text +=
                "In \(cutOff) of them a rate stopped by the epoch limit had a lower median still, so a longer limit could change the answer. "
        }
        let gains = distinct.compactMap { sweep -> (BeyondResults.Sweep, Double, Double)? in
            guard let choice = sweep.reportPoint?.validationMSE?.median, let tuned = sweep.tunedLearningRate,
                let at = sweep.points.first(where: { $0.learningRate == tuned })?.validationMSE?.median
            else { return nil }
            return (sweep, choice, at)
        }
        if let largest = gains.max(by: { $0.1 / $0.2 < $1.1 / $1.2 }), largest.2 < largest.1 {
            text +=
                "The largest gain among converged rates is \(largest.0.configuration): \(n(largest.2)) at its tuned rate against \(n(largest.1)) at the report's."
        }
        if let mean, let meanTable {
            for sweep in distinct where sweep.table == meanTable.name {
                guard let choice = sweep.reportPoint?.validationMSE?.median, choice > 0.8 * mean else { continue }
                let name = sweep.configuration.split(separator: ",").first.map(String.init) ?? sweep.configuration
                let lower = sweep.points.filter { ($0.validationMSE?.median ?? .infinity) < 0.7 * mean }
                guard let lowest = lower.min(by: { $0.validationMSE!.median < $1.validationMSE!.median }) else {
                    continue
                }
                text +=
                    " \(name) need not collapse to the mean (\(n(mean))): at \(formatNumber(lowest.learningRate)) it reaches \(n(lowest.validationMSE!.median))"
                text +=
                    lowest.converged == true
                    ? ", so Table \(meanTable.number)'s verdict on it is partly the learning rate's doing."
                    : " though it had not converged by the epoch limit, so Table \(meanTable.number)'s verdict on it is partly the learning rate's doing."
            }
        }
        return text
    }
}
