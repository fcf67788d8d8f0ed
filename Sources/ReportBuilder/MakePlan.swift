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
        var plan = PlanBuilder(pipeline)
        plan.addExperiments(variant: variant)
        plan.addTableFigures()
        plan.addHeadlineCloseUps()
        plan.addHoldout()
        plan.addAcceptance()
        plan.addResults()
        plan.addFiguresFromResults()
        rules = plan.rules
        goals = plan.goals
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
