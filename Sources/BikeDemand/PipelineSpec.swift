import Foundation

/// One experiment of `pipeline/experiments/NAME.json`: which data, which settings, which seeds.
public struct ExperimentSpec: Codable, Sendable {
    public struct DataSpec: Codable, Equatable, Sendable {
        /// report, none, fit (means from the whole file) or fit-training (means from the
        /// training rows only, applied to both parts: no validation target leaks in).
        public var encoding: String
        public var trainShare: Int
        public var rule: SplitRule
    }

    /// The options of `train`; absent ones take train's defaults.
    public struct TrainingSpec: Codable, Sendable {
        public var activation: Activation
        public var method: GradientDescent
        public var learningRate: Double
        public var batchSize: Int?
        public var hiddenUnits: Int?
        public var maxEpochs: Int?
        public var earlyStopping: Bool?
        public var patience: Int?
        public var tolerance: Double?
    }

    public var description: String
    public var data: DataSpec
    public var training: TrainingSpec
    public var seeds: String

    public var settings: TrainingSettings {
        var s = TrainingSettings()
        s.activation = training.activation
        s.method = training.method
        s.learningRate = training.learningRate
        if let v = training.batchSize { s.batchSize = v }
        if let v = training.hiddenUnits { s.hiddenUnits = v }
        if let v = training.maxEpochs { s.maxEpochs = v }
        if let v = training.earlyStopping { s.earlyStopping = v }
        if let v = training.patience { s.patience = v }
        if let v = training.tolerance { s.tolerance = v }
        return s
    }

    /// The same settings as `train` options.
    public var trainArguments: [String] {
        let s = settings
        var arguments = ["--activation", s.activation.rawValue, "--method", s.method.rawValue, "--learning-rate", formatNumber(s.learningRate),
                         "--batch-size", "\(s.batchSize)", "--hidden-units", "\(s.hiddenUnits)", "--max-epochs", "\(s.maxEpochs)",
                         "--patience", "\(s.patience)", "--tolerance", formatNumber(s.tolerance), "--seeds", seeds]
        if !s.earlyStopping { arguments.append("--no-early-stopping") }
        return arguments
    }
}

extension ExperimentSpec.DataSpec {
    static let encodings = ["report", "none", "fit", "fit-training"]

    /// The folder name of this data under build/data, e.g. report-t70 or report-contiguous-t75.
    public var variant: String { "\(encoding)-\(rule == .contiguous ? "contiguous-" : "")t\(trainShare)" }
}

/// The declarations under `pipeline/`: the published numbers, the tables and the experiments.
public struct PipelineSpec: Sendable {
    public struct TableSpec: Codable, Sendable {
        public struct Row: Codable, Sendable {
            public var experiment: String
            public var label: String
        }
        public struct Figure: Codable, Sendable {
            public var file: String
            public var logY: Bool
        }
        public var name: String
        public var figure: Figure
        public var rows: [Row]
    }

    public struct Tables: Codable, Sendable {
        public struct Headline: Codable, Sendable { public var experiment: String }
        public struct Conclusions: Codable, Sendable { public var expected: [String: Bool] }
        public var tolerances: [String: Double?]
        public var tables: [TableSpec]
        public var headline: Headline
        public var conclusions: Conclusions
    }

    public struct Published: Codable, Sendable {
        public struct Table: Codable, Sendable {
            public var title: String
            public var columns: [String]
            public var rows: [[JSONValue]]
            public var conclusion: String
        }
        public struct Headline: Codable, Sendable {
            public var val_mse: Double
            public var stated_range: [Double]
        }
        public var tables: [String: Table]
        public var headline: Headline
    }

    /// pipeline/beyond.json: the questions the report left open.
    public struct Beyond: Codable, Sendable {
        public struct Sweeps: Codable, Sendable {
            public var tables: [String]
            public var factors: [Double]
            public var seeds: String
        }
        public struct Baselines: Codable, Sendable { public var experiment: String }
        public struct LeakFree: Codable, Sendable { public var leakFree, leakyExact, report, raw: String }
        public struct Contiguous: Codable, Sendable { public var experiment, interleaved: String }
        public struct Holdout: Codable, Sendable {
            public var data: String
            public var experiment: String
            public var seed: UInt64
        }
        public var learningRateSweeps: Sweeps
        public var baselines: Baselines
        public var leakFreeEncoding: LeakFree
        public var contiguousSplit: Contiguous
        public var holdout: Holdout
    }

    /// One configuration of a table rerun over a grid of learning rates.
    public struct Sweep: Sendable {
        public var table: String
        public var label: String
        public var base: String
        /// (factor, experiment name) for each point, in factor order.
        public var points: [(factor: Double, experiment: String)]
    }

    public var folder: String
    public var tables: Tables
    public var published: Published
    public var beyond: Beyond
    /// Experiment name → its declaration: the files of experiments/ in name order, then the
    /// sweeps' points.
    public var experiments: [(name: String, spec: ExperimentSpec)]
    public var sweeps: [Sweep]
    /// The declaration files each experiment is made from, for its make rule.
    public var sources: [String: [String]]

