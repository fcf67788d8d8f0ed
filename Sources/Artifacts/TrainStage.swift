import BikeModel
import Foundation

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
    public static func run(settings: TrainingSettings, seeds: [UInt64]? = nil, trainingPath: String, validationPath: String,
                           output: String, historyPath: String?, initialWeightsPath: String?) throws {
        try settings.validate()
        try OutputGuard.check(outputs: [output] + OutputGuard.withSidecars([historyPath]),
                              inputs: OutputGuard.withSidecars([trainingPath, validationPath]) + [initialWeightsPath].compactMap { $0 })
        let initial = try initialWeightsPath.map { path in
            let network = try ModelFile.load(path).network(file: path)
            guard network.hiddenUnits == settings.hiddenUnits else {
                throw InputError(file: path, "has \(network.hiddenUnits) hidden units, but --hidden-units is \(settings.hiddenUnits)")
            }
            return network
        }
        let (training, trainingSidecar) = try FeatureTable.load(trainingPath)
        let (validation, validationSidecar) = try FeatureTable.load(validationPath)
        guard trainingSidecar.encoding == validationSidecar.encoding else {
            throw InputError(file: validationPath, "was encoded differently from \(trainingPath); preprocess both the same way")
        }

        let seedList = seeds ?? [settings.seed]
        let runs = parallelMap(seedList.count) { index in
            var seeded = settings
            seeded.seed = seedList[index]
            return train(seeded, training: training, validation: validation, initial: initial, recordTrainingMSE: historyPath != nil)
        }
        if seeds == nil, let epoch = runs[0].divergedAt { throw DivergenceError(epoch: epoch, learningRate: settings.learningRate) }
        for run in runs { if let epoch = run.divergedAt { warn("seed \(run.settings.seed) diverged at epoch \(epoch); its model keeps the last finite weights") } }
        if seeds != nil, let first = runs.first?.divergedAt, runs.allSatisfy({ $0.divergedAt != nil }) {
            throw DivergenceError(epoch: first, learningRate: settings.learningRate, seeds: runs.count)
        }

        var inputs = [ArtifactHeader.Input(role: "training", path: trainingPath, sha256: try fingerprint(trainingPath)),
                      ArtifactHeader.Input(role: "validation", path: validationPath, sha256: try fingerprint(validationPath))]
        if let initialWeightsPath {
            inputs.append(.init(role: "initial-weights", path: initialWeightsPath, sha256: try fingerprint(initialWeightsPath)))
        }
        var parameters = settings.parameters
        if let seeds { parameters["seed"] = nil; parameters["seeds"] = seeds.map(String.init).joined(separator: ",") }
        let models = runs.map { run in
            ModelFile(artifact: ArtifactHeader(schema: .model, tool: "train", parameters: run.settings.parameters, inputs: inputs, for: output),
                      run: run, encoding: trainingSidecar.encoding, data: trainingSidecar.data)
        }
        let modelData = seeds == nil
            ? try ArtifactJSON.encode(models[0])
            : try ArtifactJSON.encode(ModelSet(artifact: ArtifactHeader(schema: .modelSet, tool: "train", parameters: parameters, inputs: inputs, for: output),
                                               models: models.map { model in
                                                   // The set's digest covers its models.
                                                   var member = model
                                                   member.artifact.contentSHA256 = nil
                                                   return member
                                               }), file: output)
        var writes = [(path: output, data: modelData)]
        if let historyPath {
            var text = "epoch,training_mse,validation_mse,seed\n"
            for run in runs {
                for row in run.history {
                    text += "\(row.epoch),\(row.trainingMSE.map(formatNumber) ?? ""),\(formatNumber(row.validationMSE)),\(run.settings.seed)\n"
                }
            }
            let header = ArtifactHeader(schema: .history, tool: "train", parameters: parameters, inputs: inputs, for: historyPath)
            writes += try AtomicWrite.csvFiles(text, to: historyPath, header: header, rows: runs.map(\.history.count).reduce(0, +))
        }
        try AtomicWrite.files(writes)
    }

    /// Seeds written as "0-9", "1,4,7" or a mix ("0-4,9").
    public static func parseSeeds(_ text: String) throws -> [UInt64] {
        var seeds: [UInt64] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
            switch bounds.count {
            case 1 where bounds[0] != nil: seeds.append(bounds[0]!)
            case 2 where bounds[0] != nil && bounds[1] != nil && bounds[0]! <= bounds[1]!:
                guard bounds[1]! - bounds[0]! < 10_000 else { throw UsageError("--seeds '\(text)': at most 10,000 seeds") }
                seeds += Array(bounds[0]!...bounds[1]!)
            default: throw UsageError("--seeds '\(text)': expected seeds like 0-9, 1,4,7 or 0-4,9")
            }
        }
        guard Set(seeds).count == seeds.count else { throw UsageError("--seeds '\(text)' names a seed twice") }
        return seeds
    }
}

extension TrainingSettings {
    /// The settings as artifact parameters.
    public var parameters: [String: String] {
        ["activation": activation.rawValue, "method": method.rawValue, "learningRate": formatNumber(learningRate),
         "batchSize": "\(batchSize)", "hiddenUnits": "\(hiddenUnits)", "maxEpochs": "\(maxEpochs)",
         "earlyStopping": "\(earlyStopping)", "patience": "\(patience)", "tolerance": formatNumber(tolerance), "seed": "\(seed)"]
    }
}

/// A note on stderr that does not stop the stage.
public func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}
