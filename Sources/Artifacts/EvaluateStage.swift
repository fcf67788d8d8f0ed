import BikeModel
import Foundation

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

    /// Reads and checks a metrics file: digest, schema, and numbers that can be metrics.
    public static func load(_ path: String) throws -> MetricsFile {
        let metrics = try ArtifactJSON.load(MetricsFile.self, from: path, schema: .metrics)
        guard metrics.rows >= 1 else { throw InputError(file: path, "rows must be at least 1, found \(metrics.rows)") }
        for (name, value) in [("mse", metrics.mse), ("rmse", metrics.rmse), ("mae", metrics.mae), ("r2", metrics.r2),
                              ("meanCount", metrics.meanCount), ("meanPrediction", metrics.meanPrediction)] where !value.isFinite {
            throw InputError(file: path, "\(name) must be a finite number, found \(value)")
        }
        guard metrics.mse >= 0, metrics.mae >= 0, metrics.rmse >= 0, metrics.r2 <= 1 else { throw InputError(file: path, "its error measures are out of range") }
        return metrics
    }
}

/// The `evaluate` stage over files.
public enum EvaluateStage {
    /// `seed` picks one model of a model set (the first when nil).
    public static func run(modelPath: String, dataPath: String, output: String, predictionsPath: String?, seed: UInt64? = nil) throws {
        try OutputGuard.check(outputs: [output] + OutputGuard.withSidecars([predictionsPath]), inputs: [modelPath] + OutputGuard.withSidecars([dataPath]))
        let models = try ModelSet.models(in: modelPath)
        let chosen = seed.map { seed in models.first { $0.training.settings.seed == seed } } ?? models.first
        guard let model = chosen else {
            let known = models.map { String($0.training.settings.seed) }.joined(separator: ", ")
            throw InputError(file: modelPath, seed.map { "has no model of seed \($0) (it has seeds \(known))" } ?? "holds no model")
        }
        let network = try model.network(file: modelPath)
        let (data, sidecar) = try FeatureTable.load(dataPath)
        guard sidecar.encoding == model.encoding else {
            throw InputError(file: dataPath, "was encoded differently (\(sidecar.encoding?.mode.rawValue ?? "unknown")) from the data \(modelPath) was trained on (\(model.encoding?.mode.rawValue ?? "unknown")); preprocess it the same way")
        }
        let predictions = network.predictions(data, activation: model.activation)
        let metrics = Metrics(predictions: predictions, counts: data.counts)
        guard [metrics.mse, metrics.mae, metrics.r2, metrics.meanPredicted].allSatisfy(\.isFinite) else {
            throw InputError(file: modelPath, "its predictions on \(dataPath) are not finite numbers: the weights or the features are too large to evaluate")
        }
        let inputs = [ArtifactHeader.Input(role: "model", path: modelPath, sha256: try fingerprint(modelPath)),
                      ArtifactHeader.Input(role: "data", path: dataPath, sha256: try fingerprint(dataPath))]
        let parameters = ["seed": "\(model.training.settings.seed)"]
        let header = ArtifactHeader(schema: .metrics, tool: "evaluate", parameters: parameters, inputs: inputs, for: output)
        let file = MetricsFile(artifact: header, rows: metrics.rows, mse: metrics.mse, rmse: metrics.rmse, mae: metrics.mae,
                               r2: metrics.r2, meanCount: metrics.meanActual, meanPrediction: metrics.meanPredicted)
        var writes = [(path: output, data: try ArtifactJSON.encode(file, file: output))]
        if let predictionsPath {
            var text = "row,actual,predicted\n"
            for (row, (actual, predicted)) in zip(data.counts, predictions).enumerated() {
                text += "\(row),\(formatNumber(actual)),\(formatNumber(predicted))\n"
            }
            let predictionsHeader = ArtifactHeader(schema: .predictions, tool: "evaluate", parameters: parameters, inputs: inputs, for: predictionsPath)
            writes += try AtomicWrite.csvFiles(text, to: predictionsPath, header: predictionsHeader, rows: predictions.count)
        }
        try AtomicWrite.files(writes)
    }
}
