import Artifacts
import BikeModel

/// One step of the pipeline: the files it writes, every file it reads, and the one tool
/// invocation that makes them.
public struct PlanRule: Sendable {
    /// A stable name, used for the rule's stamp file.
    public var id: String
    public var targets: [PlanPath]
    public var inputs: [PlanPath]
    public var tool: String
    public var arguments: [PlanArgument]
    /// Shown on stderr when the rule starts.
    public var progress: String?
    /// How many seeds it trains side by side: the cores it can use (Makeflow's CORES).
    public var seeds = 1
}

/// The pipeline as rules: one per data variant, experiment, evaluation and figure, each reading
/// exactly the files it names, so that make reruns only what a change touches. The folders are
/// the Makefile's variables: B (results), FIG (figures and report), PIPELINE, DATA, BIN (tools).
public struct MakePlan: Sendable {
    public var rules: [PlanRule]
    /// Every file `make report` must bring up to date.
    public var goals: [PlanPath]
    public var experiments: [String]
    /// `make run`'s variant, printed beside its base experiment's runs.
    public var variant: Variant?
    /// The declaration files the plan was made from, by their path in $(PIPELINE)/.
    public var declarations: [String] = []

    public init(_ pipeline: PipelineSpec, variant: Variant? = nil) {
        var rules: [PlanRule] = []
        let paths = PipelinePaths()
        func data(_ spec: ExperimentSpec.DataSpec) -> [PlanPath] {
            [paths.training(spec), paths.training(spec).sidecar, paths.validation(spec), paths.validation(spec).sidecar]
        }
        func add(_ rule: PlanRule) { if !rules.contains(where: { $0.id == rule.id }) { rules.append(rule) } }

        // Data: each encoding of the whole file, each split, and the raw rows some steps read.
        func splitRule(_ spec: ExperimentSpec.DataSpec, from source: PlanPath, sourceInputs: [PlanPath]) -> PlanRule {
            PlanRule(
                id: "split-\(spec.variant)", targets: data(spec), inputs: sourceInputs, tool: "split",
                arguments: [
                    .path(source), "--train-share", .literal("\(spec.trainShare)"), "--rule",
                    .literal(spec.rule.rawValue),
                    "--train-output", .path(paths.training(spec)), "--validation-output", .path(paths.validation(spec))
                ])
        }
        func addData(_ spec: ExperimentSpec.DataSpec) {
            let source = paths.source(spec)
            switch spec.encoding {
            case "raw":
                add(splitRule(spec, from: source, sourceInputs: [source]))
            case "fit-training":
                addData(spec.raw)
                let fitOn = paths.training(spec.raw)
                for (part, output) in [
                    (paths.training(spec.raw), paths.training(spec)),
                    (paths.validation(spec.raw), paths.validation(spec))
                ] {
                    // A category absent from the training rows (heavy rain, at t = 75) becomes the overall mean.
                    add(
                        PlanRule(
                            id:
                                "fit-\(spec.variant)-\(output.relative.hasSuffix("training.csv") ? "training" : "validation")",
                            targets: [output, output.sidecar], inputs: [part, part.sidecar, fitOn, fitOn.sidecar],
                            tool: "preprocess",
                            arguments: [
                                .path(part), "--encoding", "fit", "--fit-on", .path(fitOn), "--unseen", "overall-mean",
                                "-o", .path(output)
                            ]))
                }
            default:
                let encoded = paths.encoded(spec)
                add(
                    PlanRule(
                        id: "encode-\(spec.fileStem.map { "\($0)-" } ?? "")\(spec.encoding)",
                        targets: [encoded, encoded.sidecar], inputs: [source],
                        tool: "preprocess",
                        arguments: [.path(source), "--encoding", .literal(spec.encoding), "-o", .path(encoded)]))
                add(splitRule(spec, from: encoded, sourceInputs: [encoded, encoded.sidecar]))
            }
        }

        // Experiments: all seeds of one in one process; `make run`'s variant in a folder of its own.
        let planned = pipeline.experiments + (variant.map { [($0.name, $0.spec)] } ?? [])
        for (index, (name, spec)) in planned.enumerated() {
            let isVariant = index == pipeline.experiments.count
            addData(spec.data)
            let run = isVariant ? paths.variant(name) : paths.run(name)
            // Sweeps and studies need no loss curves, and skip the pass over the training rows each
            // epoch costs.
            let history = !pipeline.isSweep(name) && !pipeline.isStudyPoint(name) && !isVariant
            var arguments: [PlanArgument] = [.path(paths.training(spec.data)), .path(paths.validation(spec.data))]
            arguments += spec.trainArguments.map(PlanArgument.literal) + ["-o", .path(run.models)]
            if history { arguments += ["--history", .path(run.history)] }
            // Only the headline's loss-curve figure draws a history's training MSE; the others
            // skip the pass over the training rows each epoch it costs.
            if history && name != pipeline.tables.headline.experiment { arguments.append("--no-training-mse") }
            let targets = isVariant ? [] : pipeline.settleTargets(of: name)
            var progress =
                isVariant
                ? "[variant] \(name): training seeds \(spec.seeds)"
                : "[\(index + 1)/\(pipeline.experiments.count)] \(name): training seeds \(spec.seeds)"
            if let maxSeeds = pipeline.tables.maxSeeds, !targets.isEmpty, maxSeeds > pipeline.seeds(of: name).count {
                progress += ", and more up to \(maxSeeds) while a gated cell is inconclusive"
                for target in targets {
                    arguments += [
                        "--settle",
                        .literal(
                            "\(target.measure.rawValue):\(formatNumber(target.value)):\(formatNumber(target.tolerance))"
                        )
                    ]
                }
                arguments += ["--max-seeds", .literal("\(maxSeeds)")]
            }
            add(
                PlanRule(
                    id: "train-\(name)", targets: [run.models] + (history ? [run.history, run.history.sidecar] : []),
                    inputs: data(spec.data),
                    tool: "train", arguments: arguments, progress: progress,
                    seeds: ((try? TrainStage.parseSeeds(spec.seeds)) ?? []).count))
        }

        // A comparison figure per table, labelled with the settings its rows differ in.
        var goals: [PlanPath] = []
        for (number, table) in pipeline.tables.tables.enumerated() {
            var seen = Set<String>()
            let rows = table.rows.map(\.experiment).filter { seen.insert($0).inserted }
            let specs = rows.compactMap(pipeline.experiment)
            let description = SettingsText.describe(specs, brief: true)
            let figure = PlanPath(.figures, table.figure.file)
            var arguments: [PlanArgument] = ["compare"]
            for (row, spec) in zip(rows, specs) {
                arguments += ["--curve", .labelled(description.label(spec), paths.run(row).history)]
            }
            arguments += ["--title", .literal("Table \(number + 1) reproduced: \(description.common)")]
            if table.figure.logY { arguments.append("--log-y") }
            add(
                PlanRule(
                    id: "figure-\(table.figure.file)", targets: [figure],
                    inputs: rows.flatMap { [paths.run($0).history, paths.run($0).history.sidecar] },
                    tool: "plot", arguments: arguments + ["-o", .path(figure)]))
            goals.append(figure)
        }

        // One headline run seen closely: its loss curve and its predictions.
        let headline = pipeline.tables.headline.experiment, seed = pipeline.headlineSeed
        if let spec = pipeline.experiment(headline) {
            let run = paths.run(headline)
            let metrics = PlanPath(.build, "runs/\(headline)/seed\(seed)-metrics.json"),
                predictions = PlanPath(.build, "runs/\(headline)/seed\(seed)-predictions.csv")
            add(
                PlanRule(
                    id: "evaluate-\(headline)-seed\(seed)", targets: [metrics, predictions, predictions.sidecar],
                    inputs: [run.models, paths.validation(spec.data), paths.validation(spec.data).sidecar],
                    tool: "evaluate",
                    arguments: [
                        .path(run.models), .path(paths.validation(spec.data)), "--seed", .literal("\(seed)"), "-o",
                        .path(metrics), "--predictions", .path(predictions)
                    ]))
            let settings = SettingsText.describe([spec], brief: true).common
            let closeUps: [(String, [PlanArgument], [PlanPath])] = [
                (
                    "loss-curve.png",
                    ["loss", .path(run.history), "--model", .path(run.models), "--seed", .literal("\(seed)")]
                        + (pipeline.published.loss_curve_printed ?? []).flatMap {
                            ["--printed", PlanArgument.literal("\(Int($0[0])):\(formatNumber($0[1]))")]
                        }
                        + ["--title", .literal("Loss curve of the headline run (\(settings), seed \(seed))")],
                    [run.history, run.history.sidecar, run.models]
                ),
                (
                    "predicted-vs-actual.png",
                    [
                        "predicted", .path(predictions), "--title",
                        .literal("Headline model (seed \(seed)): predicted against actual demand, validation hours")
                    ],
                    [predictions, predictions.sidecar]
                ),
                (
                    "hourly.png",
                    [
                        "hourly", .path(predictions), "--rows", .path(paths.validation(spec.data.raw)),
                        "--title",
                        .literal("Headline model (seed \(seed)): mean demand by hour of day, validation hours")
                    ],
                    [predictions, predictions.sidecar] + data(spec.data.raw)
                )
            ]
            addData(spec.data.raw)
            for (file, arguments, inputs) in closeUps {
                let figure = PlanPath(.figures, file)
                add(
                    PlanRule(
                        id: "figure-\(file)", targets: [figure], inputs: inputs, tool: "plot",
                        arguments: arguments + ["-o", .path(figure)]))
                goals.append(figure)
            }
        }

        // The year after: the holdout model on new data, encoded as its training data was.
        var resultsInputs: [PlanPath] = []
        if let holdout = pipeline.beyond.holdout, let spec = pipeline.experiment(holdout.experiment) {
            let run = paths.run(holdout.experiment), holdoutData = PlanPath(.project, holdout.data)
            let encoded = PlanPath(.build, "data/holdout-\(holdout.experiment).csv")
            let encoding: [PlanArgument] =
                spec.data.encoding == "report" || spec.data.encoding == "none"
                ? ["--encoding", .literal(spec.data.encoding)] : ["--encoding", "fit", "--fit-on", .path(.data)]
            add(
                PlanRule(
                    id: "encode-holdout-\(holdout.experiment)", targets: [encoded, encoded.sidecar],
                    inputs: [holdoutData, .data], tool: "preprocess",
                    arguments: [.path(holdoutData)] + encoding + ["-o", .path(encoded)]))
            let seed = holdout.seed ?? pipeline.seeds(of: holdout.experiment).first ?? 0
            let metrics = PlanPath(.build, "runs/\(holdout.experiment)/holdout-metrics.json"),
                predictions = PlanPath(.build, "runs/\(holdout.experiment)/holdout-predictions.csv")
            add(
                PlanRule(
                    id: "evaluate-holdout-\(holdout.experiment)", targets: [metrics, predictions, predictions.sidecar],
                    inputs: [run.models, encoded, encoded.sidecar],
                    tool: "evaluate",
                    arguments: [.path(run.models), .path(encoded), "--seed", .literal("\(seed)"), "--all-seeds"]
                        + (holdout.zeroInputs ?? []).flatMap { ["--zero-input", PlanArgument.literal($0)] } + [
                            "-o", .path(metrics), "--predictions", .path(predictions)
                        ]))
            let figure = PlanPath(.figures, "holdout-2012.png")
            add(
                PlanRule(
                    id: "figure-holdout-2012.png", targets: [figure],
                    inputs: [predictions, predictions.sidecar, holdoutData, .data], tool: "plot",
                    arguments: [
                        "monthly", .path(predictions), "--rows", .path(holdoutData), "--reference", .path(.data),
                        "--title",
                        .literal("The headline model (seed \(seed), trained on 2011) on 2012: mean demand by month"),
                        "-o", .path(figure)
                    ]))
            goals.append(figure)
            resultsInputs += [metrics, holdoutData]
        }

        // The course's acceptance check: its own files, its runs, their predictions.
        for rule in AcceptanceCheck.rules(pipeline) { add(rule) }
        resultsInputs += AcceptanceCheck.resultsInputs(pipeline)

        // The results and the report, from every run and the data the baselines read.
        if let baselines = pipeline.beyond.baselines, let spec = pipeline.experiment(baselines.experiment) {
            addData(spec.data.raw)
            resultsInputs += data(spec.data) + data(spec.data.raw)
        }
        // The readings: the validation rows their hidden units are measured on, the data files the
        // loss log's candidates count, and the histories compared with the log.
        for reading in pipeline.readings {
            for base in pipeline.readingBases {
                guard let spec = pipeline.runSpec(reading.experiment(for: base)) else { continue }
                resultsInputs += data(spec.data) + (spec.data.file.map { [PlanPath(.project, $0)] } ?? [])
            }
        }
        resultsInputs += pipeline.readingHistories.map { paths.run($0).history }
        // The splits on which a claim or the sweeps' finding compares with predicting the training mean.
        for split in pipeline.meanPredictorSplits { resultsInputs += data(split) }
        let results = PlanPath(.figures, "results.json"), report = PlanPath(.figures, "report.md")
        var seenInputs = Set<PlanPath>()
        let buildInfo = [PlanPath(.tools, "sources.sha256"), PlanPath(.tools, "toolchain")]
        // The headline model's close-up, measured for the report's paragraph on it.
        if let spec = pipeline.experiment(headline) {
            let predictions = PlanPath(.build, "runs/\(headline)/seed\(seed)-predictions.csv")
            resultsInputs += [predictions, predictions.sidecar] + data(spec.data.raw)
        }
        // The headline's loss curve, compared with the one the report printed.
        if pipeline.published.loss_curve_printed?.isEmpty == false {
            resultsInputs.append(paths.run(pipeline.tables.headline.experiment).history)
        }
        let inputs =
            (pipeline.experiments.map { paths.run($0.name).models } + resultsInputs + [.data]
            + pipeline.files.map { PlanPath(.pipeline, $0) } + buildInfo)
            .filter { seenInputs.insert($0).inserted }
        add(
            PlanRule(
                id: "results", targets: [results, report], inputs: inputs, tool: "report",
                arguments: [
                    "build", "--pipeline", .path(.folder(.pipeline)), "--runs", .path(PlanPath(.build, "runs")),
                    "--data-folder", .path(PlanPath(.build, "data")),
                    "--data", .path(.data), "--build-info", .path(.folder(.tools)), "-o", .path(.folder(.figures))
                ],
                progress: "[report] tables, conclusions and provenance"))
        goals.insert(contentsOf: [results, report], at: 0)
        for table in pipeline.beyond.learningRateSweeps?.tables ?? [] {
            let figure = PlanPath(.figures, "sweep-\(table).png")
            // Titled as the report titles the table, not by its internal name.
            let number = (pipeline.tables.tables.firstIndex { $0.name == table } ?? 0) + 1
            let published = pipeline.published.tables[table]?.title ?? table
            add(
                PlanRule(
                    id: "figure-sweep-\(table).png", targets: [figure], inputs: [results], tool: "plot",
                    arguments: [
                        "sweep", .path(results), "--table", .literal(table),
                        "--title", .literal("Learning-rate sweep of Table \(number): \(published)"), "-o", .path(figure)
                    ]))
            goals.append(figure)
        }
        // A figure per study, from its rows in the results.
        for study in pipeline.studies {
            let figure = PlanPath(.figures, study.figure)
            // The settings all points share: the grid's own are in the title already.
            let specs = study.points.compactMap { pipeline.runSpec($0.experiment) }
            let base = specs.isEmpty ? nil : SettingsText.describe(specs, brief: true).common
            add(
                PlanRule(
                    id: "figure-\(study.figure)", targets: [figure], inputs: [results], tool: "plot",
                    arguments: [
                        "study", .path(results), "--study", .literal(study.name),
                        "--title",
                        .literal(
                            "Study \(study.name): \(study.settings.joined(separator: " × "))\(base.map { " (\($0))" } ?? "")"
                        ),
                        "-o", .path(figure)
                    ]))
            goals.append(figure)
        }
        self.rules = rules
        self.goals = goals
        experiments = pipeline.experiments.map(\.name)
        self.variant = variant
        declarations = pipeline.files
    }
}

