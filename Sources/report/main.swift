import ArgumentParser
import Artifacts
import BikeModel
import ReportBuilder
import Foundation

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Assemble the reproduced report from pipeline/ and the runs, and gate it.",
        version: packageVersion,
        subcommands: [Plan.self, Build.self, Check.self])
}

struct PipelineOption: ParsableArguments {
    @Option(help: "The folder of declarations: published.json, tables.json, experiments/.") var pipeline = "pipeline"
}

extension Report {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the make rules of every data variant, experiment and figure.")
        @OptionGroup var pipeline: PipelineOption
        @Option(name: .shortAndLong, help: "Where to write the rules.") var output: String
        @Option(help: "The folder for each rule's stamp, $(B)/plan: a rule reruns when its stamp's text changes.") var stamps: String

        func run() throws {
            let spec = try PipelineSpec.load(pipeline.pipeline)
            let (text, ruleStamps) = try MakePlan(spec).makefile()
            try FileManager.default.createDirectory(atPath: stamps, withIntermediateDirectories: true)
            for (name, body) in ruleStamps { try AtomicWrite.ifChanged("\(stamps)/\(name).rule", Data(body.utf8)) }
            // The plan last: a plan that failed to build is never left behind.
            try AtomicWrite.files([(output, Data(text.utf8))])
        }
    }

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write results.json and report.md: every table beside the published one, the conclusions tested.")
        @OptionGroup var pipeline: PipelineOption
        @Option(help: "The folder of runs: RUNS/EXPERIMENT/models.json.") var runs = "build/runs"
        @Option(help: "The folder of split data, for the baselines.") var dataFolder = "build/data"
        @Option(help: "The raw data, for the provenance.") var data = "data/train.csv"
        @Option(name: .shortAndLong, help: "The folder for results.json and report.md.") var output = "figures"

        func run() throws {
            let spec = try PipelineSpec.load(pipeline.pipeline)
            let results = try ReportResults.assemble(pipeline: spec, runs: runs, dataFolder: dataFolder, dataPath: data, output: "\(output)/results.json")
            try AtomicWrite.files([("\(output)/results.json", try ArtifactJSON.encode(results)),
                                   ("\(output)/report.md", Data(ReportMarkdown.text(results, pipeline: spec).utf8))])
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fail, naming each cell, when a reproduced median leaves its tolerance or a conclusion changes.")
        @OptionGroup var pipeline: PipelineOption
        @Argument(help: "The results to check.") var results = "figures/results.json"

        func run() throws {
            let spec = try PipelineSpec.load(pipeline.pipeline)
            let failures = ResultsCheck.failures(try ArtifactJSON.load(ReportResults.self, from: results, schema: .results), pipeline: spec)
            guard failures.isEmpty else {
                for failure in failures { FileHandle.standardError.write(Data("check failed: \(failure)\n".utf8)) }
                throw ExitCode.failure
            }
            print("check passed: every gated cell within its tolerance, the headline inside the stated range, every conclusion as expected")
        }
    }
}

Report.main()
