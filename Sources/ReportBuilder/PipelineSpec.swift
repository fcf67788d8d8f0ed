import Artifacts
import BikeModel
import Foundation
import Statistics

/// The declarations under `pipeline/`: the published numbers, the tables and the experiments,
/// each file checked against its shape (`Declarations`) and against the others before use, so
/// that everything downstream may rely on what it names being there.
public struct PipelineSpec: Sendable {
    /// A table's (or the headline's) equivalence margin, with the reason for its size.
    public struct Margin: Codable, Equatable, Sendable {
        public var relative: Double
        public var rationale: String
    }

    public struct TableSpec: Codable, Sendable {
        public struct Row: Codable, Sendable {
            public var experiment: String
            /// What `make check` holds each gated cell's verdict to: "reproduced" when not said.
            public var expected: [String: CellVerdict]?
        }
        public struct Figure: Codable, Sendable {
            public var file: String
            public var logY: Bool
        }
        public var name: String
        public var figure: Figure
        /// The margin of every gated column of the table; the columns' default when absent.
        public var margin: Margin?
        public var rows: [Row]
    }

    public struct Tables: Codable, Sendable {
        public struct Headline: Codable, Sendable {
            public var experiment: String
            /// The seed whose run the close-up figures show; the experiment's first by default.
            public var seed: UInt64?
            public var margin: Margin?
            /// The headline validation MSE's expected verdict: "reproduced" when not said.
            public var expected: CellVerdict?
        }
        /// The report's conclusions, each a claim on the runs of the experiments it names.
        public struct Conclusions: Codable, Sendable { public var claims: [ClaimSpec] }
        /// The drift gate's tolerance: how far a number may move from the committed results.
        public struct Drift: Codable, Sendable { public var tolerance: Double }
        /// Which columns are gated (a number) and their default margin; null: reported only.
        public var tolerances: [String: Double?]
        /// Why the default margin is that size.
        public var tolerancesRationale: String?
        public var drift: Drift?
        /// The most seeds a table's experiment may grow to while a gated cell is inconclusive;
        /// nil: the declared seeds only.
        public var maxSeeds: Int?
        public var tables: [TableSpec]
        public var headline: Headline
        public var conclusions: Conclusions

        /// The margin a gated `column` of `table` (nil: the headline) is judged at: its own,
        /// else the column's default; nil for a column that is not gated.
        public func margin(_ column: String, table: String?) -> Double? {
            guard let gate = tolerances[column] ?? nil else { return nil }
            let own = table.map { name in tables.first { $0.name == name }?.margin } ?? headline.margin
            return own?.relative ?? gate
        }

        /// The headline validation MSE's margin.
        public var headlineMargin: Double? { margin("val_mse", table: nil) }
    }

