import Foundation
import TestSupport
import Testing

/// Each tool run as a user runs it, on a 300-hour project: exit codes, the exact words of its
/// errors, its help and version, and what it writes (nothing, on a failure).
@Suite("The tools as a user runs them")
struct ExecutableTests {
    static let tools = ["preprocess", "split", "train", "evaluate", "plot", "report"]

    /// A folder with the first 300 hours, encoded and split (225 training, 75 validation rows).
    func project() throws -> String {
        let dir = Fixtures.folder()
        let lines = try String(contentsOfFile: Fixtures.trainCSV, encoding: .utf8).split(separator: "\n").prefix(301)
        Fixtures.write(lines.joined(separator: "\n") + "\n", to: dir + "/raw.csv")
        try assertExecute("preprocess", ["raw.csv", "-o", "enc.csv"], in: dir)
        try assertExecute(
            "split", ["enc.csv", "--train-share", "75", "--train-output", "t.csv", "--validation-output", "v.csv"],
            in: dir)
        return dir
    }

    /// Runs `tool` and checks its exit status (unless nil) and, when given, its exact standard error.
    @discardableResult
    func assertExecute(
        _ tool: String, _ arguments: [String], in dir: String, exitCode: Int32? = 0, error: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (output: String, error: String) {
        let result = try Fixtures.tool(tool, arguments, in: dir)
        if let exitCode {
            #expect(
                result.status == exitCode, "\(tool) \(arguments.joined(separator: " ")): \(result.error)",
                sourceLocation: sourceLocation)
        }
        if let error { #expect(result.error == error, sourceLocation: sourceLocation) }
        return (result.output, result.error)
    }

    @Test("report plan --list prints the project's plan and writes nothing; with -o it is refused")
    func planList() throws {
        // In the project folder: the declarations name data files relative to it.
        let dir = Fixtures.repository.path, pipeline = "pipeline"
        let (output, _) = try assertExecute("report", ["plan", "--list", "--pipeline", pipeline], in: dir)
        #expect(output.contains(" rules (evaluate, plot, preprocess, report, split, train) for "))
        #expect(output.contains("\ntrain-headline (10 seeds side by side)\n  writes: $(B)/runs/headline/models.json "))
        // The declared reports under reports/ are planned with it.
        #expect(output.contains("\ndeclared-udacity-train-relanwar (10 seeds side by side)\n"))
        try assertExecute(
            "report", ["plan", "--list", "-o", "plan.mk", "--pipeline", pipeline], in: dir, exitCode: 64,
            error: "Error: --list writes nothing: no -o or --stamps\n"
                + "Usage: report plan [--pipeline <pipeline>] [--reports <reports>] [--list] [--output <output>] [--stamps <stamps>] [--variant <variant>] [--set <set>]\n"
                + "  See 'report plan --help' for more information.\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/plan.mk"))
    }

    /// Every file under `dir` with its bytes.
    func snapshot(_ dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in Fixtures.files(in: dir) { files[name] = FileManager.default.contents(atPath: dir + "/" + name) }
        return files
    }

    @Test("every tool explains itself with --help and names its version with --version", arguments: tools)
    func helpAndVersion(tool: String) throws {
        let dir = Fixtures.folder()
        let help = try assertExecute(tool, ["--help"], in: dir)
        #expect(help.output.hasPrefix("OVERVIEW: "))
        #expect(help.output.contains("USAGE: \(tool) "))
        let version = try assertExecute(tool, ["--version"], in: dir)
        #expect(
            version.output.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(version.output)")
    }

