import Artifacts
import BikeModel
import Foundation
import Plan
import Statistics

extension PipelineSpec {
    /// `load` as it goes: the declaration files read, the experiments found so far (declared,
    /// then derived by sweeps, studies and readings), and a step per part that cross-checks it.
    struct Loader {
        let folder: String
        let tablesPath: String, publishedPath: String, beyondPath: String, directory: String
        let tables: Tables, tablesTree: JSONTree
        let published: Published, publishedTree: JSONTree
        let hasBeyond: Bool
        let beyond: Beyond, beyondTree: JSONTree?
        var experiments: [(name: String, spec: ExperimentSpec)] = []
        /// The experiments `experiments/` declares, as against those derived from them.
        var declared: [String] = []
        var reused: [String: Reuse] = [:]

        init(_ folder: String) throws {
            self.folder = folder
            tablesPath = folder + "/tables.json"
            publishedPath = folder + "/published.json"
            beyondPath = folder + "/beyond.json"
            directory = folder + "/experiments"
            (tables, tablesTree) = try PipelineSpec.read(Tables.self, tablesPath, shape: Declarations.tables)
            (published, publishedTree) = try PipelineSpec.read(
                Published.self, publishedPath, shape: Declarations.published)
            hasBeyond = FileManager.default.fileExists(atPath: beyondPath)
            (beyond, beyondTree) =
                hasBeyond ? try PipelineSpec.read(Beyond.self, beyondPath, shape: Declarations.beyond) : (Beyond(), nil)
        }

        /// The experiments of `experiments/`, each file checked.
        mutating func readExperiments() throws {
            let files = try PipelineSpec.jsonFiles(in: directory, of: "experiments")
            for file in files {
                let name = String(file.dropLast(5))
                if let problem = Declared.nameProblem(name) {
                    throw InputError(file: directory + "/" + file, "the file name: \(problem)")
                }
                let (spec, tree) = try PipelineSpec.read(
                    ExperimentSpec.self, directory + "/" + file, shape: Declarations.experiment)
                if let data = spec.data.file, !FileManager.default.fileExists(atPath: data) {
                    throw InputError(
                        file: directory + "/" + file, line: tree.line(at: ["data", "file"]),
                        "data.file: the file \(Quoted(data)) does not exist (paths are relative to the project folder)")
                }
                experiments.append((name, spec))
            }
            declared = experiments.map(\.name)
        }

        func known(_ name: String) -> Bool { experiments.contains { $0.name == name } }
        func missing(_ name: String, in file: String, at path: [String], of tree: JSONTree?) -> InputError {
            let hint = Shape.nearest(name, among: declared).map { " (did you mean \"\($0)\"?)" } ?? ""
            return InputError(
                file: file, line: tree?.line(at: path),
                "\(path.joined(separator: ".")): names experiment \(Quoted(name)), which is not in \(directory)\(hint)")
        }

        /// Each table names experiments that exist, in the published table's row order; the
        /// published tables are whole; the headline and each conclusion name experiments that exist.
        func checkTables() throws {
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
                        Shape.nearest(table.name, among: Array(published.tables.keys)).map {
                            " (did you mean \"\($0)\"?)"
                        }
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
            try PipelineSpec.checkPublished(
                published, tree: publishedTree, file: publishedPath, gated: tables.tolerances)
            guard known(tables.headline.experiment) else {
                throw missing(
                    tables.headline.experiment, in: tablesPath, at: ["headline", "experiment"], of: tablesTree)
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
        }

        /// The learning-rate sweeps: an experiment per configuration and factor.
        mutating func sweeps() throws -> [Sweep] {
            var sweeps: [Sweep] = []
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
                                PipelineSpec.derive(sweepName, spec, into: &experiments, reused: &reused)
                            }
                            points.append((factor, sweepName))
                        }
                        sweeps.append(Sweep(table: name, base: row.experiment, points: points))
                    }
                }
            }
            return sweeps
        }

        /// The assembled pipeline's own checks: the seeds' designs, the names beyond.json gives,
        /// the seeds it picks, the verdicts it expects, the readings' and the acceptance check's
        /// names, the holdout's file.
        func check(_ pipeline: inout PipelineSpec) throws {
            design(&pipeline)
            try checkNames(pipeline)
            try checkExpectations(pipeline)
            try checkBeyond(&pipeline)
        }

        /// Each gated experiment's sequential design, one per number of first seeds.
        func design(_ pipeline: inout PipelineSpec) {
            if let maxSeeds = tables.maxSeeds {
                var byCount: [Int: SequentialSeeds] = [:]
                let grown = pipeline.experiments.map(\.name).filter {
                    declared.contains($0) && !pipeline.settleTargets(of: $0).isEmpty
                        || !pipeline.runsTargets(of: $0).isEmpty
                }
                for name in grown {
                    let first = pipeline.seeds(of: name).count
                    guard maxSeeds > first else { continue }
                    if byCount[first] == nil { byCount[first] = SequentialSeeds(firstSeeds: first, maxSeeds: maxSeeds) }
                    pipeline.designs[name] = byCount[first]
                }
            }
        }

        /// beyond.json's names and the headline's seed name what exists.
        func checkNames(_ pipeline: PipelineSpec) throws {
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
            for (name, path) in named where !known(name) {
                throw missing(name, in: beyondPath, at: path, of: beyondTree)
            }
            if let seed = tables.headline.seed, !pipeline.seeds(of: tables.headline.experiment).contains(seed) {
                throw InputError(
                    file: tablesPath, line: tablesTree.line(at: ["headline", "seed"]),
                    "headline.seed \(seed) is not one of the seeds of '\(tables.headline.experiment)' (\(pipeline.experiment(tables.headline.experiment)?.seeds.text ?? ""))"
                )
            }
        }

        /// The verdicts a row or a reading expects name gated columns, tables and conclusions that
        /// exist; a reading's name is its own.
        func checkExpectations(_ pipeline: PipelineSpec) throws {
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
                            file: file, "expected.cells.\(name): \(rows.count) rows for the table's \(table.rows.count)"
                        )
                    }
                    for column in rows.flatMap(\.keys) where (tables.tolerances[column] ?? nil) == nil {
                        throw InputError(
                            file: file,
                            "expected.cells.\(name): '\(column)' is not a gated column, so it has no verdict")
                    }
                }
                let expected = reading.spec.expected
                for (key, verdicts) in [
                    ("conclusions", expected?.conclusions), ("conclusionsOnMeans", expected?.conclusionsOnMeans)
                ] {
                    for id in (verdicts ?? [:]).keys.sorted()
                    where !tables.conclusions.claims.contains(where: { $0.id == id }) {
                        throw InputError(
                            file: file, "expected.\(key) names \(Quoted(id)), which is no conclusion of tables.json")
                    }
                }
            }
            for reading in pipeline.readings
            where declared.contains(reading.name) || pipeline.studies.contains(where: { $0.name == reading.name }) {
                throw InputError(
                    file: "\(folder)/readings/\(reading.name).json",
                    "the reading's name is also an experiment's or a study's (\(folder)/experiments/ or studies/): give each its own name"
                )
            }
        }

        /// The acceptance check's runs, named apart from the experiments; the holdout's seed and file.
        func checkBeyond(_ pipeline: inout PipelineSpec) throws {
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
        }
    }
}
