import BikeModel
import Foundation
import TestSupport
import Testing

/// The rebuild contract, driven through the real Makefile on a small pipeline: after each
/// change, `make report` runs exactly the stages that depend on it, and then nothing is stale.
@Suite("Rebuilds: make reruns exactly what a change touches", .serialized)
struct RebuildTests {
    /// A project folder with two small experiments over the first 600 hours, and the debug
    /// build's tools copied in (so that a test can change a tool's bytes).
    struct Project {
        let folder: String
        let bin: String

        /// `tools`: use that folder's tools instead of a copy of the debug build's.
        init(tools: String? = nil) throws {
            folder = Fixtures.folder()
            bin = tools ?? folder + "/bin"
            let fm = FileManager.default
            for sub in ["data", "pipeline/experiments", "bin"] {
                try fm.createDirectory(atPath: "\(folder)/\(sub)", withIntermediateDirectories: true)
            }
            let lines = try String(contentsOfFile: Fixtures.trainCSV, encoding: .utf8).split(separator: "\n").prefix(
                601)
            Fixtures.write(lines.joined(separator: "\n") + "\n", to: folder + "/data/train.csv")
            Fixtures.write(
                """
                {"tables": {"demo": {"title": "Two methods", "columns": ["method", "val_mse"], "rows": [["mgd", 20000], ["bgd", 20000]],
                  "conclusion": "none", "settings": {"activation": "elu", "t": 75}}},
                 "headline": {"val_mse": 20000, "stated_range": [1, 100000]}}
                """, to: folder + "/pipeline/published.json")
            Fixtures.write(
                """
                {"tolerances": {"val_mse": 10}, "tables": [{"name": "demo", "figure": {"file": "demo.png", "logY": false},
                  "rows": [{"experiment": "a"}, {"experiment": "b"}]}],
                 "headline": {"experiment": "a"}, "conclusions": {"claims": []}}
                """, to: folder + "/pipeline/tables.json")
            experiment("a", method: "mgd", learningRate: "0.0001")
            experiment("b", method: "bgd", learningRate: "0.001")
            let debug = Fixtures.repository.appendingPathComponent(".build/debug").path
            for tool in ["preprocess", "split", "train", "evaluate", "plot", "report"] where tools == nil {
                guard fm.fileExists(atPath: "\(debug)/\(tool)") else {
                    throw UsageError(
                        "\(debug)/\(tool) is missing: run `swift build --build-tests` (make test does) before these tests"
                    )
                }
                try fm.copyItem(atPath: "\(debug)/\(tool)", toPath: "\(bin)/\(tool)")
            }
        }

        func experiment(_ name: String, method: String, learningRate: String, description: String = "a small run") {
            Fixtures.write(
                """
                {"description": "\(description)", "data": {"encoding": "report", "trainShare": 75, "rule": "interleaved"},
                 "training": {"activation": "elu", "method": "\(method)", "learningRate": \(learningRate), "maxEpochs": 3}, "seeds": "0-1"}
                """, to: "\(folder)/pipeline/experiments/\(name).json")
        }

        /// Runs make in the project; returns its exit status and the stages it ran, each as
        /// "TOOL OUTPUT" with the output relative to the project (`report build` as "report").
        @discardableResult
        func make(_ arguments: String...) throws -> (status: Int32, stages: Set<String>) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                [
                    "make", "-C", folder, "-f", Fixtures.repository.appendingPathComponent("Makefile").path,
                    "BUILD_TOOLS=no", "BIN=\(bin)"
                ] + arguments
            var environment = ProcessInfo.processInfo.environment
            for name in ["MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES"] { environment[name] = nil }
            process.environment = environment
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            var stages = Set<String>()
            for line in text.split(separator: "\n") where line.hasPrefix(bin + "/") {
                let words = line.dropFirst(bin.count + 1).split(separator: " ").map {
                    $0.trimmingCharacters(in: CharacterSet(charactersIn: "'"))
                }
                guard let tool = words.first, !(tool == "report" && words.dropFirst().first == "plan") else { continue }
                let output =
                    (words.firstIndex(of: "-o") ?? words.firstIndex(of: "--train-output")).map { words[$0 + 1] } ?? ""
                stages.insert(tool == "report" ? "report" : "\(tool) \(output)")
            }
            return (process.terminationStatus, stages)
        }

