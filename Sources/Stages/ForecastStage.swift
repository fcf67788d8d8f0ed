import Artifacts
import BikeModel
import Foundation

extension EvaluateStage {
    /// `evaluate --unlabeled`: every model of the set predicts the rows of an unlabeled table.
    @discardableResult
    public static func forecast(modelPath: String, dataPath: String, output: String) throws -> String {
        try OutputGuard.check(outputs: [output], inputs: [modelPath] + OutputGuard.withSidecars([dataPath]))
        let models = try ModelSet.models(in: modelPath)
        let (data, sidecar) = try FeatureTable.load(dataPath, unlabeled: true)
        var seeds: [ForecastsFile.Seed] = []
        for model in models {
            guard sidecar.encoding == model.encoding else {
                throw InputError(
                    file: dataPath,
                    "was encoded differently (\(sidecar.encoding?.mode.rawValue ?? "unknown")) from the data \(modelPath) was trained on (\(model.encoding?.mode.rawValue ?? "unknown")); preprocess it the same way"
                )
            }
            let t = model.training
            let predicted = try model.network(file: modelPath).predictions(
                data, activation: model.activation, exponential: t.settings.exponential)
            guard predicted.allSatisfy(\.isFinite) else {
                throw InputError(
                    file: modelPath, "seed \(t.settings.seed): its predictions on \(dataPath) are not finite numbers")
            }
            seeds.append(
                .init(
                    seed: t.settings.seed,
                    trainingMSE: t.value(.trainingMSE),
                    epochsRun: t.epochsRun, predicted: predicted))
        }
        let inputs = [
            ArtifactHeader.Input(role: "model", path: modelPath, sha256: try fingerprint(modelPath)),
            ArtifactHeader.Input(role: "data", path: dataPath, sha256: try fingerprint(dataPath))
        ]
        let header = ArtifactHeader(
            schema: .forecasts, tool: .evaluate, parameters: ["unlabeled": "true"], inputs: inputs, for: output)
        try AtomicWrite.files([
            (output, try ArtifactJSON.encode(ForecastsFile(artifact: header, rows: data.rowCount, seeds: seeds)))
        ])
        return
            "\(seeds.count) model\(seeds.count == 1 ? "" : "s") predicted \(data.rowCount) unlabeled rows → \(output)"
    }
}