    /// The settings a published table states for all its rows (or the headline), in the
    /// report's own names; a row's own setting cells add to them.
    /// The settings a published table or headline states, by the names of `RunSettings`
    /// (`eta` read as `learningRate`: `PublishedNames`).
    public struct PublishedSettings: Codable, Equatable, Sendable {
        public var values: [String: JSONValue] = [:]

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: SettingKey.self)
            for key in container.allKeys {
                let cell = try container.decode(JSONValue.self, forKey: key)
                guard let (setting, value) = PublishedNames.value(key.stringValue, cell) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: container, debugDescription: "not a published setting's value")
                }
                values[setting] = value
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: SettingKey.self)
            for (published, setting, _) in PublishedNames.all {
                guard let value = values[setting] else { continue }
                let cell: JSONValue = published == "encoded" ? .bool(value == .string("report")) : value
                try container.encode(cell, forKey: SettingKey(published))
            }
        }
    }

    public struct Published: Codable, Sendable {
        public struct Table: Codable, Sendable {
            public var title: String
            public var columns: [String]
            public var rows: [[JSONValue]]
            public var conclusion: String
            public var settings: PublishedSettings?
        }
        public struct Headline: Codable, Sendable {
            public var val_mse: Double
            public var stated_range: [Double]
            public var settings: PublishedSettings?
        }
        /// A claim the report makes in its prose, with no table behind it: in our words, and
        /// where the report makes it.
        public struct ProseClaim: Codable, Sendable {
            public var text: String
            public var source: String
        }
        public var tables: [String: Table]
        public var headline: Headline
        public var loss_curve_printed: [[Double]]?
        public var claims: [String: ProseClaim]?
    }

    /// pipeline/beyond.json: the questions the report left open; an absent section is not run.
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
            public var seed: UInt64?
            /// Inputs set to 0 in a second measurement of every seed's model (yr: 2012's rows
            /// are the only ones where it is 1).
            public var zeroInputs: [String]?
        }
        /// The course's acceptance check: train on its labelled hours, predict its unlabeled ones.
        public struct Acceptance: Codable, Sendable {
            public struct Configuration: Codable, Sendable {
                public var name: String
                public var description: String
                public var training: ExperimentSpec.TrainingSpec
            }
            public var training: String
            public var predict: String
            public var labels: String
            public var lossBar: Double
            public var readings: [String]
            public var seeds: String
            public var configurations: [Configuration]
        }
        public var learningRateSweeps: Sweeps?
        public var baselines: Baselines?
        public var leakFreeEncoding: LeakFree?
        public var contiguousSplit: Contiguous?
        public var holdout: Holdout?
        public var acceptance: Acceptance?

        public init() {}
    }

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
    public func runSpec(_ name: String) -> ExperimentSpec? { experiment(reused[name]?.experiment ?? name) }

    /// The split the learning-rate sweeps' finding compares with always predicting the training
    /// mean: Table 1's (its first row's).
    public var sweepSplit: ExperimentSpec.DataSpec? {
        tables.tables.first { $0.name == "activation" }?.rows.first.flatMap { experiment($0.experiment)?.data }
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

    /// Whether an experiment runs a table's experiment under a reading other than the text.
    public func isReadingRun(_ name: String) -> Bool {
        readings.contains { !$0.isText && $0.experiments.values.contains(name) }
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
        guard !readings.isEmpty, published.loss_curve_printed?.isEmpty == false else { return [] }
        let shares = Set(readingBases.compactMap { experiment($0)?.data.trainShare }).sorted()
        let bases = ReadingResults.lossLogExperiments(self, trainShares: shares)
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
        (experiment(name)).flatMap { try? TrainStage.parseSeeds($0.seeds) } ?? []
    }

    /// What `train --settle` decides for an experiment: each gated cell it reproduces, as
    /// (reported MSE, published value, tolerance), once each, in table order.
    public func settleTargets(of name: String) -> [TrainStage.Settle.Target] {
        var targets: [TrainStage.Settle.Target] = []
        for table in tables.tables {
            guard let source = published.tables[table.name] else { continue }
            for (row, cells) in zip(table.rows, source.rows) where row.experiment == name {
                for (column, cell) in zip(source.columns, cells) {
                    guard let measure = ReportedMSE(rawValue: column),
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

    /// How an experiment's seeds were chosen: its declared seeds, grown ten at a time while a
    /// gated cell is undecided (`train --settle`), or fixed; a derived experiment's are those of
    /// the experiment whose runs it reads.
    public func design(of name: String) -> SequentialSeeds { designs[reused[name]?.experiment ?? name] ?? .fixed }

    /// The headline run the close-up figures show.
    public var headlineSeed: UInt64 { tables.headline.seed ?? seeds(of: tables.headline.experiment).first ?? 0 }

    /// Reads and cross-checks every declaration; the first problem is refused with its file,
    /// its line and what is wrong.
    public static func load(_ folder: String) throws -> PipelineSpec {
        let tablesPath = folder + "/tables.json", publishedPath = folder + "/published.json",
            beyondPath = folder + "/beyond.json"
        let (tables, tablesTree) = try read(Tables.self, tablesPath, shape: Declarations.tables)
        let (published, publishedTree) = try read(Published.self, publishedPath, shape: Declarations.published)
        let hasBeyond = FileManager.default.fileExists(atPath: beyondPath)
        let (beyond, beyondTree) =
            hasBeyond ? try read(Beyond.self, beyondPath, shape: Declarations.beyond) : (Beyond(), nil)

        let directory = folder + "/experiments"
        let files = try jsonFiles(in: directory, of: "experiments")
        var experiments: [(name: String, spec: ExperimentSpec)] = []
        for file in files {
            let name = String(file.dropLast(5))
            if let problem = Declared.nameProblem(name) {
                throw InputError(file: directory + "/" + file, "the file name: \(problem)")
            }
            let (spec, tree) = try read(ExperimentSpec.self, directory + "/" + file, shape: Declarations.experiment)
            if let data = spec.data.file, !FileManager.default.fileExists(atPath: data) {
                throw InputError(
                    file: directory + "/" + file, line: tree.line(at: ["data", "file"]),
                    "data.file: the file \(Quoted(data)) does not exist (paths are relative to the project folder)")
            }
            experiments.append((name, spec))
        }
        let declared = experiments.map(\.name)
        func known(_ name: String) -> Bool { experiments.contains { $0.name == name } }
        func missing(_ name: String, in file: String, at path: [String], of tree: JSONTree?) -> InputError {
            let hint = Shape.nearest(name, among: declared).map { " (did you mean \"\($0)\"?)" } ?? ""
            return InputError(
                file: file, line: tree?.line(at: path),
                "\(path.joined(separator: ".")): names experiment \(Quoted(name)), which is not in \(directory)\(hint)")
        }

        // Tables: each names experiments that exist, in the published table's row order.
        var names = Set<String>(), figures = Set<String>()
        for (index, table) in tables.tables.enumerated() {
            let at = ["tables", "\(index)"]
            guard names.insert(table.name).inserted else {
                throw InputError(
                    file: tablesPath, line: tablesTree.line(at: at + ["name"]),
                    "the table name \(Quoted(table.name)) appears twice")
            }
            guard table.figure.file.hasSuffix(".png"), figures.insert(table.figure.file).inserted else {
                throw InputError(
                    file: tablesPath, line: tablesTree.line(at: at + ["figure", "file"]),
                    "figure file \(Quoted(table.figure.file)) must end in .png and be used once")
            }
            guard let source = published.tables[table.name] else {
                let hint =
                    Shape.nearest(table.name, among: Array(published.tables.keys)).map { " (did you mean \"\($0)\"?)" }
                    ?? ""
                throw InputError(
                    file: tablesPath, line: tablesTree.line(at: at + ["name"]),
                    "table \(Quoted(table.name)) is not in \(publishedPath)\(hint)")
            }
            guard source.rows.count == table.rows.count else {
                throw InputError(
                    file: tablesPath, line: tablesTree.line(at: at + ["rows"]),
                    "table '\(table.name)' declares \(table.rows.count) rows; \(publishedPath) has \(source.rows.count)"
                )
            }
            for (row, spec) in table.rows.enumerated() where !known(spec.experiment) {
                throw missing(
                    spec.experiment, in: tablesPath, at: at + ["rows", "\(row)", "experiment"], of: tablesTree)
            }
        }
        try checkPublished(published, tree: publishedTree, file: publishedPath, gated: tables.tolerances)
        guard known(tables.headline.experiment) else {
            throw missing(tables.headline.experiment, in: tablesPath, at: ["headline", "experiment"], of: tablesTree)
        }
        var ids = Set<String>()
        for (index, claim) in tables.conclusions.claims.enumerated() {
            let at = ["conclusions", "claims", "\(index)"]
            guard ids.insert(claim.id).inserted else {
                throw InputError(
                    file: tablesPath, line: tablesTree.line(at: at + ["id"]),
                    "the conclusion id \(Quoted(claim.id)) appears twice")
            }
            guard let runs = claim.runs, !runs.isEmpty else {
                throw InputError(
                    file: tablesPath, line: tablesTree.line(at: at),
                    "\(at.joined(separator: ".")): a conclusion names its configurations in \"runs\" (name → experiment)"
                )
            }
            for (name, experiment) in runs.sorted(by: { $0.key < $1.key }) where !known(experiment) {
                throw missing(experiment, in: tablesPath, at: at + ["runs", name], of: tablesTree)
            }
            try claim.validate(
                known: runs.keys.sorted(), file: tablesPath, tree: tablesTree.node(at: at) ?? tablesTree, path: at)
        }

        // Beyond: the sweeps add an experiment per configuration and factor.
        var sweeps: [Sweep] = []
        var reused: [String: Reuse] = [:]
        if let sweepSpec = beyond.learningRateSweeps {
            for (index, name) in sweepSpec.tables.enumerated() {
                guard let table = tables.tables.first(where: { $0.name == name }) else {
                    throw InputError(
                        file: beyondPath, line: beyondTree?.line(at: ["learningRateSweeps", "tables", "\(index)"]),
                        "learningRateSweeps.tables names table \(Quoted(name)), which \(tablesPath) does not have")
                }
                var seen = Set<String>()
                for row in table.rows where seen.insert(row.experiment).inserted {
                    guard let base = experiments.first(where: { $0.name == row.experiment })?.spec else { continue }
                    var points: [(Double, String)] = []
                    for factor in sweepSpec.factors {
                        let sweepName = "sweep-\(row.experiment)-x\(formatNumber(factor))"
                        if let problem = Declared.nameProblem(sweepName) {
                            throw InputError(file: beyondPath, "learningRateSweeps: \(problem)")
                        }
                        if declared.contains(sweepName) {
                            throw InputError(
                                file: "\(directory)/\(sweepName).json",
                                "the experiment's name is the one \(beyondPath) gives the learning-rate sweep of '\(row.experiment)' at \(formatNumber(factor)) × its rate: rename the experiment (names are shared by experiments, sweep and study points and readings)"
                            )
                        }
                        if !known(sweepName) {
                            var spec = base
                            // 12 significant digits: 1e-4 × 0.01 is 1e-06, not 1.0000000000000002e-06.
                            let rate = Double(String(format: "%.12g", base.settings.learningRate * factor)) ?? .nan
                            guard TrainingSettings.Limits.learningRate.contains(rate) else {
                                throw InputError(
                                    file: beyondPath, line: beyondTree?.line(at: ["learningRateSweeps", "factors"]),
                                    "learningRateSweeps: \(formatNumber(factor)) × the learning rate of '\(row.experiment)' is \(formatNumber(rate)), out of range"
                                )
                            }
                            ExperimentSetting.apply("learningRate", .number(rate), to: &spec)
                            spec.seeds = sweepSpec.seeds
                            spec.description =
                                "Learning-rate sweep: \(row.experiment) at \(formatNumber(factor)) × its learning rate"
                            derive(sweepName, spec, into: &experiments, reused: &reused)
                        }
                        points.append((factor, sweepName))
                    }
                    sweeps.append(Sweep(table: name, base: row.experiment, points: points))
                }
            }
        }
        let studies = try Study.loadAll(
            folder + "/studies", experiments: &experiments, reused: &reused, published: published)
        var pipeline = PipelineSpec(
            folder: folder, tables: tables, published: published, beyond: beyond, hasBeyond: hasBeyond,
            experiments: experiments, declared: declared, sweeps: sweeps)
        pipeline.readings = try Reading.loadAll(
            folder + "/readings", bases: pipeline.readingBases, experiments: &experiments, reused: &reused)
        pipeline.experiments = experiments
        pipeline.studies = studies
        pipeline.reused = reused
        if let maxSeeds = tables.maxSeeds {
            var byCount: [Int: SequentialSeeds] = [:]
            for name in declared where !pipeline.settleTargets(of: name).isEmpty {
                let first = pipeline.seeds(of: name).count
                guard maxSeeds > first else { continue }
                if byCount[first] == nil { byCount[first] = SequentialSeeds(firstSeeds: first, maxSeeds: maxSeeds) }
                pipeline.designs[name] = byCount[first]
            }
        }
        let named: [(String, [String])] = [
            beyond.baselines.map { [($0.experiment, ["baselines", "experiment"])] } ?? [],
            beyond.leakFreeEncoding.map {
                [
                    ($0.leakFree, ["leakFreeEncoding", "leakFree"]),
                    ($0.leakyExact, ["leakFreeEncoding", "leakyExact"]),
                    ($0.report, ["leakFreeEncoding", "report"]), ($0.raw, ["leakFreeEncoding", "raw"])
                ]
            } ?? [],
            beyond.contiguousSplit.map {
                [
                    ($0.experiment, ["contiguousSplit", "experiment"]),
                    ($0.interleaved, ["contiguousSplit", "interleaved"])
                ]
            } ?? [],
            beyond.holdout.map { [($0.experiment, ["holdout", "experiment"])] } ?? []
        ].flatMap { $0 }
        for (name, path) in named where !known(name) { throw missing(name, in: beyondPath, at: path, of: beyondTree) }
        if let seed = tables.headline.seed, !pipeline.seeds(of: tables.headline.experiment).contains(seed) {
            throw InputError(
                file: tablesPath, line: tablesTree.line(at: ["headline", "seed"]),
                "headline.seed \(seed) is not one of the seeds of '\(tables.headline.experiment)' (\(pipeline.experiment(tables.headline.experiment)?.seeds ?? ""))"
            )
        }
        // A row's expected verdicts name gated columns its published table has.
        for (t, table) in tables.tables.enumerated() {
            let columns = published.tables[table.name]?.columns ?? []
            for (r, row) in table.rows.enumerated() {
                for column in (row.expected ?? [:]).keys.sorted()
                where !columns.contains(column) || (tables.tolerances[column] ?? nil) == nil {
                    throw InputError(
                        file: tablesPath, line: tablesTree.line(at: ["tables", "\(t)", "rows", "\(r)", "expected"]),
                        "tables.\(t).rows.\(r).expected: '\(column)' is not a gated column of table '\(table.name)', so it has no verdict"
                    )
                }
            }
        }
        for reading in pipeline.readings {
            let file = "\(folder)/readings/\(reading.name).json"
            for (name, rows) in (reading.spec.expected?.cells ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let table = tables.tables.first(where: { $0.name == name }) else {
                    throw InputError(
                        file: file, "expected.cells names table \(Quoted(name)), which tables.json does not have")
                }
                guard rows.count <= table.rows.count else {
                    throw InputError(
                        file: file, "expected.cells.\(name): \(rows.count) rows for the table's \(table.rows.count)")
                }
                for column in rows.flatMap(\.keys) where (tables.tolerances[column] ?? nil) == nil {
                    throw InputError(
                        file: file, "expected.cells.\(name): '\(column)' is not a gated column, so it has no verdict")
                }
            }
            for id in (reading.spec.expected?.conclusions ?? [:]).keys.sorted()
            where !tables.conclusions.claims.contains(where: { $0.id == id }) {
                throw InputError(
                    file: file, "expected.conclusions names \(Quoted(id)), which is no conclusion of tables.json")
            }
        }
        for reading in pipeline.readings
        where declared.contains(reading.name) || pipeline.studies.contains(where: { $0.name == reading.name }) {
            throw InputError(
                file: "\(folder)/readings/\(reading.name).json",
                "the reading's name is also an experiment's or a study's (\(folder)/experiments/ or studies/): give each its own name"
            )
        }
        if let acceptance = beyond.acceptance {
            pipeline.acceptanceRuns = try AcceptanceCheck.runs(
                acceptance, readings: pipeline.readings, file: beyondPath, tree: beyondTree)
            for run in pipeline.acceptanceRuns where known(run.name) {
                throw InputError(
                    file: beyondPath,
                    "acceptance: the run of \(run.configuration) under \(run.reading) is named \(Quoted(run.name)), the name of an experiment: rename one"
                )
            }
        }
        if let holdout = beyond.holdout {
            if let seed = holdout.seed, !pipeline.seeds(of: holdout.experiment).contains(seed) {
                throw InputError(
                    file: beyondPath, line: beyondTree?.line(at: ["holdout", "seed"]),
                    "holdout.seed \(seed) is not one of the seeds of '\(holdout.experiment)'")
            }
            guard FileManager.default.fileExists(atPath: holdout.data) else {
                throw InputError(
                    file: beyondPath, line: beyondTree?.line(at: ["holdout", "data"]),
                    "holdout.data: the file \(Quoted(holdout.data)) does not exist (paths are relative to the project folder)"
                )
            }
        }
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
        for (index, point) in (published.loss_curve_printed ?? []).enumerated()
        where !(point[0] >= 1 && point[0] == point[0].rounded() && point[0] <= 100_000) {
            throw InputError(
                file: file, line: tree.line(at: ["loss_curve_printed", "\(index)"]),
                "loss_curve_printed.\(index): the epoch must be a whole number from 1, found \(formatNumber(point[0]))")
        }
        let range = published.headline.stated_range
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
        let seeds = (try? TrainStage.parseSeeds(spec.seeds)) ?? []
        if let same = experiments.first(where: { other in
            other.spec.data == spec.data && other.spec.settings == spec.settings
                && Set(seeds).isSubset(of: (try? TrainStage.parseSeeds(other.spec.seeds)) ?? [])
        }) {
            reused[name] = Reuse(experiment: same.name, seeds: seeds)
        } else {
            experiments.append((name, spec))
        }
    }
}
