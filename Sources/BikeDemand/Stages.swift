import Foundation

/// Training ran but a loss or weight stopped being finite: an outcome to report, not a crash.
public struct DivergenceError: Error, CustomStringConvertible, Sendable {
    public var epoch: Int
    public var learningRate: Double
    public var description: String {
        "training diverged at epoch \(epoch): a loss or weight stopped being finite at learning rate \(formatNumber(learningRate)); no model written (try a smaller --learning-rate)"
    }
}

/// The `train` stage over files: reads and checks both feature tables, trains, and writes the
/// model (and, if asked, the loss history) atomically.
public enum TrainStage {
    public static func run(settings: TrainingSettings, trainingPath: String, validationPath: String,
                           output: String, historyPath: String?, initialWeightsPath: String?) throws {
        try settings.validate()
        var initial: Network?
        if let initialWeightsPath {
            let network = try ModelFile.load(initialWeightsPath).network(file: initialWeightsPath)
            guard network.hiddenUnits == settings.hiddenUnits else {
                throw InputError(file: initialWeightsPath, "has \(network.hiddenUnits) hidden units, but --hidden-units is \(settings.hiddenUnits)")
            }
            initial = network
        }
        let (training, trainingSidecar) = try FeatureTable.load(trainingPath)
        let (validation, validationSidecar) = try FeatureTable.load(validationPath)
        guard trainingSidecar.encoding == validationSidecar.encoding else {
            throw InputError(file: validationPath, "was encoded differently from \(trainingPath); preprocess both the same way")
        }
        let run = train(settings, training: training, validation: validation, initial: initial,
                        recordTrainingMSE: historyPath != nil)
        if let epoch = run.divergedAt { throw DivergenceError(epoch: epoch, learningRate: settings.learningRate) }

        var inputs = [ArtifactHeader.Input(role: "training", path: trainingPath, sha256: try fingerprint(trainingPath)),
                      ArtifactHeader.Input(role: "validation", path: validationPath, sha256: try fingerprint(validationPath))]
        if let initialWeightsPath {
            inputs.append(.init(role: "initial-weights", path: initialWeightsPath, sha256: try fingerprint(initialWeightsPath)))
        }
        let parameters = settings.parameters
        let model = ModelFile(artifact: ArtifactHeader(schema: .model, tool: "train", parameters: parameters, inputs: inputs),
                              run: run, encoding: trainingSidecar.encoding)
        var writes = [(path: output, data: try ArtifactJSON.encode(model))]
        if let historyPath {
            var text = "epoch,training_mse,validation_mse\n"
            for row in run.history {
                text += "\(row.epoch),\(row.trainingMSE.map(formatNumber) ?? ""),\(formatNumber(row.validationMSE))\n"
            }
            let data = Data(text.utf8)
            let header = ArtifactHeader(schema: .history, tool: "train", parameters: parameters, inputs: inputs)
            let sidecar = CSVSidecar(artifact: header, sha256: SHA256.hex(data), rows: run.history.count)
            writes += [(historyPath, data), (CSVSidecar.path(for: historyPath), try ArtifactJSON.encode(sidecar))]
        }
        try AtomicWrite.files(writes)
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

/// METRICS.json: the error measures of one model on one data file.
public struct MetricsFile: Codable, Sendable {
    public var artifact: ArtifactHeader
    public var rows: Int
    public var mse: Double
    public var rmse: Double
    public var mae: Double
    public var r2: Double
    /// The mean actual count: the scale the errors are measured against.
    public var meanCount: Double
    public var meanPrediction: Double
}

/// The `evaluate` stage over files.
public enum EvaluateStage {
    public static func run(modelPath: String, dataPath: String, output: String, predictionsPath: String?) throws {
        let model = try ModelFile.load(modelPath)
        let network = try model.network(file: modelPath)
        let (data, sidecar) = try FeatureTable.load(dataPath)
        guard sidecar.encoding == model.encoding else {
            throw InputError(file: dataPath, "was encoded differently (\(sidecar.encoding?.mode.rawValue ?? "unknown")) from the data \(modelPath) was trained on (\(model.encoding?.mode.rawValue ?? "unknown")); preprocess it the same way")
        }
        let predictions = network.predictions(data, activation: model.activation)
        let metrics = Metrics(predictions: predictions, counts: data.counts)
        let inputs = [ArtifactHeader.Input(role: "model", path: modelPath, sha256: try fingerprint(modelPath)),
                      ArtifactHeader.Input(role: "data", path: dataPath, sha256: try fingerprint(dataPath))]
        let header = ArtifactHeader(schema: .metrics, tool: "evaluate", parameters: [:], inputs: inputs)
        let n = Double(data.rowCount)
        let file = MetricsFile(artifact: header, rows: metrics.rows, mse: metrics.mse, rmse: metrics.rmse, mae: metrics.mae,
                               r2: metrics.r2, meanCount: data.counts.reduce(0, +) / n, meanPrediction: predictions.reduce(0, +) / n)
        var writes = [(path: output, data: try ArtifactJSON.encode(file))]
        if let predictionsPath {
            var text = "row,actual,predicted\n"
            for (row, (actual, predicted)) in zip(data.counts, predictions).enumerated() {
                text += "\(row),\(formatNumber(actual)),\(formatNumber(predicted))\n"
            }
            let data = Data(text.utf8)
            let predictionsHeader = ArtifactHeader(schema: .predictions, tool: "evaluate", parameters: [:], inputs: inputs)
            let sidecar = CSVSidecar(artifact: predictionsHeader, sha256: SHA256.hex(data), rows: predictions.count)
            writes += [(predictionsPath, data), (CSVSidecar.path(for: predictionsPath), try ArtifactJSON.encode(sidecar))]
        }
        try AtomicWrite.files(writes)
    }
}
