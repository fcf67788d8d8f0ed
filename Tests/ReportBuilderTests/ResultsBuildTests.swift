import Artifacts
import Foundation
import Gates
import Pipeline
import Stages
import Statistics
import TestSupport
import Testing

// `@testable`: runs are made up here through `TrainingRun`'s memberwise initialiser, internal: a real run comes only from training.
@testable import BikeModel
// `@testable`: the results are built here from runs made in memory (`ExperimentRuns`, internal: the tool reads them from files).
@testable import ReportBuilder

/// The results and the report built in process from runs made up for the purpose (no training):
/// every section of results.json, every verdict, and the text that reports them.
@Suite("Results built from runs")
struct ResultsBuildTests {
    static let pipeline = Fixtures.committedPipeline

    /// Runs of every declared experiment: each seed's validation MSE a little off `target` (the
    /// value its gated cells publish, else a made-up one), its training MSE likewise.
    static func runs(_ pipeline: PipelineSpec) throws -> [String: ExperimentRuns] {
        var random = SeededGenerator(seed: 42)
        var out: [String: ExperimentRuns] = [:]
        for (index, (name, spec)) in pipeline.experiments.enumerated() {
            let targets = pipeline.settleTargets(of: name)
            let validation = targets.first { $0.measure == .validationMSE }?.value ?? 5000 + 100 * Double(index)
            let training = targets.first { $0.measure == .trainingMSE }?.value ?? validation * 1.03
            let factor = pipeline.sweeps.flatMap(\.points).first { $0.experiment == name }?.factor
            let models = spec.seeds.values.map { seed -> ModelFile in
                // ±0.02%: inside the tightest declared margin (±0.2%) for one run against ours.
                let noise = 1 + 0.0004 * (random.nextUnit() - 0.5)
                var settings = spec.settings
                settings.seed = seed
                // The smallest rates stop at the epoch limit; the largest diverge in one seed.
                let stop: StopReason = factor == 0.01 ? .maxEpochs : .patience
                let epochs = stop == .maxEpochs ? settings.maxEpochs : 60 + Int(seed)
                let point = Checkpoint(epoch: epochs, trainingMSE: training * noise, validationMSE: validation * noise)
                let run = TrainingRun(
                    settings: settings, network: Network(hiddenUnits: settings.hiddenUnits, seed: seed), best: point,
                    last: point,
                    epochsRun: epochs, stopReason: stop, history: [],
                    divergedAt: factor == 30 && seed == 0 ? epochs : nil)
                return ModelFile(
                    artifact: ArtifactHeader(schema: .model, tool: .train, parameters: [:], inputs: []), run: run,
                    encoding: nil,
                    data: DataRecord(
                        encoding: spec.data.encoding.rawValue, trainShare: spec.data.trainShare, rule: spec.data.rule))
            }
            out[name] = try ExperimentRuns(models: models, file: name, name: name)
        }
        return out
    }

    /// Ten seeds' validation curves falling to about the headline's.
    static let history = LossHistory(
        curves: Dictionary(
            uniqueKeysWithValues: (0..<10).map { seed in
                (
                    UInt64(seed),
                    (1...60).map {
                        EpochLoss(
                            epoch: $0, trainingMSE: nil,
                            validationMSE: 5200 + 8000 * exp(-Double($0) / 8) + Double(seed))
                    }
                )
            }))

    static func build() throws -> ReportResults {
        let pipeline = try pipeline.get()
        return try ReportResults.build(
            pipeline: pipeline, experiments: try runs(pipeline), headlineHistory: history,
            meanPredictors: ["report-t70": 18_000], beyond: BeyondData(),
            data: .init(role: "raw", path: "data/train.csv", sha256: String(repeating: "0", count: 64)),
            runInputs: [], output: "figures/results.json")
    }

