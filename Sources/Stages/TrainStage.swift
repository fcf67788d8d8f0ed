import Artifacts
import BikeModel
import Foundation
import Statistics

/// Training ran but a loss or weight stopped being finite: an outcome to report, not a crash.
public struct DivergenceError: Error, CustomStringConvertible, Sendable {
    public var epoch: Int
    public var learningRate: Double
    /// With --seeds: how many seeds there were, every one of which diverged.
    public var seeds: Int? = nil
    public var description: String {
        "training diverged\(seeds.map { " in all \($0) seeds (the first" } ?? "") at epoch \(epoch)\(seeds == nil ? "" : ")"): a loss or weight stopped being finite at learning rate \(formatNumber(learningRate)); no model written (try a smaller --learning-rate)"
    }
}

/// The `train` stage over files: reads and checks both feature tables, trains one seed or
/// several (on all cores), and writes the model(s) and, if asked, the loss history atomically.
public enum TrainStage {
    /// With `seeds` nil, one model from `settings.seed` whose divergence is an error; with
    /// seeds, a model set in which a diverged seed is recorded as such.
    /// With `settle`, seeds are added ten at a time, up to `settle.maxSeeds`, while any of its
    /// targets is still inconclusive (STATISTICS.md, "More seeds").
    /// Returns a one-line account of what was trained, for the tool to print.
    @discardableResult
    public static func run(
        settings: TrainingSettings, seeds: [UInt64]? = nil, settle: Settle? = nil, trainingPath: String,
        validationPath: String,
        output: String, historyPath: String?, historyTrainingMSE: Bool = true, initialWeightsPath: String?
    ) throws -> String {
        try settings.validate()
        try OutputGuard.check(
            outputs: [output] + OutputGuard.withSidecars([historyPath]),
            inputs: OutputGuard.withSidecars([trainingPath, validationPath]) + [initialWeightsPath].compactMap { $0 })
        let data = try Inputs(
            settings: settings, trainingPath: trainingPath, validationPath: validationPath,
            initialWeightsPath: initialWeightsPath)
        var seedList = seeds ?? [settings.seed]
        let record = historyPath != nil && historyTrainingMSE
        var runs = data.trainSeeds(seedList, settings: settings, recordTrainingMSE: record)
        if let settle, seeds != nil {
            while let more = settle.moreSeeds(after: runs, seeds: seedList) {
                seedList += more
                runs += data.trainSeeds(more, settings: settings, recordTrainingMSE: record)
            }
        }
        try checkDivergence(runs, settings: settings, seeds: seeds)
        try write(
            runs, settings: settings, seeds: seeds, seedList: seedList, settle: settle, data: data, output: output,
            historyPath: historyPath)
        return summary(runs, output: output)
    }

    /// The tables and initial weights a run reads, each checked against the settings and the
    /// other.
    struct Inputs {
        let training: FeatureTable, validation: FeatureTable, encoding: EncodingRecord?, record: DataRecord?
        let initial: Network?
        let trainingPath: String, validationPath: String, initialWeightsPath: String?

        init(settings: TrainingSettings, trainingPath: String, validationPath: String, initialWeightsPath: String?)
            throws
        {
            let initial = try initialWeightsPath.map { path in
                let network = try ModelFile.load(path).network(file: path)
                guard network.hiddenUnits == settings.hiddenUnits else {
                    throw InputError(
                        file: path,
                        "has \(network.hiddenUnits) hidden units, but --hidden-units is \(settings.hiddenUnits)"
                    )
                }
                return network
            }
            let (training, trainingSidecar) = try FeatureTable.load(trainingPath)
            let (validation, validationSidecar) = try FeatureTable.load(validationPath)
            guard trainingSidecar.encoding == validationSidecar.encoding else {
                throw InputError(
                    file: validationPath, "was encoded differently from \(trainingPath); preprocess both the same way")
            }
            (self.training, self.validation, self.initial) = (training, validation, initial)
            (encoding, record) = (trainingSidecar.encoding, trainingSidecar.data)
            (self.trainingPath, self.validationPath, self.initialWeightsPath) = (
                trainingPath, validationPath, initialWeightsPath
            )
        }

