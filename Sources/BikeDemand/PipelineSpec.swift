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

    public var folder: String
    public var tables: Tables
    public var published: Published
    /// Experiment name → its declaration, in name order.
    public var experiments: [(name: String, spec: ExperimentSpec)]

    public func experiment(_ name: String) -> ExperimentSpec? { experiments.first { $0.name == name }?.spec }

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
        let pipeline = PipelineSpec(folder: folder, tables: tables, published: published, experiments: experiments)
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
        return pipeline
    }
}