/// Where the pipeline keeps each file: one naming, shared by the plan and the report builder.
public struct PipelinePaths: Sendable {
    public struct Run: Sendable {
        public var models: PlanPath
        public var history: PlanPath
    }

    /// The whole file `data` encodes: its own file's, or DATA's.
    public func encoded(_ data: ExperimentSpec.DataSpec) -> PlanPath {
        PlanPath(.build, "data/encoded-\(data.fileStem.map { "\($0)-" } ?? "")\(data.encoding).csv")
    }
    /// The raw data file `data` starts from: DATA unless it names one of its own.
    public func source(_ data: ExperimentSpec.DataSpec) -> PlanPath {
        data.file.map { PlanPath(.project, $0) } ?? .data
    }
    public func training(_ data: ExperimentSpec.DataSpec) -> PlanPath {
        PlanPath(.build, "data/\(data.variant)/training.csv")
    }
    public func validation(_ data: ExperimentSpec.DataSpec) -> PlanPath {
        PlanPath(.build, "data/\(data.variant)/validation.csv")
    }
    public func run(_ name: String) -> Run {
        Run(models: PlanPath(.build, "runs/\(name)/models.json"), history: PlanPath(.build, "runs/\(name)/history.csv"))
    }
    /// Where `make run` trains a variant: apart from the runs the report reads.
    public func variant(_ name: String) -> Run {
        Run(
            models: PlanPath(.build, "variants/\(name)/models.json"),
            history: PlanPath(.build, "variants/\(name)/history.csv"))
    }
}