        /// Each seed of `list` trained on these tables, on all cores.
        func trainSeeds(_ list: [UInt64], settings: TrainingSettings, recordTrainingMSE record: Bool) -> [TrainingRun] {
            let seeded = list.map { seed in
                var one = settings
                one.seed = seed
                return one
            }
            // SGD's seeds eight to a vector (a lone one on its own: one lane is no faster); the
            // batch methods' vectors hold rows of one seed. Each seed's run is the same bits.
            let groups =
                settings.method == .sgd
                ? stride(from: 0, to: seeded.count, by: Lanes.scalarCount).map {
                    Array(seeded[$0..<min($0 + Lanes.scalarCount, seeded.count)])
                } : seeded.map { [$0] }
            return parallelMap(groups.count) { index in
                let group = groups[index]
                if group.count == 1 {
                    return [
                        train(
                            group[0], training: training, validation: validation, initial: initial,
                            recordTrainingMSE: record)
                    ]
                }
                return trainStochastic(
                    seeds: group, training: training, validation: validation, initial: initial,
                    recordTrainingMSE: record)
            }.flatMap { $0 }
        }
    }

    /// A lone seed's divergence is an error; in a set, a warning, unless every seed diverged.
    static func checkDivergence(_ runs: [TrainingRun], settings: TrainingSettings, seeds: [UInt64]?) throws {
        if seeds == nil, let epoch = runs[0].divergedAt {
            throw DivergenceError(epoch: epoch, learningRate: settings.learningRate)
        }
        for run in runs {
            if let epoch = run.divergedAt {
                warn("seed \(run.settings.seed) diverged at epoch \(epoch); its model keeps the last finite weights")
            }
        }
        if seeds != nil, let first = runs.first?.divergedAt, runs.allSatisfy({ $0.divergedAt != nil }) {
            throw DivergenceError(epoch: first, learningRate: settings.learningRate, seeds: runs.count)
        }
    }

    /// The model (or model set) and the history, written together or not at all.
    static func write(
        _ runs: [TrainingRun], settings: TrainingSettings, seeds: [UInt64]?, seedList: [UInt64], settle: Settle?,
        data: Inputs, output: String, historyPath: String?
    ) throws {
        let (trainingPath, validationPath, initialWeightsPath) = (
            data.trainingPath, data.validationPath, data.initialWeightsPath
        )
        var inputs = [
            ArtifactHeader.Input(role: "training", path: trainingPath, sha256: try fingerprint(trainingPath)),
            ArtifactHeader.Input(role: "validation", path: validationPath, sha256: try fingerprint(validationPath))
        ]
        if let initialWeightsPath {
            inputs.append(
                .init(role: "initial-weights", path: initialWeightsPath, sha256: try fingerprint(initialWeightsPath)))
        }
        var parameters = settings.parameters
        if seeds != nil {
            parameters["seed"] = nil
            parameters["seeds"] = seedList.map(String.init).joined(separator: ",")
        }
        if let settle, seeds != nil {
            parameters["settle"] = settle.description
            parameters["declaredSeeds"] = seeds!.map(String.init).joined(separator: ",")
        }
        let models = runs.map { run in
            ModelFile(
                artifact: ArtifactHeader(
                    schema: .model, tool: .train, parameters: run.settings.parameters, inputs: inputs, for: output),
                run: run, encoding: data.encoding, data: data.record)
        }
        let modelData =
            seeds == nil
            ? try ArtifactJSON.encode(models[0])
            : try ArtifactJSON.encode(
                ModelSet(
                    artifact: ArtifactHeader(
                        schema: .modelSet, tool: .train, parameters: parameters, inputs: inputs, for: output),
                    models: models.map { model in
                        // The set's digest covers its models.
                        var member = model
                        member.artifact.contentSHA256 = nil
                        return member
                    }), file: output)
        var writes = [(path: output, data: modelData)]
        if let historyPath {
            let header = ArtifactHeader(
                schema: .history, tool: .train, parameters: parameters, inputs: inputs, for: historyPath)
            writes += try LossHistory(runs: runs).files(to: historyPath, header: header)
        }
        try AtomicWrite.files(writes)
    }

