import Artifacts
import BikeModel
import Foundation
import Pipeline
import Statistics

/// What one seed's run reports, in the published tables' column names.
struct SeedOutcome {
    var seed: UInt64
    var values: [String: Double]
    var diverged: Bool

    init(_ model: ModelFile) {
        let t = model.training
        seed = t.settings.seed
        diverged = t.divergedAt != nil
        values = Dictionary(uniqueKeysWithValues: Measure.allCases.map { ($0.key, t.value($0)) })
    }
}

/// The runs of one experiment as the report reads them: each seed's outcome, and the settings
/// every seed ran with, read from the models themselves.
struct ExperimentRuns {
    /// The experiment whose runs these are.
    var name: String
    var models: [ModelFile]
    var outcomes: [SeedOutcome]
    var settings: RunSettings

    init(path: String, name: String) throws {
        try self.init(models: try ModelSet.load(path).models, file: path, name: name)
    }

    /// The runs of `models` (read from `file`), which must share every setting but the seed.
    init(models: [ModelFile], file path: String, name: String) throws {
        self.name = name
        self.models = models
        guard let first = models.first else { throw InputError(file: path, "holds no model") }
        guard let data = first.training.data else {
            throw InputError(file: path, "does not record the data it was trained on")
        }
        for model in models.dropFirst() {
            var same = model.training.settings
            same.seed = first.training.settings.seed
            guard same == first.training.settings, model.training.data == data else {
                throw InputError(
                    file: path,
                    "its models were trained with different settings (seed \(model.training.settings.seed) differs from seed \(first.training.settings.seed))"
                )
            }
        }
        settings = RunSettings(training: first.training.settings, data: data)
        outcomes = models.map(SeedOutcome.init)
    }

    /// How many seeds stopped for each reason (tolerance, patience, maxEpochs, stalled, diverged).
    var stopReasons: [String: Int] {
        Dictionary(models.map { ($0.training.stopReason.rawValue, 1) }, uniquingKeysWith: +)
    }

    /// These runs limited to `seeds` (a derived experiment reading a declared one's runs).
    func only(_ seeds: [UInt64]) -> ExperimentRuns {
        var out = self
        let keep = Set(seeds)
        out.models = models.filter { keep.contains($0.training.settings.seed) }
        out.outcomes = outcomes.filter { keep.contains($0.seed) }
        return out
    }

    /// Median and range of `measure` over the seeds (the seeds that did not diverge, if asked).
    func spread(_ measure: String, convergedOnly: Bool = false) -> Spread? {
        Spread.of(outcomes.filter { !convergedOnly || !$0.diverged }.compactMap { $0.values[measure] })
    }

    /// `spread` with each seed's value and its seed kept beside the statistics.
    func spreadWithValues(_ measure: String, convergedOnly: Bool = false) -> Spread? {
        let measured = outcomes.filter { !convergedOnly || !$0.diverged }.compactMap { outcome in
            outcome.values[measure].map { (outcome.seed, $0) }
        }
        var spread = Spread.of(measured.map(\.1))
        spread?.values = measured.map(\.1)
        spread?.valueSeeds = measured.map(\.0)
        return spread
    }
}