extension MakePlan {
    /// The plan as make rules, and each rule's stamp: the text of the rule itself, which the rule
    /// depends on. `report plan` rewrites a stamp only when its text changes, so a rule reruns when
    /// its command, inputs or outputs change, and a declaration edit that changes no command (a
    /// description, a conclusion's expectation) reruns nothing but the report.
    ///
    /// Each rule has one make target, its first output; its other outputs (sidecars, a history)
    /// force it when missing, and rules that read them depend on the first. Grouped targets
    /// (`&:`) would say the same, but GNU make 4.3 then leaves their dependents out of
    /// `make -n`, and `make -n report` must list exactly what `make report` runs.
    public func makefile() throws -> (text: String, stamps: [(name: String, text: String)]) {
        var primary: [PlanPath: PlanPath] = [:]
        for rule in rules { for target in rule.targets { primary[target] = rule.targets[0] } }
        func made(_ paths: [PlanPath]) -> [PlanPath] {
            var seen = Set<PlanPath>()
            return paths.map { primary[$0] ?? $0 }.filter { seen.insert($0).inserted }
        }
        var out = "# Made by `report plan` from $(PIPELINE)/; make remakes it when a declaration or a tool changes.\n\n"
        out += "EXPERIMENTS := \(experiments.joined(separator: " "))\n"
        out += "RUNS := \(experiments.map { PipelinePaths().run($0).models.make }.joined(separator: " "))\n"
        out += "REPORT_FILES := \(made(goals).map(\.make).joined(separator: " "))\n"
        out +=
            "DATA_FILES := \(rules.filter { $0.tool == "split" || $0.tool == "preprocess" }.map(\.targets[0].make).joined(separator: " "))\n"
        out += "PLAN_STAMPS := \(rules.map { "$(B)/plan/\($0.id).rule" }.joined(separator: " "))\n"
        out += "DECLARATIONS := \(declarations.map { PlanPath(.pipeline, $0).make }.joined(separator: " "))\n\n"
        var stamps: [(String, String)] = []
        for rule in rules {
            if let problem = Declared.nameProblem(rule.id) { throw UsageError("plan rule: \(problem)") }
            var folders: [String] = []
            for target in rule.targets where !folders.contains(target.folder) { folders.append(target.folder) }
            // Folders come from checked paths (`PlanPath`): quoted, their variables left to make.
            let mkdir = "\t@mkdir -p \(folders.map { "'\($0)'" }.joined(separator: " "))\n"
            let progress = try rule.progress.map { "\t@echo \(try MakeText.argument(.literal($0))) >&2\n" } ?? ""
            // $(PLOT_SCALE) is the Makefile's, checked there: empty, or --scale N for print copies.
            let command =
                "\t$(BIN)/\(rule.tool) \(try rule.arguments.map(MakeText.argument).joined(separator: " "))\(rule.tool == "plot" ? " $(PLOT_SCALE)" : "")\n"
            let others = rule.targets.dropFirst().map(\.make).joined(separator: " ")
            let head = "\(rule.targets[0].make): \(made(rule.inputs).map(\.make).joined(separator: " "))"
            // The stamp holds what decides the outputs, not the progress line ("[3/63]" would
            // renumber, and so rerun, every rule when an experiment is added).
            stamps.append((rule.id, rule.targets.map(\.make).joined(separator: " ") + " <- " + head + "\n" + command))
            let missing = others.isEmpty ? "" : " $(if $(filter-out $(wildcard \(others)),\(others)),FORCE)"
            out +=
                head + " $(B)/plan/\(rule.id).rule $(TOOLS_STAMPS)/\(rule.tool).sha256\(missing)\n" + mkdir + progress
                + command + "\n"
        }
        if let variant {
            let models = PipelinePaths().variant(variant.name).models, base = PipelinePaths().run(variant.runs).models
            let arguments: [PlanArgument] = [
                "compare", "--base", .path(base), "--base-name", .literal(variant.base), "--variant", .path(models),
                "--changes", .literal(variant.changes)
            ]
            out += ".PHONY: variant\nvariant: \(models.make) \(base.make)\n"
            out += "\t@$(BIN)/report \(try arguments.map(MakeText.argument).joined(separator: " "))\n"
        }
        return (out, stamps)
    }
}

