import ArgumentParser
import Artifacts
import BikeModel
import DeclaredReports
import Foundation
import Gates

extension Report {
    /// A declared report (reports/NAME/report.json): its results and words from its runs.
    struct Declared: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a declared report's results.json and report.md from its runs.")
        @Argument(help: "The report's folder, e.g. reports/udacity.") var folder: String
        @Option(help: "The folder of its runs: RUNS/RUN.json from train --report.") var runs: String
        @Option(name: .shortAndLong, help: "The folder for results.json and report.md (FOLDER/figures).")
        var output: String?

        func run() throws {
            let report = try ReportDeclaration.load(folder: folder)
            let out = output ?? folder + "/figures"
            let paths = report.runs.map { "\(runs)/\($0.name).json" }
            try OutputGuard.check(
                outputs: ["\(out)/results.json", "\(out)/report.md"], inputs: [report.file] + report.inputFiles + paths)
            var files: [String: DeclaredRunsFile] = [:]
            for (run, path) in zip(report.runs, paths) { files[run.name] = try DeclaredRunsFile.load(path) }
            let inputs = try ([report.file] + paths).map {
                ArtifactHeader.Input(
                    role: $0 == report.file ? "declaration" : "runs", path: $0, sha256: try fingerprint($0))
            }
            let results = try DeclaredResults.build(
                report, runs: files, inputs: inputs, output: "\(out)/results.json")
            try AtomicWrite.makeFolder(out)
            try AtomicWrite.files([
                ("\(out)/results.json", try ArtifactJSON.encode(results)),
                ("\(out)/report.md", Data(DeclaredMarkdown.text(results, report).utf8))
            ])
            FileHandle.standardError.write(Data("report: \(results.summary)\n".utf8))
        }
    }

    /// The gate of a declared report: its results present and whole, and no number moved since
    /// the committed ones.
    struct CheckDeclared: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-declared",
            abstract:
                "Fail when a declared report's results lack a published run or claim, or moved since a git revision.")
        @Argument(help: "The report's folder, e.g. reports/udacity.") var folder: String
        @Option(help: "The git revision whose committed results the drift gate compares with.") var against = "HEAD"
        @Flag(help: "Skip the drift gate.") var noDrift = false

        func run() throws {
            let report = try ReportDeclaration.load(folder: folder)
            let path = folder + "/figures/results.json"
            let results = try ArtifactJSON.load(DeclaredResults.self, from: path, schema: .declaredResults)
            var failures = DeclaredResults.failures(results, report)
            if !noDrift {
                let drift = try DriftGate.check(path, against: against, tolerance: 0)
                if let notice = drift.notice { FileHandle.standardError.write(Data("notice: \(notice)\n".utf8)) }
                if let failure = drift.item.failure { failures.append(failure) }
                if let diff = drift.diff, !diff.isEmpty {
                    FileHandle.standardError.write(
                        Data(diff.markdown(old: "\(path) at \(against)", new: "\(path) rebuilt").utf8))
                }
            }
            for failure in failures { FileHandle.standardError.write(Data("check failed: \(failure)\n".utf8)) }
            print(results.summary + (failures.isEmpty ? "" : "; \(failures.count) checks failed"))
            if !failures.isEmpty { throw ExitCode.failure }
        }
    }
}