    /// "10 seeds: validation MSE 5,213 (5,202–5,222), 61–67 epochs → PATH", or one seed's.
    static func summary(_ runs: [TrainingRun], output: String) -> String {
        let mse = runs.map { $0.value(.validationMSE) }
        let epochs = runs.map(\.epochsRun)
        guard runs.count > 1, let spread = Spread.of(mse) else {
            let run = runs[0]
            return
                "seed \(run.settings.seed): validation MSE \(readable(mse[0])) after \(run.epochsRun) epochs (stopped: \(run.stopReason.rawValue)) → \(output)"
        }
        let diverged = runs.filter { $0.divergedAt != nil }.count
        let span = epochs.min()! == epochs.max()! ? "\(epochs[0])" : "\(epochs.min()!)–\(epochs.max()!)"
        return
            "\(runs.count) seeds: validation MSE \(readable(spread.median)) (\(readable(spread.min))–\(readable(spread.max))), \(span) epochs"
            + (diverged > 0 ? ", \(diverged) diverged" : "") + " → \(output)"
    }

    /// When to add seeds: while a reported MSE is neither shown equivalent to nor shown different
    /// from a target at the cell's margin, and more seeds could still show it (`SequentialSeeds`).
    public struct Settle: Equatable, Sendable, CustomStringConvertible {
        public struct Target: Equatable, Sendable {
            public var measure: Measure
            public var value: Double
            public var tolerance: Double

            public init(measure: Measure, value: Double, tolerance: Double) {
                self.measure = measure
                self.value = value
                self.tolerance = tolerance
            }

            /// As `--settle` takes it (`target` reads it back).
            public var argument: String { "\(measure.key):\(formatNumber(value)):\(formatNumber(tolerance))" }
        }
        /// A conclusion that runs land in `range` (`MeanContrast.runsContent` of them), its
        /// claims together sharing `alpha` (STATISTICS.md, "Conclusions on the configurations' means").
        public struct RunsTarget: Equatable, Sendable {
            public var measure: Measure
            public var range: ClosedRange<Double>
            public var alpha: Double

            public init(measure: Measure, range: ClosedRange<Double>, alpha: Double) {
                (self.measure, self.range, self.alpha) = (measure, range, alpha)
            }

            /// As `--settle-runs` takes it (`runsTarget` reads it back).
            public var argument: String {
                "\(measure.key):\(formatNumber(range.lowerBound)):\(formatNumber(range.upperBound)):\(formatNumber(alpha))"
            }
        }
        public var targets: [Target]
        public var runsTargets: [RunsTarget]
        /// The looks and the level each is tested at, from the first seeds and the most.
        public var design: SequentialSeeds
        public var maxSeeds: Int { design.maxSeeds }
        /// Seeds added per round.
        public static let step = SequentialSeeds.step

        public init(targets: [Target], runsTargets: [RunsTarget] = [], firstSeeds: Int, maxSeeds: Int) {
            self.targets = targets
            self.runsTargets = runsTargets
            design = SequentialSeeds(firstSeeds: firstSeeds, maxSeeds: maxSeeds)
        }

