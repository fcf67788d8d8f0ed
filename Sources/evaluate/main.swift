import ArgumentParser
import Artifacts
import BikeModel
import Foundation
import Stages

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: Tool.evaluate.name,
        abstract: "Measure a model on a feature table: MSE, RMSE, MAE and R².",
        discussion: "Predictions are the report's whole counts, max(round(beta), 0).",
        version: packageVersion)

    @Argument(help: "A model written by train, or a model set (train --seeds).") var model: String
    @Argument(help: "A feature table from preprocess/split, encoded as the model's training data was.") var data: String
    @Option(name: .shortAndLong, help: "Where to write METRICS.json (FORECASTS.json with --unlabeled).") var output:
        String
    @Flag(
        help:
            "DATA's rows have no counts (preprocess --unlabeled): write every seed's predicted counts and its recorded training MSE as FORECASTS.json, no metrics."
    ) var unlabeled = false
    @Option(help: "Also write each row's actual and predicted count.") var predictions: String?
    @Option(help: "With a model set: the seed whose model to measure (default: the first).") var seed: UInt64?
    @Flag(help: "With a model set: also measure every seed's model, listed under \"seeds\".") var allSeeds = false
    @Option(
        name: .customLong("zero-input"),
        help: ArgumentHelp(
            "With --all-seeds: also measure each model with this input set to 0 on every row (repeatable).",
            valueName: "INPUT"))
    var zeroInputs: [String] = []

    func run() throws {
        if unlabeled {
            guard predictions == nil, seed == nil, !allSeeds, zeroInputs.isEmpty else {
                throw UsageError(
                    "--unlabeled predicts with every seed and writes FORECASTS.json alone: --predictions, --seed, --all-seeds and --zero-input need counts"
                )
            }
            let summary = try EvaluateStage.forecast(modelPath: model, dataPath: data, output: output)
            FileHandle.standardError.write(Data("evaluate: \(summary)\n".utf8))
            return
        }
        let inputs = try zeroInputs.map { name in
            guard let input = Feature(rawValue: name) else {
                throw UsageError(
                    "--zero-input '\(name)': not an input; the inputs are \(Feature.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return input
        }
        let summary = try EvaluateStage.run(
            modelPath: model, dataPath: data, output: output, predictionsPath: predictions, seed: seed,
            allSeeds: allSeeds, zeroInputs: inputs)
        FileHandle.standardError.write(Data("evaluate: \(summary)\n".utf8))
    }
}

EvaluateCommand.main()
