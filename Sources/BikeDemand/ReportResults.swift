import Foundation

/// figures/results.json: every published table beside its reproduction, the headline, the
/// report's conclusions judged, and where it all came from.
public struct ReportResults: Codable, Sendable {
    public struct Row: Codable, Sendable {
        public var experiment: String
        public var label: String
        public var settings: [String: String]
        /// The published cells, by column name.
        public var published: [String: JSONValue]
        /// For each measured column (and a few more), median, min and max over the seeds.
        public var reproduced: [String: Spread]
        /// (reproduced median - published) / published, for each measured published column.
        public var relativeDifference: [String: Double]
        /// The gate of each measured column; absent where a column is reported only.
        public var tolerance: [String: Double]
        public var seeds: [UInt64]
        public var divergedSeeds: [UInt64]
    }

    public struct Table: Codable, Sendable {
        public var title: String
        public var columns: [String]
        public var rows: [Row]
        public var publishedConclusion: String
        public var figure: String
    }

    public struct Headline: Codable, Sendable {
        public var experiment: String
        public var published: [String: JSONValue]
        public var reproduced: [String: Spread]
        public var relativeDifference: Double
    }

    public struct Conclusion: Codable, Sendable {
        public var id: String
        public var claim: String
        public var holds: Bool
        public var expected: Bool?
        public var evidence: String
    }

    public struct Provenance: Codable, Sendable {
        public var data: ArtifactHeader.Input
        public var packageVersion: String
        public var seeds: String
        public var published: String
        public var experiments: [String: ExperimentSpec]
    }

    public var artifact: ArtifactHeader
    public var tableOrder: [String]
    public var tables: [String: Table]
    public var headline: Headline
    public var conclusions: [Conclusion]
    public var figures: [String: String]
    public var provenance: Provenance

    // Beyond the report (pipeline/beyond.json): absent sections fail make check.
    public var learning_rate_sweeps: [BeyondResults.Sweep]?
    public var learning_rate_sweeps_finding: String?
    public var baselines: [BeyondResults.Baseline]?
    public var baselines_finding: String?
    public var leak_free_encoding: BeyondResults.LeakFree?
    public var contiguous_split: BeyondResults.Contiguous?
    public var holdout_2012: BeyondResults.Holdout?
}

/// What one seed's run reports, in the published tables' column names.
struct SeedOutcome {
    var seed: UInt64
    var values: [String: Double]
    var diverged: Bool

    init(_ model: ModelFile) {
        let t = model.training
        let useBest = t.settings.earlyStopping
        seed = t.settings.seed
        diverged = t.divergedAt != nil
        values = [
            "epochs_run": Double(t.epochsRun),
            "best_epoch": Double(t.best.epoch),
            "val_mse": useBest ? t.best.validationMSE : t.last.validationMSE,
            "train_mse": useBest ? t.best.trainingMSE : t.last.trainingMSE,
            "val_mse_best_epoch": t.best.validationMSE,
            "train_mse_best_epoch": t.best.trainingMSE,
            "val_mse_last_epoch": t.last.validationMSE,
            "train_mse_last_epoch": t.last.trainingMSE,
        ]
    }
}

extension ReportResults {
    /// The measured columns every row reports: the model's, and the best and last epoch's.
    static let measures = ["epochs_run", "best_epoch", "val_mse", "train_mse", "val_mse_best_epoch", "train_mse_best_epoch", "val_mse_last_epoch", "train_mse_last_epoch"]

    /// Reads what the results are made from (the runs, the split data, the holdout metrics)
    /// from the folders the pipeline writes them to, and builds them.
    public static func assemble(pipeline: PipelineSpec, runs: String, dataFolder: String, dataPath: String) throws -> ReportResults {
        func features(_ data: ExperimentSpec.DataSpec) throws -> (FeatureTable, FeatureTable) {
            (try FeatureTable.load("\(dataFolder)/\(data.variant)/training.csv").table, try FeatureTable.load("\(dataFolder)/\(data.variant)/validation.csv").table)
        }
        func raw(_ data: ExperimentSpec.DataSpec) throws -> (HourlyRecords, HourlyRecords) {
            let variant = ExperimentSpec.DataSpec(encoding: "raw", trainShare: data.trainShare, rule: data.rule).variant
            return (try HourlyRecords(contentsOf: "\(dataFolder)/\(variant)/training.csv"), try HourlyRecords(contentsOf: "\(dataFolder)/\(variant)/validation.csv"))
        }
        let activationData = pipeline.experiment(pipeline.tables.tables[0].rows[0].experiment)!.data
        let (activationTraining, activationValidation) = try features(activationData)
        let beyond = pipeline.beyond
        let beyondData = pipeline.experiment(beyond.baselines.experiment)!.data
        let (training, validation) = try features(beyondData)
        let (rawTraining, rawValidation) = try raw(beyondData)
        let metricsPath = "\(runs)/\(beyond.holdout.experiment)/holdout-metrics.json"
        let holdout = try ArtifactJSON.load(MetricsFile.self, from: metricsPath, schema: .metrics)
        return try build(pipeline: pipeline, runs: runs, dataPath: dataPath,
                         baselines: BaselineData(training: activationTraining, validation: activationValidation),
                         beyond: BeyondData(training: training, validation: validation, rawTraining: rawTraining, rawValidation: rawValidation,
                                            holdoutMetrics: holdout, year2011: HourlyRecords(contentsOf: dataPath), year2012: HourlyRecords(contentsOf: beyond.holdout.data)))
    }

