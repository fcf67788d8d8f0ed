import Artifacts
import BikeModel
import Foundation
import Stages
import Statistics

/// The declarations under `pipeline/`: the published numbers, the tables and the experiments,
/// each file checked against its shape (`Declarations`) and against the others before use, so
/// that everything downstream may rely on what it names being there.
public struct PipelineSpec: Sendable {
    /// One configuration of a table rerun over a grid of learning rates.
    public struct Sweep: Sendable {
        public var table: String
        public var base: String
        /// (factor, experiment name) for each point, in factor order.
        public var points: [(factor: Double, experiment: String)]
    }

    /// A derived experiment (a sweep's or a study's point) that would rerun what a declared one
    /// already runs: its runs are that experiment's, limited to its own seeds.
    public struct Reuse: Sendable {
        public var experiment: String
        public var seeds: [UInt64]
    }

    public var folder: String
    public var tables: Tables
    public var published: Published
    public var beyond: Beyond
    /// Whether pipeline/beyond.json exists (the plan then depends on it).
    public var hasBeyond: Bool
    /// Experiment name → its declaration: the files of experiments/ in name order, then the
    /// sweeps' points.
    public var experiments: [(name: String, spec: ExperimentSpec)]
    /// The names of the experiments declared by a file of experiments/.
    public var declared: [String]
    public var sweeps: [Sweep]
    /// The studies of studies/, in name order.
    public var studies: [Study] = []
    /// The readings of readings/: the text's first, then by name.
    public var readings: [Reading] = []
    /// Derived name → the experiment whose runs it reads.
    public var reused: [String: Reuse] = [:]
    /// The acceptance check's runs: one per configuration and reading.
    public var acceptanceRuns: [AcceptanceCheck.Run] = []
    /// The sequential design of each declared experiment `train --settle` grows.
    public var designs: [String: SequentialSeeds] = [:]

    public func experiment(_ name: String) -> ExperimentSpec? { experiments.first { $0.name == name }?.spec }

    /// The declaration whose runs `name` reads: its own, or, for a derived experiment that
    /// reuses another's runs, that one's.
    public func runSpec(_ name: String) -> ExperimentSpec? { experiment(runFolder(name)) }

    /// The experiment whose run folder holds `name`'s runs and history: itself, or the one it
    /// reuses (a reading's experiment that runs the same as another's is not trained twice).
    public func runFolder(_ name: String) -> String { reused[name]?.experiment ?? name }

    /// The tables beyond.json sweeps, in its order, with the numbers the report gives them (the
    /// loader has checked that each is declared).
    public var sweptTables: [(name: String, number: Int)] {
        (beyond.learningRateSweeps?.tables ?? []).compactMap { name in tables.number(of: name).map { (name, $0) } }
    }

    /// The table whose sweeps the finding compares with always predicting the training mean: the
    /// first one swept.
    public var sweepMeanTable: String? { sweptTables.first?.name }

    /// That table's split (its first row's).
    public var sweepSplit: ExperimentSpec.DataSpec? {
        tables.tables.first { $0.name == sweepMeanTable }?.rows.first.flatMap { experiment($0.experiment)?.data }
    }

    /// The splits on which a claim compares with always predicting the training mean (the
    /// split of the first configuration it compares), and the sweeps' split.
    public var meanPredictorSplits: [ExperimentSpec.DataSpec] {
        var out = sweepSplit.map { [$0] } ?? []
        func add(_ claim: ClaimSpec, experimentOf: (String) -> String?) {
            for condition in claim.conditions where condition.test == .near && condition.to == ClaimSpec.meanPredictor {
                guard let experiment = experimentOf(ClaimSpec.operand(condition.of[0]).name),
                    let spec = runSpec(experiment), !out.contains(spec.data)
                else { continue }
                out.append(spec.data)
            }
        }
        for claim in tables.conclusions.claims { add(claim) { claim.runs?[$0] } }
        for reading in readings {
            for claim in tables.conclusions.claims { add(claim) { claim.runs?[$0].map(reading.experiment) } }
        }
        for study in studies {
            for claim in study.spec.claims ?? [] {
                add(claim) { name in study.points.first { $0.name == name }?.experiment }
            }
        }
        return out
    }

    /// Whether an experiment is a point of a study.
    public func isStudyPoint(_ name: String) -> Bool {
        studies.contains { $0.points.contains { $0.experiment == name } }
    }

    /// The experiments the readings apply to: every table row's and the headline's, once each,
    /// in table order.
    public var readingBases: [String] {
        var out: [String] = []
        for name in tables.tables.flatMap({ $0.rows.map(\.experiment) }) + [tables.headline.experiment]
        where !out.contains(name) {
            out.append(name)
        }
        return out
    }