    @Test("every table cell gets its seed statistics and verdict, and the gate passes them")
    func cells() throws {
        let results = try Self.build()
        let row = try #require(results.tables["train_fraction"]?.rows.first { $0.experiment == "headline" })
        let cell = try #require(row.reproduced["val_mse"])
        #expect(
            cell.seeds == 10 && cell.verdict == .reproduced && cell.confidenceInterval?.count == 2
                && cell.predictionInterval?.count == 2)
        #expect(row.reproduced["epochs_run"]?.verdict == nil)
        // Declared findings aside (tables.json declares the real runs' verdicts), every made-up cell
        // sits on its published value and passes as reproduced.
        var pipeline = try Self.pipeline.get()
        for t in pipeline.tables.tables.indices {
            for r in pipeline.tables.tables[t].rows.indices { pipeline.tables.tables[t].rows[r].expected = nil }
        }
        // But one configuration the report printed twice (elu BGD: 5,733 in Table 1, 5,638 in
        // Table 2): runs made up about the first cannot reproduce the second at ±0.7%.
        let descent = try #require(pipeline.tables.tables.firstIndex { $0.name == "gradient_descent" })
        pipeline.tables.tables[descent].rows[0].expected = ["val_mse": .notReproduced]
        let cellChecks = ResultsCheck.items(results, pipeline: pipeline).filter { $0.suite == "cells" }
        #expect(
            !cellChecks.isEmpty && cellChecks.allSatisfy { $0.failure == nil }, "\(cellChecks.compactMap(\.failure))")
        #expect(results.headline.seeds?.count == 10)
    }

    @Test(
        "each conclusion has its probability and verdict, and those comparing swept configurations a verdict at tuned rates"
    )
    func conclusions() throws {
        let results = try Self.build()
        // The report's conclusions, declared in tables.json, in their order and by their ids.
        #expect(
            results.conclusions.map(\.id) == [
                "activation-order", "saturating-units-predict-the-mean", "mgd-beats-bgd-and-sgd",
                "train-share-75-lowest", "encoding-cuts-error-threefold", "early-stopping-saves-40-epochs",
                "early-stopping-matches-full-run", "headline-within-stated-range"
            ])
        for conclusion in results.conclusions {
            let probability = try #require(conclusion.probability)
            #expect((0...1).contains(probability))
            #expect(conclusion.verdict == ConclusionVerdict(bounds: try #require(conclusion.probabilityBounds)))
            #expect(conclusion.holds == (conclusion.verdict == .holds))
        }
        let tuned = Set(results.conclusions.filter { $0.atTunedRates != nil }.map(\.id))
        #expect(tuned == ["activation-order", "saturating-units-predict-the-mean", "mgd-beats-bgd-and-sgd"])
    }

    @Test("sweeps say what converged, name no best that did not, and count a configuration in two tables once")
    func sweeps() throws {
        let results = try Self.build()
        let sweeps = try #require(results.beyond.learningRateSweeps)
        for sweep in sweeps {
            let limit = try #require(sweep.points.first { $0.factor == 0.01 })
            #expect(limit.converged == false && limit.stopReasons?["maxEpochs"] == 5 && limit.epochsRun == 1000)
            let diverged = try #require(sweep.points.first { $0.factor == 30 })
            #expect(diverged.converged == false && diverged.divergedSeeds == [0])
            #expect(
                sweep.bestLearningRate.map { best in
                    sweep.points.first { $0.learningRate == best }?.converged == true
                } ?? true)
            #expect(sweep.tunedLearningRate != nil)
        }
        #expect(
            results.beyond.learningRateSweepsFinding?.hasPrefix(
                "Of 6 distinct configurations (1 in two tables, counted once)") == true)
    }

    @Test("the printed loss curve is set beside the headline seeds' at each printed epoch")
    func lossCurve() throws {
        let results = try Self.build()
        let curve = try #require(results.lossCurve)
        #expect(curve.rows.map(\.epoch) == [10, 20, 30, 40, 50, 59])
        #expect(curve.rows.allSatisfy { $0.reproduced?.seeds == 10 && $0.reproduced?.predictionInterval != nil })
        #expect(curve.finding.hasPrefix("At epoch"))
        // Each printed value's place against the interval for one run, in words.
        let ahead = ReportResults.LossCurve.Row(epoch: 1, published: 1, reproduced: Spread([10, 11, 12]))
        let behind = ReportResults.LossCurve.Row(epoch: 2, published: 100, reproduced: Spread([10, 11, 12]))
        #expect(LossCurveComparison.place(ahead) == .ahead && LossCurveComparison.place(behind) == .behind)
        #expect(LossCurveComparison.finding([ahead, behind]).contains("the report's run was ahead of ours"))
    }

    @Test("the report states every verdict it computed, and says where a verdict rests on the report's rates")
    func report() throws {
        let results = try Self.build()
        let text = ReportMarkdown.text(results, pipeline: try Self.pipeline.get())
        for conclusion in results.conclusions {
            let words = ReportMarkdown.probabilityWords(
                conclusion.probability, conclusion.probabilityBounds, conclusion.effectiveRuns)
            #expect(text.contains("(\(words)). \(conclusion.claim)"))
            // Led by its verdict on means, with what keeps it open when it is.
            let onMeans = try #require(conclusion.onMeans)
            #expect(text.contains("- \(ReportMarkdown.onMeansWords(onMeans)); single runs: "))
            #expect((onMeans.verdict == .inconclusive) == (onMeans.cause != nil))
        }
        #expect(text.contains("✓ reproduced; one run:"))
        #expect(text.contains("| epoch | published | reproduced | 95% interval for one run | verdict |"))
        #expect(text.contains("### Were the learning rates tuned?"))
        let changed = results.conclusions.contains { conclusion in
            conclusion.atTunedRates.map { $0.verdict != conclusion.verdict } ?? false
        }
        #expect(text.contains("*The verdict depends on the report's choice of learning rates.*") == changed)
    }

    /// `BIKE_REPORT_WRITE_GOLDEN=1 swift test --filter ResultsBuildTests` rewrites it after an
    /// intended change of wording; review the diff before committing it.
    static let golden = Fixtures.repository.appendingPathComponent(
        "Tests/ReportBuilderTests/Golden/report-from-made-up-runs.md"
    ).path

    @Test("the report of the made-up runs is word for word its golden file")
    func goldenReport() throws {
        var results = try Self.build()
        // The one path the report states, made relative so the golden file holds on any checkout.
        results.provenance.published = "pipeline/published.json"
        let text = ReportMarkdown.text(results, pipeline: try Self.pipeline.get())
        if ProcessInfo.processInfo.environment["BIKE_REPORT_WRITE_GOLDEN"] != nil {
            try FileManager.default.createDirectory(
                atPath: (Self.golden as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: Self.golden, atomically: true, encoding: .utf8)
        }
        #expect(text == (try String(contentsOfFile: Self.golden, encoding: .utf8)))
    }

    @Test("declared seeds the runs do not hold are refused, naming the experiment")
    func declaredSeeds() throws {
        var pipeline = try Self.pipeline.get()
        var runs = try Self.runs(pipeline)
        let index = try #require(pipeline.experiments.firstIndex { $0.name == "t60-mgd-elu" })
        pipeline.experiments[index].spec.seeds = try SeedList("0-9999")
        runs["t60-mgd-elu"] = runs["t60-mgd-elu"]
        #expect {
            try ReportResults.build(
                pipeline: pipeline, experiments: runs, headlineHistory: Self.history,
                meanPredictors: ["report-t70": 18_000], beyond: BeyondData(),
                data: .init(role: "raw", path: "data/train.csv", sha256: String(repeating: "0", count: 64)),
                runInputs: [], output: "figures/results.json")
        } throws: {
            "\($0)".contains(
                "experiments/t60-mgd-elu.json: declares seeds 0-9999, but its runs hold 10 seeds and not seed 10")
        }
    }
}