        /// Parses "val_mse:5200:5300:0.00625", one target per --settle-runs.
        public static func runsTarget(_ text: String) throws -> RunsTarget {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 4, let measure = Measure(key: parts[0]), Measure.modelErrors.contains(measure) else {
                throw UsageError(
                    "--settle-runs '\(text)': expected MEASURE:LOW:HIGH:ALPHA with MEASURE one of \(Measure.modelErrors.map(\.key).joined(separator: ", ")), like \(Measure.validationMSE.key):5200:5300:0.00625"
                )
            }
            guard let low = Double(parts[1]), let high = Double(parts[2]), low.isFinite, high.isFinite, low < high
            else { throw UsageError("--settle-runs '\(text)': LOW and HIGH must be numbers with LOW below HIGH") }
            guard let alpha = Double(parts[3]), alpha > 0, alpha < 0.5 else {
                throw UsageError("--settle-runs '\(text)': ALPHA must be a number between 0 and 0.5")
            }
            return RunsTarget(measure: measure, range: low...high, alpha: alpha)
        }

        /// Parses "val_mse:5257:0.08", one target per --settle.
        public static func target(_ text: String) throws -> Target {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let measure = Measure(key: parts[0]), Measure.modelErrors.contains(measure) else {
                throw UsageError(
                    "--settle '\(text)': expected MEASURE:VALUE:TOLERANCE with MEASURE one of \(Measure.modelErrors.map(\.key).joined(separator: ", ")), like \(Measure.validationMSE.key):5257:0.08"
                )
            }
            guard let value = Double(parts[1]), value.isFinite, value > 0 else {
                throw UsageError("--settle '\(text)': the value must be a positive number")
            }
            guard let tolerance = Double(parts[2]), tolerance.isFinite, tolerance > 0, tolerance < 1 else {
                throw UsageError("--settle '\(text)': the tolerance must be a number between 0 and 1")
            }
            return Target(measure: measure, value: value, tolerance: tolerance)
        }

        public var description: String {
            (targets.map(\.argument)
                + runsTargets.map {
                    "\($0.measure.key) runs in \(formatNumber($0.range.lowerBound))–\(formatNumber($0.range.upperBound)) at \(formatNumber($0.alpha))"
                }).joined(separator: " ") + " up to \(maxSeeds) seeds"
                + (design.looks > 1
                    ? ", \(design.looks) looks at \(formatNumber(design.alpha)) a side (Pocock)" : "")
        }

        /// The targets still worth more seeds after `runs`.
        public func undecided(_ runs: [TrainingRun]) -> [Target] {
            targets.filter { target in
                let values = runs.map { $0.value(target.measure) }
                guard let spread = Spread.of(values) else { return true }
                return design.wantsMoreSeeds(spread, published: target.value, tolerance: target.tolerance)
            }
        }

        /// The conclusions about runs still worth more seeds after `runs`.
        public func undecidedRuns(_ runs: [TrainingRun]) -> [RunsTarget] {
            runsTargets.filter { target in
                design.wantsMoreSeeds(
                    runs: runs.map { $0.value(target.measure) }, inside: target.range, alpha: target.alpha)
            }
        }

        /// The next seeds to train (after the largest so far), or nil when every target is decided
        /// or the maximum is reached.
        public func moreSeeds(after runs: [TrainingRun], seeds: [UInt64]) -> [UInt64]? {
            guard seeds.count < maxSeeds, !(undecided(runs).isEmpty && undecidedRuns(runs).isEmpty),
                let last = seeds.max()
            else { return nil }
            let count = Swift.min(Settle.step, maxSeeds - seeds.count)
            return (1...count).map { last + UInt64($0) }
        }
    }
}

extension TrainingSettings {
    /// The settings as artifact parameters.
    public var parameters: [String: String] {
        [
            "activation": activation.rawValue, "method": method.rawValue, "learningRate": formatNumber(learningRate),
            "batchSize": "\(batchSize)", "hiddenUnits": "\(hiddenUnits)", "maxEpochs": "\(maxEpochs)",
            "earlyStopping": "\(earlyStopping)", "patience": "\(patience)", "tolerance": formatNumber(tolerance),
            "exponential": exponential.rawValue, "minImprovement": formatNumber(minImprovement), "seed": "\(seed)"
        ]
    }
}