extension MakePlan {
    /// The same rules for Makeflow (cctools): every file each rule reads, sidecars and its tool
    /// included (a worker gets only what a rule names), every file it writes, `LOCAL` for the
    /// cheap rules, and `CORES` for a training rule: one per seed, at most `cores` (a task larger
    /// than its worker would never start). `folders` gives the Makefile's variables their values.
    public func makeflow(folders: [String: String], cores: Int) throws -> String {
        for (name, value) in folders.sorted(by: { $0.key < $1.key }) {
            guard !value.isEmpty,
                value.unicodeScalars.allSatisfy({
                    $0.isASCII
                        && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                            || "._-/".unicodeScalars.contains($0))
                })
            else {
                throw UsageError(
                    "\(name)=\(Quoted(value)): a folder for Makeflow may use letters, digits, '.', '_', '-' and '/' only"
                )
            }
        }
        func resolve(_ text: String) -> String {
            var out = text
            for (name, value) in folders { out = out.replacingOccurrences(of: "$(\(name))", with: value) }
            return out
        }
        guard let bin = folders["BIN"] else { throw UsageError("the tools' folder BIN is not given") }
        // Makeflow deletes (or moves aside) the outputs of a failed rule. A committed file must
        // never be among them: a rule that writes under FIG declares a stamp under B instead, and
        // its tool replaces the committed file by its own atomic rename only once it succeeds.
        var stampOf: [PlanPath: String] = [:]
        for rule in rules where rule.targets.contains(where: { $0.root == .figures }) {
            for target in rule.targets { stampOf[target] = "$(B)/makeflow/done/\(rule.id)" }
        }
        var out =
            "# Made by `report makeflow` from the same plan as build/plan.mk: run it with `make report ENGINE=makeflow`.\n"
        // A worker has only the files a rule names: the recorded inputs of those files cannot be
        // checked there, and `make report ENGINE=makeflow` says so once instead of each tool.
        out += "export BIKE_REPORT_UNCHECKED=quiet\n\n"
        for rule in rules {
            let local = rule.tool != "train"
            let stamp = rule.targets.lazy.compactMap { stampOf[$0] }.first
            guard stamp == nil || local else {
                throw UsageError("plan rule \(rule.id): a rule that writes committed files must run LOCAL")
            }
            out +=
                ".MAKEFLOW CATEGORY \(local ? "local" : "train")\n.MAKEFLOW CORES \(local ? 1 : max(1, min(rule.seeds, cores)))\n"
            // A worker's sandbox takes relative names only: a tool from an absolute folder is sent
            // under tools/ (Makeflow's LOCAL->REMOTE), and run from there.
            let remoteTool = bin.hasPrefix("/") && !local ? "tools/\(rule.tool)" : "\(bin)/\(rule.tool)"
            var inputs: [String] = []
            for input in rule.inputs {
                let name = resolve(stampOf[input] ?? input.make)
                if !inputs.contains(name) { inputs.append(name) }
            }
            inputs.append(remoteTool == "\(bin)/\(rule.tool)" ? remoteTool : "\(bin)/\(rule.tool)->\(remoteTool)")
            let targets =
                stamp.map { [resolve($0)] + rule.targets.filter { $0.root != .figures }.map { resolve($0.make) } }
                ?? rule.targets.map { resolve($0.make) }
            out += targets.joined(separator: " ") + ": " + inputs.joined(separator: " ") + "\n"
            var folders: [String] = []
            for target in rule.targets where !folders.contains(resolve(target.folder)) {
                folders.append(resolve(target.folder))
            }
            if stamp != nil, !folders.contains(resolve("$(B)/makeflow/done")) {
                folders.append(resolve("$(B)/makeflow/done"))
            }
            let arguments = try rule.arguments.map { try MakeText.makeflowArgument($0, resolve: resolve) }
            out +=
                "\t\(local ? "LOCAL " : "")mkdir -p \(folders.map { "'\($0)'" }.joined(separator: " ")) && '\(remoteTool.hasPrefix("/") ? remoteTool : "./" + remoteTool)' \(arguments.joined(separator: " "))\(stamp.map { " && touch '\(resolve($0))'" } ?? "")\n\n"
        }
        return out
    }
}