    @Test("bad input is refused with the file, the line, the column and what is wrong, and nothing is written")
    func badInput() throws {
        let dir = try project()
        let raw = try String(contentsOfFile: dir + "/raw.csv", encoding: .utf8)
        var lines = raw.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: ",6,0,1,", with: ",6,0,x,")
        Fixtures.write(lines.joined(separator: "\n"), to: dir + "/bad.csv")
        let before = try snapshot(dir)
        try assertExecute(
            "preprocess", ["bad.csv", "-o", "out.csv"], in: dir, exitCode: 1,
            error: "Error: bad.csv:3: column 'weathersit': expected an integer 1–4, found \"x\"\n")
        try assertExecute(
            "train", ["t.csv", "v.csv", "--max-epochs", "1000000000", "-o", "m.json"], in: dir, exitCode: 1,
            error: "Error: the epoch limit must be from 0 to 100000, got 1000000000\n")
        // A usage error exits 64, as ArgumentParser does.
        try assertExecute("train", ["t.csv", "v.csv", "--max-epochs", "-3", "-o", "m.json"], in: dir, exitCode: 64)
        try assertExecute("train", ["t.csv", "missing.csv", "-o", "m.json"], in: dir, exitCode: 1)
        try assertExecute("evaluate", ["t.csv", "v.csv", "-o", "e.json"], in: dir, exitCode: 1)
        #expect(try snapshot(dir) == before)
    }

    @Test("--max-epochs 0 writes the untrained network: no epoch run, both checkpoints the same")
    func untrained() throws {
        let dir = try project()
        let result = try assertExecute("train", ["t.csv", "v.csv", "--max-epochs", "0", "-o", "m0.json"], in: dir)
        #expect(
            result.error.hasPrefix("train: seed 0: validation MSE ")
                && result.error.contains("after 0 epochs (stopped: maxEpochs)"))
        let model = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/m0.json")))
                as? [String: Any])
        let training = try #require(model["training"] as? [String: Any])
        #expect(training["epochsRun"] as? Int == 0)
        #expect((training["best"] as? NSDictionary) == (training["last"] as? NSDictionary))
    }

    @Test("a model round trip: evaluate on the validation rows gives the MSE train recorded")
    func roundTrip() throws {
        let dir = try project()
        try assertExecute("train", ["t.csv", "v.csv", "--max-epochs", "5", "-o", "m.json"], in: dir)
        let evaluated = try assertExecute(
            "evaluate", ["m.json", "v.csv", "-o", "e.json", "--predictions", "p.csv"], in: dir)
        #expect(evaluated.error.hasPrefix("evaluate: seed 0 on 75 rows: MSE "))
        func json(_ name: String) throws -> [String: Any] {
            try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
                    as? [String: Any])
        }
        let recorded = try #require(((try json("m.json"))["training"] as? [String: Any])?["best"] as? [String: Any])
        #expect((try json("e.json"))["mse"] as? Double == recorded["validationMSE"] as? Double)
        // And the figures of it draw.
        try assertExecute("plot", ["predicted", "p.csv", "-o", "p.png"], in: dir)
        try assertExecute("plot", ["hourly", "p.csv", "--rows", "raw.csv", "-o", "h.png"], in: dir, exitCode: 1)
        #expect(
            FileManager.default.fileExists(atPath: dir + "/p.png")
                && !FileManager.default.fileExists(atPath: dir + "/h.png"))
    }

    @Test("report plans, renders for Makeflow, checks and compares the committed results")
    func reportTool() throws {
        let repo = Fixtures.repository.path, dir = Fixtures.folder()
        let pipeline = repo + "/pipeline", results = repo + "/figures/results.json"
        try assertExecute(
            "report", ["plan", "--pipeline", pipeline, "--stamps", dir + "/plan", "-o", dir + "/plan.mk"], in: repo)
        #expect(try String(contentsOfFile: dir + "/plan.mk", encoding: .utf8).contains("$(BIN)/train "))
        // make run's plan: the variant and the goal printing it beside its base; a bad setting, nothing.
        try assertExecute(
            "report",
            [
                "plan", "--pipeline", pipeline, "--stamps", dir + "/plan", "--variant", "headline", "--set",
                "hiddenUnits=3", "-o", dir + "/run.mk"
            ], in: repo)
        #expect(
            try String(contentsOfFile: dir + "/run.mk", encoding: .utf8).contains(
                "variant: $(B)/variants/headline-hiddenUnits3/models.json $(B)/runs/headline/models.json"))
        let refused = try assertExecute(
            "report",
            [
                "plan", "--pipeline", pipeline, "--stamps", dir + "/plan", "--variant", "headline", "--set",
                "hiddenUnits=3 '; rm -rf /'", "-o", dir + "/bad.mk"
            ], in: repo, exitCode: 1)
        #expect(refused.error.contains("SET: \"';\": expected SETTING=VALUE"), "\(refused.error)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/bad.mk"))
        try assertExecute(
            "report",
            ["makeflow", "--pipeline", pipeline, "--cores", "2", "-o", dir + "/plan.makeflow"]
                + [
                    "B=build", "BIN=.build/release", "FIG=figures", "PIPELINE=pipeline", "DATA=data/train.csv",
                    "TOOLS_STAMPS=build/tools"
                ]
                .flatMap { ["--set", $0] }, in: repo)
        let check = try assertExecute(
            "report", ["check", "--pipeline", pipeline, "--no-drift", "--junit", dir + "/junit.xml", results], in: repo)
        #expect((check.output + check.error).contains("check passed: 18 of 18 gated cells as declared ("))
        #expect((check.output + check.error).contains("8 of 8 study checks as declared"))
        #expect(try String(contentsOfFile: dir + "/junit.xml", encoding: .utf8).contains("<testsuites"))
        // 0 when the results are as committed, 1 while a change to them is not yet committed.
        let diff = try assertExecute(
            "report", ["diff", "--pipeline", pipeline, "--format", "json", results], in: repo, exitCode: nil)
        #expect(diff.output.hasPrefix("{"))
        // An edited cell fails the check, naming it.
        var text = try String(contentsOfFile: results, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"schemaVersion\" : 3", with: "\"schemaVersion\" : 2")
        Fixtures.write(text, to: dir + "/old.json")
        try assertExecute(
            "report", ["check", "--pipeline", pipeline, "--no-drift", dir + "/old.json"], in: repo, exitCode: 1)
    }

    @Test("plot draws the sweeps and the comparisons from the committed results and a history")
    func plotTool() throws {
        let repo = Fixtures.repository.path, dir = try project()
        try assertExecute(
            "plot",
            ["sweep", repo + "/figures/results.json", "--table", "activation", "--scale", "2", "-o", dir + "/s.png"],
            in: dir)
        try assertExecute(
            "plot", ["sweep", repo + "/figures/results.json", "--table", "nothing", "-o", dir + "/n.png"], in: dir,
            exitCode: 64)
        try assertExecute(
            "plot", ["study", repo + "/figures/results.json", "--study", "batch_size", "-o", dir + "/st.png"], in: dir)
        #expect(FileManager.default.fileExists(atPath: dir + "/st.png"))
        try assertExecute(
            "plot", ["study", repo + "/figures/results.json", "--study", "nothing", "-o", dir + "/sn.png"], in: dir,
            exitCode: 64)
        #expect(!FileManager.default.fileExists(atPath: dir + "/sn.png"))
        try assertExecute(
            "train", ["t.csv", "v.csv", "--max-epochs", "3", "--seeds", "0-1", "-o", "set.json", "--history", "h.csv"],
            in: dir)
        // Without the training MSE a history has the same epochs and validation curve, and
        // leaves that column empty.
        try assertExecute(
            "train",
            [
                "t.csv", "v.csv", "--max-epochs", "3", "--seeds", "0-1", "-o", "set2.json", "--history", "h2.csv",
                "--no-training-mse"
            ], in: dir)
        let full = try String(contentsOfFile: dir + "/h.csv", encoding: .utf8).split(separator: "\n")
        let lean = try String(contentsOfFile: dir + "/h2.csv", encoding: .utf8).split(separator: "\n")
        #expect(full.count == lean.count && full.count == 7)
        for (a, b) in zip(full.dropFirst(), lean.dropFirst()) {
            let (x, y) = (
                a.split(separator: ",", omittingEmptySubsequences: false),
                b.split(separator: ",", omittingEmptySubsequences: false)
            )
            #expect(x.count == 4 && y.count == 4 && !x[1].isEmpty && y[1].isEmpty)
            #expect(x[0] == y[0] && x[2] == y[2] && x[3] == y[3], "\(a) against \(b)")
        }
        try assertExecute("plot", ["compare", "--curve", "a=h.csv", "--curve", "b=h2.csv", "-o", "c.png"], in: dir)
        try assertExecute(
            "plot", ["loss", "h.csv", "--model", "set.json", "--seed", "1", "--printed", "2:9000", "-o", "l.png"],
            in: dir)
        try assertExecute("plot", ["loss", "h.csv", "--printed", "two:9000", "-o", "x.png"], in: dir, exitCode: 64)
        try assertExecute("plot", ["monthly", "p.csv", "--rows", "raw.csv", "-o", "m.png"], in: dir, exitCode: 1)
        try assertExecute("plot", ["loss", "h.csv", "--scale", "9", "-o", "y.png"], in: dir, exitCode: 64)
        // Every seed's metrics, and each with yr set to 0.
        let all = try assertExecute(
            "evaluate", ["set.json", "v.csv", "--all-seeds", "--zero-input", "yr", "-o", "all.json"], in: dir)
        #expect(all.error.contains("(and 2 seeds' metrics)"))
        try assertExecute("evaluate", ["set.json", "v.csv", "--zero-input", "yr", "-o", "z.json"], in: dir, exitCode: 1)
        try assertExecute(
            "evaluate", ["set.json", "v.csv", "--all-seeds", "--zero-input", "year", "-o", "z.json"], in: dir,
            exitCode: 1)
        for png in ["s.png", "c.png", "l.png"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + png), "\(png)")
        }
        #expect(
            !FileManager.default.fileExists(atPath: dir + "/n.png")
                && !FileManager.default.fileExists(atPath: dir + "/x.png"))
    }
}
