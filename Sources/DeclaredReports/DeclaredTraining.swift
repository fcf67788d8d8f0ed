import Artifacts
import BikeModel
import Foundation
import GeneralModel

/// The train stage of a declared report: every seed of one run, on all cores.
public enum DeclaredTraining {
    /// The most loss measurements one seed keeps: enough for any curve a figure can show.
    public static let maximumLogPoints = 100_000

    /// The report's rows, concatenated in the declared order and encoded.
    public static func data(_ report: ReportDeclaration, project: String = ".") throws -> EncodedData {
        try EncodedData(
            report.dataFiles.map { try HourlyRecords(contentsOf: project + "/" + $0) }, report.data,
            unlabeled: try report.predictFile.map {
                try HourlyRecords(table: CSVTable(contentsOf: project + "/" + $0), unlabeled: true)
            })
    }

    /// One seed: the declared first weights from the declared generator, then the training,
    /// whose batches come from the same generator (numpy's order: weights, then batches).
    public static func train(_ run: ReportDeclaration.Run, seed: UInt64, data: EncodedData) -> DeclaredRunsFile.Seed {
        var (network, generator) = start(run, seed: seed, data: data)
        let (log, reported) = run.reported.report(
            network.train(data, run.training, generator: &generator), targetSD: data.targetSD)
        return DeclaredRunsFile.Seed(
            seed: seed, trainingLoss: reported.training, validationLoss: reported.validation,
            losses: log.map { [Double($0.step), $0.training, $0.validation] },
            testPredictions: data.test.map { data.count(fromOutput: network.output(data.row($0))) },
            predictions: data.predict.isEmpty
                ? nil : data.predict.map { data.count(fromOutput: network.output(data.row($0))) })
    }

    /// A seed's untrained network, its weights drawn as declared, and the generator after them,
    /// which then draws the batches.
    public static func start(_ run: ReportDeclaration.Run, seed: UInt64, data: EncodedData) -> (
        LayeredNetwork, WeightGenerator
    ) {
        var generator = WeightGenerator(run.network.generator, seed: seed)
        let widths = run.widths(inputs: data.inputCount)
        let network = LayeredNetwork(
            widths: widths, activations: run.activations, biases: run.network.biases,
            parameters: run.network.initialWeights.draw(
                widths: widths, biases: run.network.biases, order: run.network.weightOrder, &generator))
        return (network, generator)
    }

    public static func run(
        _ report: ReportDeclaration, run name: String, project: String = ".", output: String
    ) throws -> DeclaredRunsFile {
        guard let run = report.run(name) else {
            throw UsageError(
                "\(report.file) declares no run \(Quoted(name)); its runs: \(report.runs.map(\.name).joined(separator: ", "))"
            )
        }
        let data = try data(report, project: project)
        // Each seed keeps its loss log in memory: refuse a run that would log without bound.
        let steps: Int
        switch run.training.batches {
        case .withReplacement(_, let count): steps = count
        case .inOrder(let size, let epochs):
            steps = epochs * ((data.training.count + size - 1) / size)
        }
        guard steps / run.training.lossEvery <= maximumLogPoints else {
            throw UsageError(
                "run \(Quoted(name)): \(steps) steps measured every \(run.training.lossEvery) would log \(steps / run.training.lossEvery) points a seed; at most \(maximumLogPoints): raise lossEvery"
            )
        }
        let seeds = run.seeds.values
        let trained = parallelMap(seeds.count) { train(run, seed: seeds[$0], data: data) }
        if let bad = trained.first(where: { !($0.trainingLoss.isFinite && $0.validationLoss.isFinite) }) {
            throw UsageError("run \(Quoted(name)), seed \(bad.seed): the loss is not a finite number (it diverged)")
        }
        let inputs = try ([report.file] + report.inputFiles.map { project + "/" + $0 }).map {
            ArtifactHeader.Input(
                role: $0.hasSuffix("report.json") ? "declaration" : "data", path: $0, sha256: try fingerprint($0))
        }
        return DeclaredRunsFile(
            artifact: ArtifactHeader(
                schema: .declaredRuns, tool: .train, parameters: ["report": report.name, "run": name], inputs: inputs,
                for: output),
            report: report.name, run: name, seeds: trained, testCounts: data.test.map { data.counts[$0] },
            lossWords: run.reported.words(scaledTarget: report.data.target != nil),
            predictHours: try report.predictFile.map { predict in
                try RealCounts.find(predict: project + "/" + predict, labels: project + "/" + report.labelsFile!)
            })
    }
}