    /// The experiments whose loss histories the readings compare with the printed loss log:
    /// under every reading, each table experiment with the headline's settings but its share.
    public var readingHistories: [String] {
        guard !readings.isEmpty, published.lossCurvePrinted?.isEmpty == false else { return [] }
        let shares = Set(readingBases.compactMap { experiment($0)?.data.trainShare }).sorted()
        let bases = lossLogExperiments(trainShares: shares)
        var out: [String] = []
        for reading in readings {
            for base in bases where !out.contains(reading.experiment(for: base)) {
                out.append(reading.experiment(for: base))
            }
        }
        return out
    }

    /// Whether an experiment is a point of a learning-rate sweep.
    public func isSweep(_ name: String) -> Bool { sweeps.contains { $0.points.contains { $0.experiment == name } } }

    /// The seeds of a declared experiment (its seeds were checked at load).
    public func seeds(of name: String) -> [UInt64] {
        experiment(name)?.seeds.values ?? []
    }

    /// What `train --settle` decides for an experiment: each gated cell it reproduces, as
    /// (reported MSE, published value, tolerance), once each, in table order.
    public func settleTargets(of name: String) -> [TrainStage.Settle.Target] {
        var targets: [TrainStage.Settle.Target] = []
        for table in tables.tables {
            guard let source = published.tables[table.name] else { continue }
            for (row, cells) in zip(table.rows, source.rows) where row.experiment == name {
                for (column, cell) in zip(source.columns, cells) {
                    guard let measure = Measure(key: column), Measure.modelErrors.contains(measure),
                        let tolerance = tables.margin(column, table: table.name),
                        tolerance > 0, tolerance < 1, let value = cell.number
                    else { continue }
                    let target = TrainStage.Settle.Target(measure: measure, value: value, tolerance: tolerance)
                    if !targets.contains(target) { targets.append(target) }
                }
            }
        }
        return targets
    }

    /// The named ranges a claim may test runs against: `stated-range`, the headline's.
    public var ranges: [String: ClosedRange<Double>] {
        let range = published.headline.statedRange
        return range.count == 2 && range[0] < range[1] ? ["stated-range": range[0]...range[1]] : [:]
    }

    /// What `train --settle-runs` decides for an experiment: each conclusion of tables.json that
    /// its runs land inside a range, under the text or a reading that runs it here, at the
    /// conclusions' shared level (0.05 over their number).
    public func runsTargets(of name: String) -> [TrainStage.Settle.RunsTarget] {
        let claims = tables.conclusions.claims
        var references = ClaimSpec.References()
        references.ranges = ranges
        var targets: [TrainStage.Settle.RunsTarget] = []
        for claim in claims {
            for condition in claim.conditions where condition.test == .inside {
                guard let range = claim.interval(condition, references) else { continue }
                for operand in condition.of {
                    let (configuration, key) = ClaimSpec.operand(operand)
                    guard let base = claim.runs?[configuration],
                        ([base] + readings.map { $0.experiment(for: base) }).contains(name),
                        let measure = Measure(key: key ?? claim.defaultMeasure(of: condition)),
                        Measure.modelErrors.contains(measure)
                    else { continue }
                    let target = TrainStage.Settle.RunsTarget(
                        measure: measure, range: range, alpha: SequentialSeeds.overallAlpha / Double(claims.count))
                    if !targets.contains(target) { targets.append(target) }
                }
            }
        }
        return targets
    }

    /// How an experiment's seeds were chosen: its declared seeds, grown ten at a time while a
    /// gated cell is undecided (`train --settle`), or fixed; a derived experiment's are those of
    /// the experiment whose runs it reads.
    public func design(of name: String) -> SequentialSeeds { designs[reused[name]?.experiment ?? name] ?? .fixed }

    /// The headline run the close-up figures show.
    public var headlineSeed: UInt64 { tables.headline.seed ?? seeds(of: tables.headline.experiment).first ?? 0 }

    /// Reads and cross-checks every declaration; the first problem is refused with its file,
    /// its line and what is wrong.
    public static func load(_ folder: String) throws -> PipelineSpec {
        var loader = try Loader(folder)
        try loader.readExperiments()
        try loader.checkTables()
        let sweeps = try loader.sweeps()
        let studies = try Study.loadAll(
            folder + "/studies", experiments: &loader.experiments, reused: &loader.reused, published: loader.published)
        var pipeline = PipelineSpec(
            folder: folder, tables: loader.tables, published: loader.published, beyond: loader.beyond,
            hasBeyond: loader.hasBeyond, experiments: loader.experiments, declared: loader.declared, sweeps: sweeps)
        pipeline.readings = try Reading.loadAll(
            folder + "/readings", bases: pipeline.readingBases, experiments: &loader.experiments,
            reused: &loader.reused)
        pipeline.experiments = loader.experiments
        pipeline.studies = studies
        pipeline.reused = loader.reused
        try loader.check(&pipeline)
        return pipeline
    }