    public func experiment(_ name: String) -> ExperimentSpec? { experiments.first { $0.name == name }?.spec }

    /// Whether an experiment is a point of a learning-rate sweep.
    public func isSweep(_ name: String) -> Bool { sweeps.contains { $0.points.contains { $0.experiment == name } } }

    /// Reads and cross-checks every declaration: each table row names an existing experiment,
    /// the published table has as many rows, every experiment's settings are valid.
    public static func load(_ folder: String) throws -> PipelineSpec {
        let tables = try ArtifactJSON.decode(Tables.self, from: folder + "/tables.json")
        let published = try ArtifactJSON.decode(Published.self, from: folder + "/published.json")
        let directory = folder + "/experiments"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        var experiments: [(String, ExperimentSpec)] = []
        for file in names {
            let path = directory + "/" + file
            let spec = try ArtifactJSON.decode(ExperimentSpec.self, from: path)
            guard ExperimentSpec.DataSpec.encodings.contains(spec.data.encoding) else {
                throw InputError(file: path, "data.encoding '\(spec.data.encoding)' is not one of \(ExperimentSpec.DataSpec.encodings.joined(separator: ", "))")
            }
            do {
                _ = try Split(trainShare: spec.data.trainShare, rule: spec.data.rule)
                try spec.settings.validate()
                _ = try TrainStage.parseSeeds(spec.seeds)
            } catch {
                throw InputError(file: path, "\(error)")
            }
            experiments.append((String(file.dropLast(5)), spec))
        }
        var sources = Dictionary(uniqueKeysWithValues: experiments.map { ($0.0, ["$(PIPELINE)/experiments/\($0.0).json"]) })
        let beyond = try ArtifactJSON.decode(Beyond.self, from: folder + "/beyond.json")
        var sweeps: [Sweep] = []
        for name in beyond.learningRateSweeps.tables {
            guard let table = tables.tables.first(where: { $0.name == name }) else {
                throw InputError(file: folder + "/beyond.json", "sweeps name table '\(name)', which tables.json does not have")
            }
            for row in table.rows {
                guard let base = experiments.first(where: { $0.0 == row.experiment })?.1 else { continue }
                var points: [(Double, String)] = []
                for factor in beyond.learningRateSweeps.factors {
                    let sweepName = "sweep-\(row.experiment)-x\(formatNumber(factor))"
                    if !experiments.contains(where: { $0.0 == sweepName }) {
                        var spec = base
                        // 12 significant digits: 1e-4 × 0.01 is 1e-06, not 1.0000000000000002e-06.
                        spec.training.learningRate = Double(String(format: "%.12g", base.training.learningRate * factor))!
                        spec.seeds = beyond.learningRateSweeps.seeds
                        spec.description = "Learning-rate sweep: \(row.experiment) at \(formatNumber(factor)) × its learning rate"
                        experiments.append((sweepName, spec))
                        sources[sweepName] = ["$(PIPELINE)/experiments/\(row.experiment).json", "$(PIPELINE)/beyond.json"]
                    }
                    points.append((factor, sweepName))
                }
                sweeps.append(Sweep(table: name, label: row.label, base: row.experiment, points: points))
            }
        }
        let pipeline = PipelineSpec(folder: folder, tables: tables, published: published, beyond: beyond,
                                    experiments: experiments, sweeps: sweeps, sources: sources)
        for table in tables.tables {
            guard let source = published.tables[table.name] else {
                throw InputError(file: folder + "/tables.json", "table '\(table.name)' is not in published.json")
            }
            guard source.rows.count == table.rows.count else {
                throw InputError(file: folder + "/tables.json", "table '\(table.name)' declares \(table.rows.count) rows; published.json has \(source.rows.count)")
            }
            for row in table.rows where pipeline.experiment(row.experiment) == nil {
                throw InputError(file: folder + "/tables.json", "table '\(table.name)' names experiment '\(row.experiment)', which is not in \(directory)")
            }
            for row in table.rows where row.label.contains("'") {
                throw InputError(file: folder + "/tables.json", "label \"\(row.label)\" may not contain a single quote")
            }
        }
        guard pipeline.experiment(tables.headline.experiment) != nil else {
            throw InputError(file: folder + "/tables.json", "the headline names experiment '\(tables.headline.experiment)', which is not in \(directory)")
        }
        let named = [beyond.baselines.experiment, beyond.leakFreeEncoding.leakFree, beyond.leakFreeEncoding.leakyExact, beyond.leakFreeEncoding.report,
                     beyond.leakFreeEncoding.raw, beyond.contiguousSplit.experiment, beyond.contiguousSplit.interleaved, beyond.holdout.experiment]
        for name in named where pipeline.experiment(name) == nil {
            throw InputError(file: folder + "/beyond.json", "names experiment '\(name)', which is not in \(directory)")
        }
        return pipeline
    }
}
