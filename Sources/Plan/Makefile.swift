import Artifacts
import BikeModel

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
            "DATA_FILES := \(rules.filter { $0.tool == .split || $0.tool == .preprocess }.map(\.targets[0].make).joined(separator: " "))\n"
        out += "PLAN_STAMPS := \(rules.map { "$(B)/plan/\($0.id).rule" }.joined(separator: " "))\n"
        out += "DECLARED_REPORTS := \(declaredReports.map(\.make).joined(separator: " "))\n"
        out +=
            "DECLARATIONS := \((declarations.map { PlanPath(.pipeline, $0) } + otherDeclarations).map(\.make).joined(separator: " "))\n\n"
        var stamps: [(String, String)] = []
        for rule in rules {
            if let problem = Declared.nameProblem(rule.id) { throw UsageError("plan rule: \(problem)") }
            var folders: [String] = []
            for target in rule.targets where !folders.contains(target.folder) { folders.append(target.folder) }
            // Folders come from checked paths (`PlanPath`): quoted, their variables left to make.
            let mkdir = "\t@mkdir -p \(folders.map { "'\($0)'" }.joined(separator: " "))\n"
            let progress = try rule.progress.map { "\t@echo \(try MakeText.argument(.literal($0))) >&2\n" } ?? ""
            // $(PLOT_SCALE) is the Makefile's, checked there: empty, or --scale N for print copies
            // of the figures in $(FIG)/.
            let scaled = rule.tool == .plot && rule.targets[0].root == .figures
            let command =
                "\t$(BIN)/\(rule.tool.name) \(try rule.arguments.map(MakeText.argument).joined(separator: " "))\(scaled ? " $(PLOT_SCALE)" : "")\n"
            let others = rule.targets.dropFirst().map(\.make).joined(separator: " ")
            let head = "\(rule.targets[0].make): \(made(rule.inputs).map(\.make).joined(separator: " "))"
            // The stamp holds what decides the outputs, not the progress line ("[3/63]" would
            // renumber, and so rerun, every rule when an experiment is added).
            stamps.append((rule.id, rule.targets.map(\.make).joined(separator: " ") + " <- " + head + "\n" + command))
            let missing = others.isEmpty ? "" : " $(if $(filter-out $(wildcard \(others)),\(others)),FORCE)"
            out +=
                head + " $(B)/plan/\(rule.id).rule $(TOOLS_STAMPS)/\(rule.tool.name).sha256\(missing)\n" + mkdir
                + progress
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