    /// The published tables: unique columns, a cell per column, no null cell, a cell of the kind
    /// its column holds, and a positive number in every gated column (differences are relative
    /// to it).
    static func checkPublished(_ published: Published, tree: JSONTree, file: String, gated: [String: Double?]) throws {
        for (name, table) in published.tables.sorted(by: { $0.key < $1.key }) {
            let at = ["tables", name]
            guard Set(table.columns).count == table.columns.count else {
                throw InputError(
                    file: file, line: tree.line(at: at + ["columns"]), "tables.\(name).columns names a column twice")
            }
            for (index, row) in table.rows.enumerated() {
                let line = tree.line(at: at + ["rows", "\(index)"])
                guard row.count == table.columns.count else {
                    throw InputError(
                        file: file, line: line,
                        "tables.\(name).rows.\(index): \(row.count) cells for \(table.columns.count) columns")
                }
                for (column, cell) in zip(table.columns, row) {
                    if let kind = cellKinds[column], !kind.accepts(cell) {
                        throw InputError(
                            file: file, line: line,
                            "tables.\(name).rows.\(index): the cell of '\(column)' must be \(kind.words), found \(cell)"
                        )
                    }
                    switch cell {
                    case .null, .array, .object:
                        throw InputError(
                            file: file, line: line,
                            "tables.\(name).rows.\(index): the cell of '\(column)' must be a number, a string or true/false"
                        )
                    case .number(let value) where gated[column] != nil && !(value > 0):
                        throw InputError(
                            file: file, line: line,
                            "tables.\(name).rows.\(index): the published \(column) must be positive, found \(formatNumber(value))"
                        )
                    default:
                        if gated[column] != nil, cell.number == nil {
                            throw InputError(
                                file: file, line: line,
                                "tables.\(name).rows.\(index): the published \(column) must be a number")
                        }
                    }
                }
            }
        }
        for (index, point) in (published.lossCurvePrinted ?? []).enumerated()
        where !(point[0] >= 1 && point[0] == point[0].rounded() && point[0] <= 100_000) {
            throw InputError(
                file: file, line: tree.line(at: ["loss_curve_printed", "\(index)"]),
                "loss_curve_printed.\(index): the epoch must be a whole number from 1, found \(formatNumber(point[0]))")
        }
        let range = published.headline.statedRange
        guard range[0] < range[1] else {
            throw InputError(
                file: file, line: tree.line(at: ["headline", "stated_range"]),
                "headline.stated_range must be [low, high] with low below high")
        }
    }

    /// The declaration files, each by its path in the folder.
    public var files: [String] {
        ["tables.json", "published.json"] + (hasBeyond ? ["beyond.json"] : [])
            + declared.map { "experiments/\($0).json" } + studies.map { "studies/\($0.name).json" }
            + readings.map { "readings/\($0.name).json" }
    }

    /// The declaration files as paths to open: what a stage writing outputs must not replace.
    public var filePaths: [String] { files.map { "\(folder)/\($0)" } }

    /// SHA-256 over every declaration file, its name and its bytes, in order: what results.json
    /// records of the pipeline it was built from.
    public func digest() throws -> String {
        var bytes: [UInt8] = []
        for file in files {
            bytes +=
                Array("\(file)\n".utf8) + Array(try FileBytes.read("\(folder)/\(file)", maximumBytes: 1 << 20)) + [0]
        }
        return SHA256.hex(bytes)
    }

    /// Adds a derived experiment, or, when a declared or earlier one runs the same data and
    /// settings over all of its seeds, records that its runs are read from there instead.
    static func derive(
        _ name: String, _ spec: ExperimentSpec, into experiments: inout [(name: String, spec: ExperimentSpec)],
        reused: inout [String: Reuse]
    ) {
        let seeds = spec.seeds.values
        if let same = experiments.first(where: { other in
            other.spec.data == spec.data && other.spec.settings == spec.settings
                && Set(seeds).isSubset(of: other.spec.seeds.values)
        }) {
            reused[name] = Reuse(experiment: same.name, seeds: seeds)
        } else {
            experiments.append((name, spec))
        }
    }
}