    /// Builds the results from the pipeline's declarations and the model sets under `runs`.
    public static func build(pipeline: PipelineSpec, runs: String, dataPath: String, baselines: BaselineData, beyond: BeyondData) throws -> ReportResults {
        var models: [String: [ModelFile]] = [:]
        for (name, _) in pipeline.experiments { models[name] = try ModelSet.load("\(runs)/\(name)/models.json").models }
        let outcomes = models.mapValues { $0.map(SeedOutcome.init) }
        func row(_ spec: PipelineSpec.TableSpec.Row, columns: [String], cells: [JSONValue]) -> Row {
            let seeds = outcomes[spec.experiment]!
            let published = Dictionary(uniqueKeysWithValues: zip(columns, cells))
            var reproduced: [String: Spread] = [:], difference: [String: Double] = [:], tolerance: [String: Double] = [:]
            for measure in measures { reproduced[measure] = Spread(seeds.map { $0.values[measure]! }) }
            for (column, cell) in published where reproduced[column] != nil {
                guard let value = cell.number, value != 0 else { continue }
                difference[column] = (reproduced[column]!.median - value) / value
                if let gate = pipeline.tables.tolerances[column] ?? nil { tolerance[column] = gate }
            }
            return Row(experiment: spec.experiment, label: spec.label, settings: pipeline.experiment(spec.experiment)!.settings.parameters.filter { $0.key != "seed" },
                       published: published, reproduced: reproduced, relativeDifference: difference, tolerance: tolerance,
                       seeds: seeds.map(\.seed), divergedSeeds: seeds.filter(\.diverged).map(\.seed))
        }

        var tables: [String: Table] = [:]
        for table in pipeline.tables.tables {
            let source = pipeline.published.tables[table.name]!
            tables[table.name] = Table(title: source.title, columns: source.columns,
                                       rows: zip(table.rows, source.rows).map { row($0, columns: source.columns, cells: $1) },
                                       publishedConclusion: source.conclusion, figure: table.figure.file)
        }
        let headlineSeeds = outcomes[pipeline.tables.headline.experiment]!
        let headlineSpread = Spread(headlineSeeds.map { $0.values["val_mse"]! })
        let published = pipeline.published.headline
        let headline = Headline(experiment: pipeline.tables.headline.experiment,
                                published: ["val_mse": .number(published.val_mse), "stated_range": .array(published.stated_range.map(JSONValue.number))],
                                reproduced: ["val_mse": headlineSpread], relativeDifference: (headlineSpread.median - published.val_mse) / published.val_mse)

        let experimentSeeds = Set(pipeline.experiments.map(\.spec.seeds))
        let provenance = Provenance(data: .init(role: "raw", path: dataPath, sha256: try fingerprint(dataPath)), packageVersion: packageVersion,
                                    seeds: experimentSeeds.sorted().joined(separator: "; "), published: pipeline.folder + "/published.json",
                                    experiments: Dictionary(uniqueKeysWithValues: pipeline.experiments.map { ($0.name, $0.spec) }))
        let runInputs = try pipeline.experiments.map {
            ArtifactHeader.Input(role: "runs", path: "\(runs)/\($0.name)/models.json", sha256: try fingerprint("\(runs)/\($0.name)/models.json"))
        }
        var results = ReportResults(
            artifact: ArtifactHeader(schema: .results, tool: "report", parameters: [:], inputs: [provenance.data] + runInputs),
            tableOrder: pipeline.tables.tables.map(\.name), tables: tables, headline: headline, conclusions: [],
            figures: [
                "loss-curve.png": "Loss curve of one headline run (seed 0): training and validation MSE per epoch, best epoch and early stop marked.",
                "predicted-vs-actual.png": "The headline model (seed 0) on the validation hours: predicted against actual counts.",
                "hourly.png": "Mean demand by hour of day on the validation hours, actual against predicted, working days and other days apart.",
            ],
            provenance: provenance)
        for table in pipeline.tables.tables { results.figures[table.figure.file] = "Table \(results.tableOrder.firstIndex(of: table.name)! + 1): validation MSE per epoch of each configuration, median over seeds with a min–max band." }
        results.conclusions = Conclusions.evaluate(results, baselines: baselines, expected: pipeline.tables.conclusions.expected)
        let extra = BeyondResults.build(pipeline: pipeline, models: models, data: beyond, meanPredictorAtSweepSplit: baselines.meanPredictorMSE)
        results.learning_rate_sweeps = extra.learning_rate_sweeps
        results.learning_rate_sweeps_finding = extra.learning_rate_sweeps_finding
        results.baselines = extra.baselines
        results.baselines_finding = extra.baselines_finding
        results.leak_free_encoding = extra.leak_free_encoding
        results.contiguous_split = extra.contiguous_split
        results.holdout_2012 = extra.holdout_2012
        for table in pipeline.beyond.learningRateSweeps.tables { results.figures["sweep-\(table).png"] = "Learning-rate sweep of the \(table) table's configurations: median validation MSE against learning rate." }
        results.figures["holdout-2012.png"] = "The headline model on 2012: mean demand by month, actual against predicted, with 2011's actual."
        return results
    }

}

/// The data the conclusions and the sweeps compare against: the training mean, scored on the
/// validation rows of the activation table's split (predicting it is what a collapsed network does).
public struct BaselineData: Sendable {
    public var meanPredictorMSE: Double

    public init(training: FeatureTable, validation: FeatureTable) {
        meanPredictorMSE = Baselines.mean(training: training, validation: validation)
    }
}