        func edit(_ path: String, _ change: (String) -> String) throws {
            let full = "\(folder)/\(path)"
            Fixtures.write(change(try String(contentsOfFile: full, encoding: .utf8)), to: full)
        }
    }

    static let closeUps: Set = [
        "evaluate build/runs/a/seed0-metrics.json", "plot figures/loss-curve.png",
        "plot figures/predicted-vs-actual.png", "plot figures/hourly.png"
    ]

    /// `make -n report` foretells the stages, `make report` runs exactly them, and then the same
    /// again runs nothing and `make -q` agrees.
    func settle(_ project: Project, expecting expected: Set<String>, _ comment: Comment) throws {
        let foretold = try project.make("-n", "report")
        #expect(foretold.status == 0, comment)
        #expect(foretold.stages == expected, "make -n: \(comment)")
        let (status, ran) = try project.make("report")
        #expect(status == 0, comment)
        #expect(ran == expected, comment)
        #expect(try project.make("-q", "report").status == 0, comment)
        #expect(try project.make("-n", "report").stages.isEmpty, comment)
    }

    @Test("each change of the rebuild table reruns exactly what depends on it")
    func rebuildTable() throws {
        let project = try Project()
        let first = try project.make("report")
        #expect(first.status == 0)
        #expect(
            first.stages.isSuperset(of: [
                "train build/runs/a/models.json", "train build/runs/b/models.json", "report", "plot figures/demo.png"
            ]))
        try settle(project, expecting: [], "a second make report runs nothing")

        try project.edit("pipeline/experiments/a.json") { $0.replacingOccurrences(of: "0.0001", with: "0.0002") }
        try settle(
            project,
            expecting: Self.closeUps.union(["train build/runs/a/models.json", "report", "plot figures/demo.png"]),
            "a training setting: that experiment, its figures, the results")

        try project.edit("pipeline/experiments/a.json") {
            $0.replacingOccurrences(of: "a small run", with: "a small run, reworded")
        }
        try settle(project, expecting: ["report"], "a description: the results only, no training")

        project.experiment("c", method: "sgd", learningRate: "0.000002")
        try settle(
            project, expecting: ["train build/runs/c/models.json", "report"], "a new experiment: it, then the results")
        #expect(try String(contentsOfFile: project.folder + "/figures/report.md", encoding: .utf8).contains("`c`"))

        try FileManager.default.removeItem(atPath: project.folder + "/pipeline/experiments/c.json")
        try settle(project, expecting: ["report"], "an experiment deleted: the results, which no longer mention it")
        #expect(try !String(contentsOfFile: project.folder + "/figures/report.md", encoding: .utf8).contains("`c`"))
        #expect(
            try !String(contentsOfFile: project.folder + "/figures/results.json", encoding: .utf8).contains("runs/c/"))

        // A study: its new point trains, its own runs are read from the experiment; edited claims
        // rerun only the report and its figure; deleted, it leaves no trace in figures/.
        let study = project.folder + "/pipeline/studies/narrow.json"
        try FileManager.default.createDirectory(
            atPath: project.folder + "/pipeline/studies", withIntermediateDirectories: true)
        Fixtures.write(
            """
            {"description": "fewer hidden units", "base": "a", "grid": [{"setting": "hiddenUnits", "values": [5, 3]}],
             "seeds": "0-1", "claims": [{"id": "c", "claim": "q = 3 is near q = 5",
               "conditions": [{"test": "near", "of": ["3"], "to": "5", "within": 0.5}]}]}
            """, to: study)
        try settle(
            project,
            expecting: ["train build/runs/study-narrow-3/models.json", "report", "plot figures/study-narrow.png"],
            "a new study: its point that no experiment runs, then the results and its figure")
        #expect(
            try String(contentsOfFile: project.folder + "/figures/report.md", encoding: .utf8).contains(
                "Study `narrow`"))
        try project.edit("pipeline/studies/narrow.json") { $0.replacingOccurrences(of: "0.5", with: "0.4") }
        try settle(project, expecting: ["report", "plot figures/study-narrow.png"], "a study's claim: no training")
        try FileManager.default.removeItem(atPath: study)
        try settle(project, expecting: ["report"], "a study deleted: the results, which no longer mention it")
        #expect(
            try !String(contentsOfFile: project.folder + "/figures/results.json", encoding: .utf8).contains("narrow"))
        #expect(!FileManager.default.fileExists(atPath: project.folder + "/figures/study-narrow.png"))

        // make run: a variant beside its base, the report untouched.
        let variant = try project.make("run", "EXP=a", "SET=hiddenUnits=3 seeds=0")
        #expect(variant.status == 0)
        #expect(variant.stages == ["train build/variants/a-hiddenUnits3-seeds0/models.json"])
        #expect(try project.make("-q", "report").status == 0)

        try FileManager.default.removeItem(atPath: project.folder + "/build/runs/b")
        try settle(
            project, expecting: ["train build/runs/b/models.json", "report", "plot figures/demo.png"],
            "a run deleted: it, then what reads it")

        try FileManager.default.removeItem(atPath: project.folder + "/build/data/report-t75/validation.csv.meta.json")
        let split: Set = ["split build/data/report-t75/training.csv"]
        let downstream = split.union(Self.closeUps).union([
            "train build/runs/a/models.json", "train build/runs/b/models.json", "report", "plot figures/demo.png"
        ])
        try settle(project, expecting: downstream, "a sidecar deleted: the step that writes it, then what reads it")

        try project.edit("pipeline/published.json") {
            $0.replacingOccurrences(of: "[\"bgd\", 20000]", with: "[\"bgd\", 21000]")
        }
        try settle(project, expecting: ["report"], "published numbers: the results only")

        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: project.bin + "/report"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        try settle(project, expecting: ["report"], "the report tool's bytes: the results, nothing trained")

        try project.edit("data/train.csv") { $0.replacingOccurrences(of: ",16\n", with: ",17\n") }
        try settle(
            project,
            expecting: downstream.union([
                "preprocess build/data/encoded-report.csv", "split build/data/raw-t75/training.csv"
            ]),
            "the raw data: everything downstream of it")

        try FileManager.default.removeItem(atPath: project.folder + "/build")
        try settle(
            project,
            expecting: downstream.union([
                "preprocess build/data/encoded-report.csv", "split build/data/raw-t75/training.csv"
            ]),
            "build/ deleted: everything it held")
    }

    @Test("a declaration that fails to plan is refused before any training, and leaves no plan behind")
    func refusedPlan() throws {
        let project = try Project()
        try project.edit("pipeline/experiments/b.json") {
            $0.replacingOccurrences(of: "\"maxEpochs\": 3", with: "\"maxEpochs \": 3")
        }
        let (status, ran) = try project.make("report")
        #expect(status != 0)
        #expect(ran.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: project.folder + "/build/plan.mk"))
        try project.edit("pipeline/experiments/b.json") {
            $0.replacingOccurrences(of: "\"maxEpochs \": 3", with: "\"maxEpochs\": 3")
        }
        #expect(try project.make("report").status == 0)
    }

    @Test("the same plan on Makeflow with two local Work Queue workers writes the same bytes as make")
    func makeflow() throws {
        let plain = try Project()
        let distributed = try Project(tools: plain.bin)
        #expect(try plain.make("report").status == 0)
        let run = try distributed.make("report", "ENGINE=makeflow", "WORKERS=2")
        #expect(
            run.status == 0,
            "make report ENGINE=makeflow failed (is coop-computing-tools installed? make deps installs it)")
        // Every figure, run and data file, in both folders: the same names and the same bytes.
        func outputs(_ project: Project) -> [String] {
            ["figures", "build/runs", "build/data"].flatMap { folder in
                let root = "\(project.folder)/\(folder)"
                return ((try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? []).filter { path in
                    var isFolder: ObjCBool = false
                    return FileManager.default.fileExists(atPath: "\(root)/\(path)", isDirectory: &isFolder)
                        && !isFolder.boolValue
                }.map { "\(folder)/\($0)" }
            }.sorted()
        }
        let files = outputs(plain)
        #expect(files == outputs(distributed), "make and Makeflow wrote different files")
        for required in ["figures/results.json", "figures/report.md", "figures/demo.png", "build/runs/b/models.json"] {
            #expect(files.contains(required), "\(required) was not written")
        }
        for file in files {
            let a = FileManager.default.contents(atPath: "\(plain.folder)/\(file)"),
                b = FileManager.default.contents(atPath: "\(distributed.folder)/\(file)")
            #expect(a != nil && a == b, "\(file) differs between make and Makeflow")
        }
        // Makeflow's log makes a second run do nothing.
        #expect(try distributed.make("report", "ENGINE=makeflow", "WORKERS=2").status == 0)
        #expect(
            try String(contentsOfFile: distributed.folder + "/build/plan.makeflow", encoding: .utf8).contains(
                ".MAKEFLOW CATEGORY train\n"))

        // A failing rule fails the run (this Makeflow exits 0 on a failed rule: make checks), and
        // Makeflow, which deletes a failed rule's outputs, never sees a committed file as one:
        // the figure plain make wrote stays as it was, and nothing lands in the project folder.
        let broken = try Project()
        #expect(try broken.make("report").status == 0)
        let figure = FileManager.default.contents(atPath: broken.folder + "/figures/demo.png")
        let before = Fixtures.files(in: broken.folder)
        Fixtures.write("#!/bin/sh\necho 'plot: refusing on purpose' >&2\nexit 1\n", to: broken.bin + "/plot")
        #expect(try broken.make("report", "ENGINE=makeflow", "WORKERS=2").status != 0)
        #expect(figure != nil && FileManager.default.contents(atPath: broken.folder + "/figures/demo.png") == figure)
        #expect(Fixtures.files(in: broken.folder) == before, "Makeflow left files in the project folder")
    }

    @Test("make check-makeflow passes beside a user's own untracked files")
    func checkMakeflowKeepsUserFiles() throws {
        let project = try Project()
        let makefile = Fixtures.repository.appendingPathComponent("Makefile").path
        try FileManager.default.copyItem(atPath: makefile, toPath: project.folder + "/Makefile")
        Fixtures.write("build/\nbin/\n", to: project.folder + "/.gitignore")
        #expect(try project.make("report").status == 0)
        func git(_ arguments: String...) throws {
            let run = try Fixtures.run("/usr/bin/env", ["git", "-C", project.folder] + arguments, in: project.folder)
            #expect(run.status == 0, "\(run.error)")
        }
        try git("init", "-q")
        try git("add", "-A")
        try git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "a small project")
        // A user's notes and an editor's folder, untracked and not ignored.
        Fixtures.write("to do\n", to: project.folder + "/notes.txt")
        try FileManager.default.createDirectory(
            atPath: project.folder + "/.editor", withIntermediateDirectories: true)
        Fixtures.write("{}\n", to: project.folder + "/.editor/state.json")
        let passed = try project.make("check-makeflow")
        #expect(passed.status == 0, "make check-makeflow failed on a user's untracked files")
    }
}
