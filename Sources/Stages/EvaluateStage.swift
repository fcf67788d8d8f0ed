import Artifacts
import BikeModel
import Foundation

/// The `evaluate` stage over files.
public enum EvaluateStage {
    /// `seed` picks one model of a model set (the first when nil).
    /// `allSeeds` adds every model of the set to the metrics, each also with `zeroInputs` set to 0:
    /// what an input the training rows never varied (yr in 2011) contributes on new rows.
    /// Returns a one-line account of the measurement, for the tool to print.
    @discardableResult
    public static func run(
        modelPath: String, dataPath: String, output: String, predictionsPath: String?, seed: UInt64? = nil,
        allSeeds: Bool = false, zeroInputs: [Feature] = []
    ) throws -> String {
        try OutputGuard.check(
            outputs: [output] + OutputGuard.withSidecars([predictionsPath]),
            inputs: [modelPath] + OutputGuard.withSidecars([dataPath]))
        let models = try ModelSet.models(in: modelPath)
        let chosen = seed.map { seed in models.first { $0.training.settings.seed == seed } } ?? models.first
        guard let model = chosen else {
            let known = models.map { String($0.training.settings.seed) }.joined(separator: ", ")
            throw InputError(
                file: modelPath, seed.map { "has no model of seed \($0) (it has seeds \(known))" } ?? "holds no model")
        }
        let network = try model.network(file: modelPath)
        let (data, sidecar) = try FeatureTable.load(dataPath)
        guard sidecar.encoding == model.encoding else {
            throw InputError(
                file: dataPath,
                "was encoded differently (\(sidecar.encoding?.mode.rawValue ?? "unknown")) from the data \(modelPath) was trained on (\(model.encoding?.mode.rawValue ?? "unknown")); preprocess it the same way"
            )
        }
        let predictions = network.predictions(
            data, activation: model.activation, exponential: model.training.settings.exponential)
        let metrics = Metrics(predictions: predictions, counts: data.counts)
        guard [metrics.mse, metrics.mae, metrics.r2, metrics.meanPredicted].allSatisfy(\.isFinite) else {
            throw InputError(
                file: modelPath,
                "its predictions on \(dataPath) are not finite numbers: the weights or the features are too large to evaluate"
            )
        }
        try checkRecorded(model, metrics: metrics, modelPath: modelPath, dataPath: dataPath)
        guard allSeeds || zeroInputs.isEmpty else { throw UsageError("--zero-input needs --all-seeds") }
        let perSeed =
            allSeeds
            ? try seedMetrics(models, data: data, zeroInputs: zeroInputs, modelPath: modelPath, dataPath: dataPath)
            : nil
        let inputs = [
            ArtifactHeader.Input(role: "model", path: modelPath, sha256: try fingerprint(modelPath)),
            ArtifactHeader.Input(role: "data", path: dataPath, sha256: try fingerprint(dataPath))
        ]
        var parameters = ["seed": "\(model.training.settings.seed)"]
        if allSeeds { parameters["allSeeds"] = "true" }
        if !zeroInputs.isEmpty { parameters["zeroInputs"] = zeroInputs.map(\.rawValue).joined(separator: ",") }
        let header = ArtifactHeader(
            schema: .metrics, tool: .evaluate, parameters: parameters, inputs: inputs, for: output)
        let file = MetricsFile(artifact: header, metrics: metrics, seeds: perSeed)
        var writes = [(path: output, data: try ArtifactJSON.encode(file, file: output))]
        if let predictionsPath {
            let header = ArtifactHeader(
                schema: .predictions, tool: .evaluate, parameters: parameters, inputs: inputs, for: predictionsPath)
            writes += try Predictions(actual: data.counts, predicted: predictions).files(
                to: predictionsPath, header: header)
        }
        try AtomicWrite.files(writes)
        return
            "seed \(model.training.settings.seed) on \(readable(Double(metrics.rows))) rows: MSE \(readable(metrics.mse)), RMSE \(readable(metrics.rmse)), MAE \(readable(metrics.mae)), R² \(String(format: "%.3f", metrics.r2))"
            + (perSeed.map { " (and \($0.count) seeds' metrics)" } ?? "") + " → \(output)"
    }

    /// On the model's own validation rows its weights must give the MSE it recorded: a seal is
    /// a digest anyone can recompute, so an edit of the weights or of the number shows here.
    static func checkRecorded(_ model: ModelFile, metrics: Metrics, modelPath: String, dataPath: String) throws {
        if let own = model.artifact.inputs.first(where: { $0.role == "validation" }),
            try fingerprint(dataPath) == own.sha256
        {
            let t = model.training
            let recorded = t.value(.validationMSE)
            guard abs(metrics.mse - recorded) <= 1e-9 * max(1, abs(recorded)) else {
                throw InputError(
                    file: modelPath,
                    "seed \(t.settings.seed) records a validation MSE of \(formatNumber(recorded)), but its weights give \(formatNumber(metrics.mse)) on its own validation rows (\(dataPath)): the model was edited; retrain it"
                )
            }
        }
    }

    /// Every model of the set on the same rows, each also with `zeroInputs` set to 0.
    static func seedMetrics(
        _ models: [ModelFile], data: FeatureTable, zeroInputs: [Feature], modelPath: String, dataPath: String
    ) throws -> [MetricsFile.SeedMetrics] {
        try models.map { model in
            let network = try model.network(file: modelPath)
            let m = Metrics(
                predictions: network.predictions(
                    data, activation: model.activation, exponential: model.training.settings.exponential),
                counts: data.counts)
            var zeroed: [String: MetricsFile.Zeroed] = [:]
            for input in zeroInputs {
                let z = Metrics(
                    predictions: network.predictions(
                        data.zeroing(input), activation: model.activation,
                        exponential: model.training.settings.exponential),
                    counts: data.counts)
                zeroed[input.rawValue] = .init(mse: z.mse, meanPredicted: z.meanPredicted)
            }
            let values =
                [m.mse, m.rmse, m.mae, m.r2, m.meanPredicted] + zeroed.values.flatMap { [$0.mse, $0.meanPredicted] }
            guard values.allSatisfy(\.isFinite) else {
                throw InputError(
                    file: modelPath,
                    "the predictions of seed \(model.training.settings.seed) on \(dataPath) are not finite numbers")
            }
            return .init(
                seed: model.training.settings.seed, mse: m.mse, rmse: m.rmse, mae: m.mae, r2: m.r2,
                meanPredicted: m.meanPredicted,
                zeroed: zeroInputs.isEmpty ? nil : zeroed)
        }
    }
}
