import Artifacts
import BikeModel
import Foundation
import Gates
import ReportBuilder
import Stages
import TestSupport
import Testing

/// Crafted input past the first checks (a results file edited to NaN, an object of many keys, a
/// committed file too large, a second byte-order mark, names shared across kinds): refused with
/// a message that names the file, or made harmless.
@Suite("Refusals of crafted input")
struct RefusalTests {
    @Test("make check on a results file whose headline median is negative or not a number fails; it does not trap")
    func headlineMedian() throws {
        let pipeline = try Committed.pipeline.get()
        for median in [-5.0, .nan] {
            var results = try Committed.results.get()
            results.headline.reproduced["val_mse"]?.median = median
            let failures = ResultsCheck.failures(results, pipeline: pipeline)
            #expect(failures.contains { $0.contains("leak_free_encoding: median") }, "\(failures)")
        }
        var missing = try Committed.results.get()
        missing.headline.reproduced = [:]
        #expect(!ResultsCheck.failures(missing, pipeline: pipeline).isEmpty)
    }

    @Test("an object's keys are checked in constant time each, up to a stated limit")
    func manyKeys() throws {
        let keys = (0..<JSONTree.maximumKeys).map { "\"k\($0)\": 0" }.joined(separator: ",")
        let tree = try JSONTree.parse(Array("{\(keys)}".utf8), file: "big.json")
        guard case .object(let members) = tree.value else {
            Issue.record("an object of \(JSONTree.maximumKeys) keys parsed as \(tree.value)")
            return
        }
        #expect(members.count == JSONTree.maximumKeys)
        #expect {
            try JSONTree.parse(Array("{\(keys), \"one more\": 1}".utf8), file: "big.json")
        } throws: { "\($0)".contains("big.json:1: an object has more than 100000 keys") }
        #expect {
            try JSONTree.parse(Array("{\"a\": 1, \"b\": 2, \"a\": 3}".utf8), file: "twice.json")
        } throws: { "\($0)".contains("the key \"a\" appears twice in one object") }
    }

    @Test("the drift gate refuses a committed results file over the limit unread, naming REVISION:PATH")
    func committedTooLarge() throws {
        let folder = Fixtures.folder()
        func git(_ arguments: String...) throws {
            let run = try Fixtures.run("/usr/bin/env", ["git", "-C", folder] + arguments, in: folder)
            #expect(run.status == 0, "\(run.error)")
        }
        try git("init", "-q")
        Fixtures.write(String(repeating: " ", count: 5000) + "{}", to: folder + "/results.json")
        try git("add", "results.json")
        try git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "big")
        guard case .tooLarge(let why) = GitRevision.file(folder + "/results.json", at: "HEAD", maximumBytes: 4096)
        else {
            Issue.record("a committed file over the limit was read")
            return
        }
        #expect(why.contains("HEAD:\(folder)/results.json is 5002 bytes, more than the 4096"))
        guard case .found = GitRevision.file(folder + "/results.json", at: "HEAD") else {
            Issue.record("a committed file under the limit was not read")
            return
        }
    }

    @Test("a second byte-order mark is refused with its line; a file name with a newline is shown, not obeyed")
    func textTraps() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect {
            try CSVTable(bytes: bom + bom + Array("season,cnt\n1,2\n".utf8), file: "two-marks.csv")
        } throws: { "\($0)" == "two-marks.csv:1: a second byte-order mark follows the first: save the file again" }
        #expect(try CSVTable(bytes: bom + Array("season,cnt\n1,2\n".utf8), file: "one.csv").header == ["season", "cnt"])
        let error = InputError(file: "evil\nname\u{1B}[2J.csv", line: 3, "bad")
        #expect(error.description == "\"evil\\nname\\u001B[2J.csv\":3: bad")
    }

    func refusal(_ change: (String) throws -> Void) throws -> String { try Fixtures.pipelineRefusal(change) }

    @Test("names are shared across kinds, and a stray file in a declaration folder is refused by name")
    func names() throws {
        let collision = try refusal {
            try FileManager.default.copyItem(
                atPath: $0 + "/experiments/headline.json", toPath: $0 + "/experiments/sweep-t70-bgd-elu-x3.json")
        }
        #expect(
            collision.contains(
                "experiments/sweep-t70-bgd-elu-x3.json: the experiment's name is the one")
                && collision.contains(
                    "beyond.json gives the learning-rate sweep of 't70-bgd-elu' at 3 × its rate"),
            "\(collision)")
        let stray = try refusal {
            try FileManager.default.copyItem(
                atPath: $0 + "/experiments/headline.json", toPath: $0 + "/experiments/copy of headline.json")
        }
        #expect(stray.contains("experiments/\"copy of headline.json\": not a declaration"), "\(stray)")
        let notes = try refusal { Fixtures.write("notes", to: $0 + "/readings/notes.txt") }
        #expect(notes.contains("readings/\"notes.txt\": not a declaration: it does not end in .json"), "\(notes)")
        let reading = try refusal {
            try FileManager.default.copyItem(atPath: $0 + "/readings/code.json", toPath: $0 + "/readings/headline.json")
        }
        #expect(reading.contains("readings/headline.json: the reading's name is also an experiment's"), "\(reading)")
        let cell = try refusal {
            let path = $0 + "/published.json"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            Fixtures.write(
                text.replacingOccurrences(of: "\"sigmoid\",\n          0.01", with: "\"sigmoid\",\n          false"),
                to: path)
        }
        #expect(cell.contains("tables.activation.rows.0: the cell of 'eta' must be a number from"), "\(cell)")
    }

    /// A trained model set of two seeds on the lab's t = 75 split, in `dir`.
    func trained(in dir: String) throws -> (models: String, validation: String) {
        try Preprocess.run(input: Fixtures.trainCSV, output: dir + "/encoded.csv", mode: .report, fitOn: nil)
        try Split(trainShare: 75, rule: .interleaved).run(
            input: dir + "/encoded.csv", trainOutput: dir + "/t.csv", validationOutput: dir + "/v.csv")
        var settings = TrainingSettings()
        settings.maxEpochs = 3
        try TrainStage.run(
            settings: settings, seeds: [0, 1], trainingPath: dir + "/t.csv", validationPath: dir + "/v.csv",
            output: dir + "/models.json", historyPath: nil, initialWeightsPath: nil)
        return (dir + "/models.json", dir + "/v.csv")
    }

    @Test("re-sealed edits are caught where they can be re-derived: weights or MSE edited, seeds repeated")
    func resealed() throws {
        let dir = Fixtures.folder()
        let (models, validation) = try trained(in: dir)
        try EvaluateStage.run(modelPath: models, dataPath: validation, output: dir + "/m.json", predictionsPath: nil)
        // An edited weight, sealed again as any user could: the recorded MSE no longer follows.
        var set = try ModelSet.load(models)
        set.models[0].weights.outputBias += 50
        set.artifact.contentSHA256 = ArtifactJSON.unsealed
        try AtomicWrite.files([(dir + "/edited.json", try ArtifactJSON.encode(set, file: dir + "/edited.json"))])
        #expect {
            try EvaluateStage.run(
                modelPath: dir + "/edited.json", dataPath: validation, output: dir + "/m2.json", predictionsPath: nil)
        } throws: { "\($0)".contains("records a validation MSE of") && "\($0)".contains("the model was edited") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/m2.json"))
        // A model set holding one seed twice.
        var twice = try ModelSet.load(models)
        twice.models[1] = twice.models[0]
        twice.artifact.contentSHA256 = ArtifactJSON.unsealed
        try AtomicWrite.files([(dir + "/twice.json", try ArtifactJSON.encode(twice, file: dir + "/twice.json"))])
        #expect(throws: InputError.self) { try ModelSet.load(dir + "/twice.json") }
    }

    @Test("a sidecar's row count and encoding means are checked by the stage that reads its CSV")
    func sidecars() throws {
        let dir = Fixtures.folder()
        try Preprocess.run(input: Fixtures.trainCSV, output: dir + "/encoded.csv", mode: .report, fitOn: nil)
        let sidecarPath = CSVSidecar.path(for: dir + "/encoded.csv")
        let sidecar = try ArtifactJSON.decode(CSVSidecar.self, from: sidecarPath)
        for (rows, mean) in [(5, 72.0), (-1, 72.0), (8619, 1e308)] {
            var edited = sidecar
            edited.rows = rows
            edited.encoding?.table?.means["season"]?["1"] = mean
            edited.artifact.contentSHA256 = ArtifactJSON.unsealed
            try AtomicWrite.files([(sidecarPath, try ArtifactJSON.encode(edited))])
            #expect(throws: InputError.self) {
                try Split(trainShare: 75, rule: .interleaved).run(
                    input: dir + "/encoded.csv", trainOutput: dir + "/t.csv", validationOutput: dir + "/v.csv")
            }
            #expect(throws: InputError.self) { try FeatureTable.load(dir + "/encoded.csv") }
            #expect(!FileManager.default.fileExists(atPath: dir + "/t.csv"))
        }
    }

    @Test("an input recorded as a device or a folder is refused naming the artifact that records it")
    func recordedDevice() throws {
        let dir = Fixtures.folder()
        try Preprocess.run(input: Fixtures.trainCSV, output: dir + "/encoded.csv", mode: .report, fitOn: nil)
        let sidecarPath = CSVSidecar.path(for: dir + "/encoded.csv")
        for odd in ["/dev/zero", dir] {
            var sidecar = try ArtifactJSON.decode(CSVSidecar.self, from: sidecarPath)
            sidecar.artifact.inputs[0].path = odd
            sidecar.artifact.contentSHA256 = ArtifactJSON.unsealed
            try AtomicWrite.files([(sidecarPath, try ArtifactJSON.encode(sidecar))])
            #expect {
                try FeatureTable.load(dir + "/encoded.csv")
            } throws: { "\($0)".contains("encoded.csv.meta.json: its recorded input \(odd) (raw) cannot be read") }
        }
    }

    @Test("a folder that cannot be made is refused in the system's words, naming it")
    func folders() throws {
        let dir = Fixtures.folder()
        Fixtures.write("a file", to: dir + "/file")
        #expect {
            try AtomicWrite.makeFolder(dir + "/file/stamps")
        } throws: { "\($0)" == "\(dir)/file/stamps: \(dir)/file exists and is not a folder" }
        try AtomicWrite.makeFolder(dir + "/a/b/c")
        var status = stat()
        #expect(stat(dir + "/a/b/c", &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR)
    }

    @Test("a symbolic link as the build folder is refused by make, naming it")
    func linkedBuild() throws {
        let folder = Fixtures.folder()
        #expect(symlink("/tmp", folder + "/build") == 0)
        let run = try Fixtures.run(
            "/usr/bin/env", ["make", "-f", Fixtures.repository.appendingPathComponent("Makefile").path, "help"],
            in: folder)
        #expect(run.status != 0 && run.error.contains("B=build is a symbolic link"), "\(run.error)")
    }
}
