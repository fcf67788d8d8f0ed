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

    /// Builds the results from the pipeline's declarations and the model sets under `runs`.
    public static func build(pipeline: PipelineSpec, runs: String, dataPath: String, baselines: BaselineData) throws -> ReportResults {
        var outcomes: [String: [SeedOutcome]] = [:]
        for (name, _) in pipeline.experiments {
            outcomes[name] = try ModelSet.load("\(runs)/\(name)/models.json").models.map(SeedOutcome.init)
        }
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
        var results = ReportResults(
            artifact: ArtifactHeader(schema: .results, tool: "report", parameters: [:], inputs: [provenance.data] + pipeline.experiments.map {
                ArtifactHeader.Input(role: "runs", path: "\(runs)/\($0.name)/models.json", sha256: (try? fingerprint("\(runs)/\($0.name)/models.json")) ?? "")
            }),
            tableOrder: pipeline.tables.tables.map(\.name), tables: tables, headline: headline, conclusions: [],
            figures: [
                "loss-curve.png": "Loss curve of one headline run (seed 0): training and validation MSE per epoch, best epoch and early stop marked.",
                "predicted-vs-actual.png": "The headline model (seed 0) on the validation hours: predicted against actual counts.",
                "hourly.png": "Mean demand by hour of day on the validation hours, actual against predicted, working days and other days apart.",
            ],
            provenance: provenance)
        for table in pipeline.tables.tables { results.figures[table.figure.file] = "Table \(results.tableOrder.firstIndex(of: table.name)! + 1): validation MSE per epoch of each configuration, median over seeds with a min–max band." }
        results.conclusions = Conclusions.evaluate(results, baselines: baselines, expected: pipeline.tables.conclusions.expected)
        return results
    }

    public func row(_ table: String, _ index: Int) -> Row { tables[table]!.rows[index] }
}

/// The data the conclusions compare against: the training mean, scored on the validation rows
/// of the activation table's split (predicting it is what a collapsed network does).
public struct BaselineData: Sendable {
    public var meanPredictorMSE: Double

    public init(training: FeatureTable, validation: FeatureTable) {
        let mean = training.counts.reduce(0, +) / Double(training.rowCount)
        let prediction = predictedCount(beta: mean)
        meanPredictorMSE = validation.counts.map { ($0 - prediction) * ($0 - prediction) }.reduce(0, +) / Double(validation.rowCount)
    }
}
