import ArgumentParser
import Artifacts
import BikeModel
import DeclaredReports
import Foundation
import Gates
import Pipeline
import Plan
import ReportBuilder

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: Tool.report.name,
        abstract: "Assemble the reproduced report from pipeline/ and the runs, and gate it.",
        version: packageVersion,
        subcommands: [
            Plan.self, Makeflow.self, Build.self, Check.self, Diff.self, Compare.self, Declared.self, CheckDeclared.self
        ])
}

struct PipelineOption: ParsableArguments {
    @Option(help: "The folder of declarations: published.json, tables.json, experiments/.") var pipeline = "pipeline"
}

/// Where the declared reports are, for the commands that plan them with pipeline/.
struct ReportsOption: ParsableArguments {
    @Option(help: "The folder of declared reports, one folder each with its report.json (none if it is absent).")
    var reports = "reports"

    /// The plan of pipeline/ (with `make run`'s variant) and of every declared report.
    func plan(_ spec: PipelineSpec, variant: Variant? = nil) throws -> MakePlan {
        var plan = MakePlan(spec, variant: variant)
        for report in try ReportDeclaration.all(in: reports) { plan.add(report) }
        return plan
    }

    /// The files the plan reads, which no output may overwrite.
    func inputs(_ spec: PipelineSpec) throws -> [String] {
        try spec.filePaths + ReportDeclaration.all(in: reports).flatMap { [$0.file] + $0.inputFiles }
    }
}

extension Report {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the make rules of every data variant, experiment and figure.")
        @OptionGroup var pipeline: PipelineOption
        @OptionGroup var reports: ReportsOption
        @Flag(help: "Print each rule's outputs, inputs and command instead of writing the rules (make plan).")
        var list = false
        @Option(name: .shortAndLong, help: "Where to write the rules.") var output: String?
        @Option(help: "The folder for each rule's stamp, $(B)/plan: a rule reruns when its stamp's text changes.")
        var stamps: String?
        @Option(help: "make run: also plan this experiment with --set's settings changed, and a 'variant' goal.")
        var variant: String?
        @Option(
            name: .customLong("set"),
            help: "make run: the settings to change, 'hiddenUnits=10 learningRate=2e-4' (names as in experiments/).")
        var settings: String?

        func validate() throws {
            if list && (output != nil || stamps != nil) {
                throw ValidationError("--list writes nothing: no -o or --stamps")
            }
            if !list && (output == nil || stamps == nil) { throw ValidationError("give -o and --stamps, or --list") }
        }

