import Artifacts
import Foundation
import Plan
import TestSupport
import Testing

@testable import DeclaredReports

/// A report nobody wrote Swift for: a folder with a data file and a report.json, planned,
/// trained, judged and written by the tools as built.
@Suite("Declared reports: a third report, by declarations alone")
struct ThirdReportTests {
    static let declaration = """
        {
          "title": "A tiny report",
          "data": {
            "files": ["data/small.csv"],
            "predict": {"file": "data/unlabeled.csv", "labels": "data/labels.csv"},
            "inputs": [
              {"column": "hr", "encode": "one-hot", "levels": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]},
              {"column": "temp", "encode": "passthrough"},
              {"column": "season", "encode": "target-mean", "rows": "training"}
            ],
            "target": {"encode": "raw"},
            "wholeCounts": true,
            "split": {"rule": "interleaved", "trainShare": 75}
          },
          "network": {
            "hidden": [{"units": 3, "activation": "relu"}, {"units": 2, "activation": "leaky-relu", "slope": 0.1}],
            "output": "relu",
            "biases": true,
            "initialWeights": {"distribution": "uniform", "low": 0, "high": 0.5},
            "generator": "project",
            "weightOrder": "unit-major"
          },
          "training": {"batches": "in-order", "batchSize": 10, "epochs": 3, "learningRate": 0.0001, "lossEvery": 10,
                       "reported": {"factor": 0.5, "at": "minimum"}},
          "runs": [{"name": "small", "description": "two hidden layers, three epochs", "seeds": "0-2"}],
          "published": {
            "runs": [{"name": "someone", "run": "small", "source": "example.org/tiny", "printed": "rounded", "trainingLoss": 9000, "validationLoss": 9000,
                      "margin": 0.5, "marginReason": "a wide margin, for the test"}],
            "claims": [{"name": "bar", "text": "the validation loss is below a billion", "run": "small", "measure": "validationLoss", "below": 1e9}]
          }
        }
        """