extension ReportResults {
    /// Reads what the results are made from (the runs, the split data, the holdout metrics)
    /// from the folders the pipeline writes them to, and builds them.
    /// `output` is where results.json will be written: its inputs are recorded relative to it.
    /// `buildInfo` is the folder where the build step wrote `sources.sha256` and `toolchain`.
    public static func assemble(
        pipeline: PipelineSpec, runs: String, dataFolder: String, dataPath: String, output: String,
        buildInfo: String? = nil
    ) throws -> ReportResults {
        func features(_ data: ExperimentSpec.DataSpec) throws -> (FeatureTable, FeatureTable) {
            (
                try FeatureTable.load("\(dataFolder)/\(data.variant)/training.csv").table,
                try FeatureTable.load("\(dataFolder)/\(data.variant)/validation.csv").table
            )
        }
        func raw(_ data: ExperimentSpec.DataSpec) throws -> (HourlyRecords, HourlyRecords) {
            let variant = data.raw.variant
            return (
                try HourlyRecords(contentsOf: "\(dataFolder)/\(variant)/training.csv"),
                try HourlyRecords(contentsOf: "\(dataFolder)/\(variant)/validation.csv")
            )
        }
        // Always predicting the training mean, scored on each split a claim or the sweeps' finding
        // compares with it.
        var meanPredictors: [String: Double] = [:]
        for split in pipeline.meanPredictorSplits where meanPredictors[split.variant] == nil {
            let (training, validation) = try features(split)
            meanPredictors[split.variant] = Baselines.mean(training: training, validation: validation)
        }
        let data = try BeyondData(pipeline, runs: runs, dataPath: dataPath, features: features, raw: raw)
        let readingInputs = try ReadingResults.Inputs(pipeline, dataFolder: dataFolder, dataPath: dataPath)
        var results = try build(
            pipeline: pipeline, runs: runs, dataPath: dataPath, meanPredictors: meanPredictors, beyond: data,
            readingInputs: readingInputs, output: output)
        if let spec = pipeline.experiment(pipeline.tables.headline.experiment) {
            let seed = pipeline.headlineSeed
            let predictions = try Predictions.load(
                "\(runs)/\(pipeline.tables.headline.experiment)/seed\(seed)-predictions.csv")
            results.closeUp = try .init(
                predictions: predictions,
                rows: try HourlyRecords(contentsOf: "\(dataFolder)/\(spec.data.raw.variant)/validation.csv"), seed: seed
            )
        }
        if let buildInfo {
            func line(_ file: String) throws -> String {
                String(decoding: try FileBytes.read("\(buildInfo)/\(file)", maximumBytes: 4096), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            results.provenance.sourcesDigest = try line("sources.sha256")
            results.provenance.toolchain = try line("toolchain")
        }
        results.provenance.pipelineDigest = try pipeline.digest()
        return results
    }

    /// Builds the results from the pipeline's declarations and the model sets under `runs`.
    static func build(
        pipeline: PipelineSpec, runs: String, dataPath: String, meanPredictors: [String: Double],
        beyond: BeyondData, readingInputs: ReadingResults.Inputs = .init(), output: String
    ) throws -> ReportResults {
        var experiments: [String: ExperimentRuns] = [:]
        for (name, _) in pipeline.experiments {
            experiments[name] = try ExperimentRuns(path: "\(runs)/\(name)/models.json", name: name)
        }
        var readingInputs = readingInputs
        for name in pipeline.readingHistories {
            readingInputs.histories[name] = try LossHistory.load("\(runs)/\(pipeline.runFolder(name))/history.csv")
        }
        let history =
            pipeline.published.lossCurvePrinted?.isEmpty == false
            ? try LossHistory.load("\(runs)/\(pipeline.tables.headline.experiment)/history.csv") : nil
        let runInputs = try pipeline.experiments.map {
            ArtifactHeader.Input(
                role: "runs", path: "\(runs)/\($0.name)/models.json",
                sha256: try fingerprint("\(runs)/\($0.name)/models.json"))
        }
        return try build(
            pipeline: pipeline, experiments: experiments, headlineHistory: history, meanPredictors: meanPredictors,
            beyond: beyond, readingInputs: readingInputs,
            data: .init(role: "raw", path: dataPath, sha256: try fingerprint(dataPath)), runInputs: runInputs,
            output: output)
    }

    /// The results from runs already read: what `build` does once it has read them from files.
    static func build(
        pipeline: PipelineSpec, experiments declared: [String: ExperimentRuns], headlineHistory: LossHistory?,
        meanPredictors: [String: Double], beyond: BeyondData, readingInputs: ReadingResults.Inputs = .init(),
        data: ArtifactHeader.Input, runInputs: [ArtifactHeader.Input], output: String,
        sections: [any ReportSection]? = nil
    ) throws -> ReportResults {
        let sections = sections ?? ReportSections.all(pipeline)
        try checkSeeds(pipeline, declared)
        // A derived experiment that reuses another's runs sees that experiment's, at its own seeds.
        var experiments = declared
        for (name, reuse) in pipeline.reused { experiments[name] = declared[reuse.experiment]?.only(reuse.seeds) }
        func experimentRuns(_ name: String) throws -> ExperimentRuns {
            guard let found = experiments[name] else {
                throw InputError(file: pipeline.folder, "no runs of experiment '\(name)'")
            }
            return found
        }

        let candidates = CellMargins.candidates(pipeline)
        let tables = try tableResults(pipeline, candidates: candidates, runs: experimentRuns)
        let headline = try headlineResult(pipeline, candidates: candidates, runs: experimentRuns)
        let experimentSeeds = Set(pipeline.experiments.map(\.spec.seeds.text))
        let provenance = Provenance(
            data: data, packageVersion: packageVersion,
            seeds: experimentSeeds.sorted().joined(separator: "; "), published: pipeline.folder + "/published.json",
            experiments: Dictionary(uniqueKeysWithValues: pipeline.experiments.map { ($0.name, $0.spec) }))
        var results = ReportResults(
            artifact: ArtifactHeader(
                schema: .results, tool: .report, parameters: [:], inputs: [provenance.data] + runInputs, for: output),
            tableOrder: pipeline.tables.tables.map(\.name), tables: tables, headline: headline, conclusions: [],
            figures: [:], provenance: provenance)
        var references = ClaimSpec.References()
        references.ranges = pipeline.ranges
        let context = ResultsContext(
            pipeline: pipeline, experiments: experiments, beyondData: beyond,
            sweeps: pipeline.beyond.learningRateSweeps == nil
                ? nil : try BeyondResults.Sweep.measure(pipeline, runs: experiments),
            meanPredictorAtSweepSplit: pipeline.sweepSplit.flatMap { meanPredictors[$0.variant] },
            readingInputs: readingInputs, references: references,
            meanPredictorOf: { pipeline.runSpec($0).flatMap { meanPredictors[$0.data.variant] } },
            headlineHistory: headlineHistory)
        for section in sections { try section.addResults(to: &results, context) }
        return results
    }
}

extension ReportResults {
    /// Every measured column of `runs` over the seeds, each published one judged against its
    /// cell: the spread, (median - published) / published, and the column's margin in `table`
    /// (nil: the headline's), tested at the level the experiment's sequential design gives.
    static func judged(_ runs: ExperimentRuns, published: [String: JSONValue], table: String?, pipeline: PipelineSpec)
        -> (
            reproduced: [String: Spread], difference: [String: Double], tolerance: [String: Double]
        )
    {
        var reproduced: [String: Spread] = [:], difference: [String: Double] = [:], tolerance: [String: Double] = [:]
        for measure in Measure.keys { reproduced[measure] = runs.spreadWithValues(measure) }
        for (column, cell) in published where reproduced[column] != nil {
            guard let value = cell.number, value != 0, let spread = reproduced[column] else { continue }
            difference[column] = (spread.median - value) / value
            let gate = pipeline.tables.margin(column, table: table)
            if let gate { tolerance[column] = gate }
            reproduced[column] = spread.judgedWithCause(
                published: value, tolerance: gate, resolution: Spread.resolution(of: value),
                alpha: pipeline.design(of: runs.name).alpha)
        }
        return (reproduced, difference, tolerance)
    }
}

/// The settings a published configuration states, and where a run departs from them.
enum Departures {
    /// The published table's settings for all rows, plus the row's own setting cells, in the
    /// names of `RunSettings`.
    static func published(table: PipelineSpec.Published.Table, row: [JSONValue]) -> [String: JSONValue] {
        var out = table.settings?.values ?? [:]
        for (column, cell) in zip(table.columns, row) {
            if let (setting, value) = PublishedNames.value(column, cell) { out[setting] = value }
        }
        return out
    }

    /// Each published setting the run does not match (the batch size only where the run
    /// takes batches), in setting-name order.
    static func between(_ published: [String: JSONValue], _ run: RunSettings) -> [Departure] {
        let actual = run.values
        return published.sorted { $0.key < $1.key }.compactMap { setting, value in
            if setting == "batchSize" && run.method != .mgd { return nil }
            guard let ran = actual[setting] else { return nil }
            let same: Bool
            if let a = value.number, let b = ran.number {
                same = abs(a - b) <= 1e-9 * max(abs(a), abs(b))
            } else {
                same = value == ran
            }
            return same ? nil : Departure(setting: setting, published: value, run: ran)
        }
    }
}