        func run() throws {
            let spec = try PipelineSpec.load(pipeline.pipeline)
            if settings != nil && variant == nil { throw ValidationError("--set needs --variant EXPERIMENT") }
            let change = try variant.map { try Variant(base: $0, settings: settings ?? "", pipeline: spec) }
            guard let output, let stamps else {
                print(try reports.plan(spec, variant: change).listing(), terminator: "")
                return
            }
            try OutputGuard.check(outputs: [output], inputs: try reports.inputs(spec))
            let (text, ruleStamps) = try reports.plan(spec, variant: change).makefile()
            try AtomicWrite.makeFolder(stamps)
            for (name, body) in ruleStamps { try AtomicWrite.ifChanged("\(stamps)/\(name).rule", Data(body.utf8)) }
            // The plan last: a plan that failed to build is never left behind.
            try AtomicWrite.files([(output, Data(text.utf8))])
        }
    }

    struct Makeflow: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the same plan as a Makeflow file, for make report ENGINE=makeflow.")
        @OptionGroup var pipeline: PipelineOption
        @OptionGroup var reports: ReportsOption
        @Option(name: .shortAndLong, help: "Where to write the Makeflow file.") var output: String
        @Option(help: "The most cores one training task asks for (at most a worker's cores).") var cores = 1
        @Option(
            name: .customLong("set"),
            help: "NAME=VALUE for each folder variable of the plan: B, BIN, FIG, PIPELINE, DATA, TOOLS_STAMPS.")
        var folders: [String] = []

        func run() throws {
            let spec = try PipelineSpec.load(pipeline.pipeline)
            var values: [String: String] = [:]
            for pair in folders {
                guard let equals = pair.firstIndex(of: "=") else {
                    throw ValidationError("--set \(pair): expected NAME=VALUE")
                }
                values[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            try OutputGuard.check(outputs: [output], inputs: try reports.inputs(spec))
            try AtomicWrite.ifChanged(
                output, Data(try reports.plan(spec).makeflow(folders: values, cores: max(1, cores)).utf8))
        }
    }

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write results.json and report.md: every table beside the published one, the conclusions tested.")
        @OptionGroup var pipeline: PipelineOption
        @Option(help: "The folder of runs: RUNS/EXPERIMENT/models.json.") var runs = "build/runs"
        @Option(help: "The folder of split data, for the baselines.") var dataFolder = "build/data"
        @Option(help: "The raw data, for the provenance.") var data = "data/train.csv"
        @Option(name: .shortAndLong, help: "The folder for results.json and report.md.") var output = "figures"
        @Option(help: "The folder where the build step recorded sources.sha256 and toolchain, for the provenance.")
        var buildInfo: String?

        func run() throws {
            let spec = try PipelineSpec.load(pipeline.pipeline)
            try OutputGuard.check(
                outputs: ["\(output)/results.json", "\(output)/report.md"], inputs: spec.filePaths + [data])
            let results = try ReportResults.assemble(
                pipeline: spec, runs: runs, dataFolder: dataFolder, dataPath: data, output: "\(output)/results.json",
                buildInfo: buildInfo)
            try AtomicWrite.files([
                ("\(output)/results.json", try ArtifactJSON.encode(results)),
                ("\(output)/report.md", Data(ReportMarkdown.text(results, pipeline: spec).utf8))
            ])
            // A study whose file was deleted leaves no figure behind.
            let stale = ((try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []).filter {
                $0.hasPrefix("study-") && $0.hasSuffix(".png") && results.figures[$0] == nil
            }
            for file in stale.sorted() {
                try FileManager.default.removeItem(atPath: "\(output)/\(file)")
                FileHandle.standardError.write(Data("report: removed \(output)/\(file): no study makes it now\n".utf8))
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Fail, naming each cell, when a reproduced median leaves its tolerance, a conclusion changes, or a number moved since a git revision.",
            discussion: """
                The drift gate compares RESULTS with the file as committed at --against (HEAD), number by
                number, with the tolerance of tables.json's "drift" (none by default): the pipeline is
                deterministic, so a moved number is a change to fix or to commit. Without git history the
                drift gate is skipped with a notice. The summary line is printed on a pass and a failure.
                """)
        @OptionGroup var pipeline: PipelineOption
        @Argument(help: "The results to check.") var results = "figures/results.json"
        @Option(help: "The git revision whose committed results the drift gate compares with.") var against = "HEAD"
        @Flag(help: "Skip the drift gate.") var noDrift = false
        @Option(
            help: "Also write the checks as JUnit XML here (one test case per gated cell, conclusion and drift check).")
        var junit: String?

        func run() throws {
            let spec = try PipelineSpec.load(pipeline.pipeline)
            let current = try ArtifactJSON.load(ReportResults.self, from: results, schema: .results)
            var items = ResultsCheck.items(current, pipeline: spec)
            if !noDrift {
                let drift = try DriftGate.check(results, against: against, tolerance: spec.tables.drift?.tolerance ?? 0)
                if let notice = drift.notice { FileHandle.standardError.write(Data("notice: \(notice)\n".utf8)) }
                items.append(drift.item)
                if let diff = drift.diff, !diff.isEmpty {
                    FileHandle.standardError.write(
                        Data(diff.markdown(old: "\(results) at \(against)", new: "\(results) rebuilt").utf8))
                    FileHandle.standardError.write(
                        Data(
                            "If the change is intended: commit the regenerated figures/ (git add figures && git commit).\n"
                                .utf8))
                }
            }
            if let junit {
                try OutputGuard.check(outputs: [junit], inputs: [results] + spec.filePaths)
                try AtomicWrite.makeFolder(FilePath.folder(of: junit))
                try AtomicWrite.files([(junit, Data(JUnitReport.xml(items, name: "make check").utf8))])
            }
            let failures = items.compactMap(\.failure)
            for failure in failures { FileHandle.standardError.write(Data("check failed: \(failure)\n".utf8)) }
            print(ResultsCheck.summary(items, results: current))
            if !failures.isEmpty { throw ExitCode.failure }
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a variant's runs beside its base experiment's (make run EXP=… SET=…).")
        @Option(help: "The base experiment's models.json.") var base: String
        @Option(help: "The base experiment's name, for the header.") var baseName = "base"
        @Option(help: "The variant's models.json.") var variant: String
        @Option(help: "The settings the variant changed, in words.") var changes = "other settings"

        func run() throws {
            print(
                try VariantComparison.text(base: base, baseName: baseName, variant: variant, changes: changes),
                terminator: "")
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Compare results.json with the one committed at a git revision: every number, verdict and finding, old beside new.",
            discussion:
                "Exit status 1 when anything moved beyond the drift tolerance of tables.json (none by default), 0 when nothing did."
        )
        @OptionGroup var pipeline: PipelineOption
        @Argument(help: "The results to compare (the working tree's).") var results = "figures/results.json"
        @Option(help: "The git revision to compare with.") var against = "HEAD"
        @Option(help: "markdown (fit to paste as a pull-request comment) or json (for scripts).") var format:
            DiffFormat = .markdown

        enum DiffFormat: String, ExpressibleByArgument { case markdown, json }

        func run() throws {
            let spec = try PipelineSpec.load(pipeline.pipeline)
            let drift = try DriftGate.check(results, against: against, tolerance: spec.tables.drift?.tolerance ?? 0)
            guard let diff = drift.diff else { throw ValidationError(drift.notice ?? "nothing to compare with") }
            switch format {
            case .markdown: print(diff.markdown(old: "\(against)", new: "working tree"), terminator: "")
            case .json:
                FileHandle.standardOutput.write(
                    try ArtifactJSON.encode(
                        DriftGate.Report(
                            against: against, tolerance: diff.tolerance, numbersCompared: diff.numbersCompared,
                            changes: diff.changes)))
            }
            if !diff.isEmpty { throw ExitCode.failure }
        }
    }
}

Report.main()