    static func project() throws -> String {
        let dir = Fixtures.folder()
        try FileManager.default.createDirectory(atPath: dir + "/reports/tiny", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        let rows = try String(contentsOfFile: Fixtures.trainCSV, encoding: .utf8).split(separator: "\n").prefix(401)
        Fixtures.write(rows.joined(separator: "\n") + "\n", to: dir + "/data/small.csv")
        // Three later hours with their counts withheld, and the file their counts are found in.
        let later = try String(contentsOfFile: Fixtures.trainCSV, encoding: .utf8).split(separator: "\n")[500..<503]
        let unlabeled = later.map {
            $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") + ",?"
        }
        Fixtures.write(([Fixtures.header] + unlabeled).joined(separator: "\n") + "\n", to: dir + "/data/unlabeled.csv")
        Fixtures.write(
            ([Fixtures.header] + later.map(String.init)).joined(separator: "\n") + "\n", to: dir + "/data/labels.csv")
        Fixtures.write(declaration, to: dir + "/reports/tiny/report.json")
        return dir
    }

    @Test("planned: a training rule per run, its two figures, the results; quoted in the makefile")
    func planned() throws {
        let dir = try Self.project()
        let reports = try ReportDeclaration.all(in: "reports", project: dir)
        #expect(reports.map(\.name) == ["tiny"])
        var plan = MakePlan(rules: [], goals: [], experiments: [])
        plan.add(reports[0])
        #expect(
            plan.rules.map(\.id) == ["declared-tiny-train-small", "declared-tiny-losses-small", "declared-tiny-results"]
        )
        let text = try plan.makefile().text
        #expect(text.contains("DECLARED_REPORTS := reports/tiny"))
        #expect(
            text.contains(
                "$(BIN)/train '--report' 'reports/tiny' '--run' 'small' '-o' '$(B)/reports/tiny/runs/small.json'"))
    }

    @Test("trained, judged and written by the built tools, the same bytes twice")
    func runThrough() throws {
        let dir = try Self.project()
        let later = try String(contentsOfFile: Fixtures.trainCSV, encoding: .utf8).split(separator: "\n")[500..<503]
        let train = try Fixtures.tool(
            "train", ["--report", "reports/tiny", "--run", "small", "-o", "runs/small.json"], in: dir)
        #expect(train.status == 0, "\(train.error)")
        let first = try Data(contentsOf: URL(fileURLWithPath: dir + "/runs/small.json"))
        _ = try Fixtures.tool("train", ["--report", "reports/tiny", "--run", "small", "-o", "runs/small.json"], in: dir)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/runs/small.json")) == first)
        try FileManager.default.createDirectory(
            atPath: dir + "/reports/tiny/figures", withIntermediateDirectories: true)
        for kind in ["losses"] {
            let plot = try Fixtures.tool(
                "plot", ["declared-\(kind)", "runs/small.json", "-o", "reports/tiny/figures/\(kind)-small.png"], in: dir
            )
            #expect(plot.status == 0, "\(plot.error)")
        }
        let report = try Fixtures.tool("report", ["declared", "reports/tiny", "--runs", "runs"], in: dir)
        #expect(report.status == 0, "\(report.error)")
        let results = try ArtifactJSON.load(
            DeclaredResults.self, from: dir + "/reports/tiny/figures/results.json", schema: .declaredResults)
        #expect(results.runs["small"] == [0, 1, 2])
        #expect(results.published.first?.cells.count == 2)
        #expect(results.claims.first?.verdict == .holds)
        // The margin declared with its reason gives each published number a verdict.
        #expect(results.published.first?.cells.allSatisfy { $0.reproduced.verdict != nil } == true)
        // ½ · MSE at the step of the lowest validation loss: each seed's reported pair is half a logged pair.
        let runs = try DeclaredRunsFile.load(dir + "/runs/small.json")
        for seed in runs.seeds {
            let lowest = seed.losses.min { $0[2] < $1[2] }!
            #expect(seed.trainingLoss == lowest[1] && seed.validationLoss == lowest[2])
        }
        #expect(runs.lossWords == "½ · mean squared error (bikes per hour)²")
        // The three withheld hours, predicted by every seed, beside their real counts.
        #expect(results.predictions?.first?.hours.count == 3)
        #expect(runs.predictHours?.map(\.actual) == later.map { Double($0.split(separator: ",").last!)! })
        let markdown = try String(contentsOfFile: dir + "/reports/tiny/figures/report.md", encoding: .utf8)
        #expect(
            markdown.contains("## Predicted hours") && markdown.contains("The margin of someone's run: a wide margin"))
        #expect(markdown.hasPrefix("# A tiny report, reproduced\n\n## What was found\n"))
        #expect(markdown.contains("hidden layers 3 ReLU, then 2 leaky ReLU (slope 0.1)"))
        #expect(markdown.contains("(losses-small.png)") && !markdown.contains("test-small.png"))
        let check = try Fixtures.tool("report", ["check-declared", "reports/tiny", "--no-drift"], in: dir)
        #expect(check.status == 0 && check.output.hasPrefix("tiny: "), "\(check.error)")
        // Runs made from an older declaration (other seeds) are stale: refused, not judged.
        let declared = try String(contentsOfFile: dir + "/reports/tiny/report.json", encoding: .utf8)
        Fixtures.write(
            declared.replacingOccurrences(of: "\"seeds\": \"0-2\"", with: "\"seeds\": \"0-3\""),
            to: dir + "/reports/tiny/report.json")
        let stale = try Fixtures.tool("report", ["declared", "reports/tiny", "--runs", "runs"], in: dir)
        #expect(stale.status != 0 && stale.error.contains("runs/small.json: is stale"), "\(stale.error)")
    }

    @Test("an output over an input, and --report with a table, are refused")
    func refusals() throws {
        let dir = try Self.project()
        let over = try Fixtures.tool(
            "train", ["--report", "reports/tiny", "--run", "small", "-o", "data/small.csv"], in: dir)
        #expect(over.status != 0 && over.error.contains("data/small.csv"))
        let mixed = try Fixtures.tool(
            "train", ["--report", "reports/tiny", "--run", "small", "t.csv", "v.csv", "-o", "x.json"], in: dir)
        #expect(mixed.status != 0 && mixed.error.contains("--report trains what report.json declares"))
        // A log measured every step of a very long run would not fit in memory: refused first.
        let text = try String(contentsOfFile: dir + "/reports/tiny/report.json", encoding: .utf8)
        Fixtures.write(
            text.replacingOccurrences(of: "\"epochs\": 3,", with: "\"epochs\": 100000,")
                .replacingOccurrences(of: "\"lossEvery\": 10,", with: "\"lossEvery\": 1,"),
            to: dir + "/reports/tiny/report.json")
        let long = try Fixtures.tool("train", ["--report", "reports/tiny", "--run", "small", "-o", "x.json"], in: dir)
        #expect(long.status != 0 && long.error.contains("raise lossEvery"), "\(long.error)")
        Fixtures.write(text, to: dir + "/reports/tiny/report.json")
        let unknown = try Fixtures.tool("train", ["--report", "reports/tiny", "--run", "big", "-o", "x.json"], in: dir)
        #expect(unknown.status != 0 && unknown.error.contains("declares no run \"big\""), "\(unknown.error)")
    }
}
