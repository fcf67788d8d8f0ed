import Artifacts
import BikeModel
import Foundation
import Stages
import Statistics
import TestSupport
import Testing

// `@testable`: each declaration file is read on its own (`PipelineSpec.read`), internal to the loader.
@testable import Pipeline

/// What a hostile or unlucky user can do to the stages: point an output at an input or a
/// device, edit an artifact, feed cells that only look like numbers, or settings far out of
/// range. Each gets a clear refusal (file, what is wrong, non-zero exit) and writes nothing.
@Suite("Hostile input and faults")
struct HostileInputTests {
    /// A folder with raw rows, their encoding, and a small split of it.
    func project() throws -> String { try Fixtures.rawSplitProject(rows: 300) }

    /// Trains on the project's split for `maxEpochs`, one seed or a set, into `name`.
    func train(in dir: String, maxEpochs: Int, seeds: [UInt64]? = nil, to name: String) throws {
        var settings = TrainingSettings()
        settings.maxEpochs = maxEpochs
        try TrainStage.run(
            settings: settings, seeds: seeds, trainingPath: dir + "/t.csv", validationPath: dir + "/v.csv",
            output: dir + "/" + name, historyPath: nil, initialWeightsPath: nil)
    }

    /// Runs a debug tool in `dir`, expecting a refusal that says `says`, and no file changed.
    func refused(_ tool: String, _ arguments: [String], in dir: String, says: String) throws {
        let before = try snapshot(dir)
        let result = try Fixtures.tool(tool, arguments, in: dir)
        #expect(result.status != 0, "\(tool) \(arguments) was accepted")
        #expect(result.error.contains(says), "\(tool) \(arguments): \(result.error)")
        #expect(try snapshot(dir) == before, "\(tool) \(arguments) changed the folder")
    }

    func snapshot(_ dir: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            files[name] = FileManager.default.contents(atPath: dir + "/" + name)
        }
        return files
    }

    @Test("an output that is an input, another output, a device or empty is refused before any work")
    func outputs() throws {
        let dir = try project()
        try refused(
            "preprocess", ["raw.csv", "-o", "raw.csv"], in: dir,
            says: "raw.csv: is also an input (raw.csv): refusing to overwrite an input")
        try refused("preprocess", ["raw.csv", "-o", "./sub/../raw.csv"], in: dir, says: "is also an input")
        try refused(
            "split", ["enc.csv", "--train-share", "75", "--train-output", "enc.csv", "--validation-output", "x.csv"],
            in: dir, says: "is also an input")
        try refused(
            "split", ["enc.csv", "--train-share", "75", "--train-output", "a.csv", "--validation-output", "a.csv"],
            in: dir, says: "is named as two outputs")
        try refused("train", ["t.csv", "v.csv", "-o", "t.csv"], in: dir, says: "is also an input")
        try refused(
            "train", ["t.csv", "v.csv", "-o", "h.csv", "--history", "h.csv"], in: dir, says: "is named as two outputs")
        try refused(
            "train", ["t.csv", "v.csv", "-o", "/dev/null"], in: dir, says: "/dev/null: exists and is not a regular file"
        )
        try refused("train", ["t.csv", "v.csv", "-o", ""], in: dir, says: "an output path is empty")
        _ = try Fixtures.tool("train", ["t.csv", "v.csv", "-o", "m.json", "--max-epochs", "2"], in: dir)
        try refused("evaluate", ["m.json", "v.csv", "-o", "m.json"], in: dir, says: "is also an input")
        try refused(
            "evaluate", ["m.json", "v.csv", "-o", "e.json", "--predictions", "v.csv"], in: dir, says: "is also an input"
        )
        // A hard link is the same file under another name.
        try FileManager.default.linkItem(atPath: dir + "/raw.csv", toPath: dir + "/link.csv")
        try refused("preprocess", ["raw.csv", "-o", "link.csv"], in: dir, says: "is also an input")
    }

    @Test(
        "settings out of bounds are refused, not allocated",
        arguments: [
            (["--max-epochs", "1000000000000"], "the epoch limit must be from 0 to 100000"),
            (["--hidden-units", "9223372036854775807"], "the number of hidden units must be from 1 to 1000"),
            (["--hidden-units", "100000000"], "the number of hidden units must be from 1 to 1000"),
            (["--batch-size", "0"], "the batch size must be from 1 to 1000000"),
            (["--learning-rate", "nan"], "the learning rate must be a positive number"),
            (
                ["--settle", "val_mse:5257:0.08", "--max-seeds", "50"],
                "--settle, --settle-runs and --max-seeds need --seeds"
            ),
            (
                ["--seeds", "0-9", "--settle", "val_mse:5257:0.08", "--max-seeds", "5"],
                "--max-seeds must be given with --settle or --settle-runs, from the number of --seeds (10) to 10000"
            ),
            (
                ["--seeds", "0-9", "--settle", "val_mse:5257:nan", "--max-seeds", "50"],
                "the tolerance must be a number between 0 and 1"
            ),
            (
                ["--seeds", "0-9", "--settle-runs", "val_mse:5300:5200:0.01", "--max-seeds", "50"],
                "LOW and HIGH must be numbers with LOW below HIGH"
            ),
            (["--seeds", "0-9", "--max-seeds", "50"], "--max-seeds needs at least one --settle"),
            (["--seed", "1", "--seeds", "0-2"], "give --seed or --seeds, not both")
        ])
    func bounds(arguments: [String], says: String) throws {
        let dir = try project()
        try refused("train", ["t.csv", "v.csv", "-o", "m.json"] + arguments, in: dir, says: says)
    }

    @Test("every seed diverging is a failure with its reason, not an empty success")
    func allDiverged() throws {
        let dir = try project()
        // Within the bounds of the settings, only features too large to train on diverge: a
        // feature table whose temperature column reads 1e200, as a proper artifact.
        for part in ["t", "v"] {
            let path = "\(dir)/\(part).csv"
            var sidecar = try ArtifactJSON.decode(CSVSidecar.self, from: path + ".meta.json")
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            let huge =
                [String(lines[0])]
                + lines.dropFirst().map { line in
                    var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    fields[8] = "1e200"
                    return fields.joined(separator: ",")
                }
            sidecar.artifact.contentSHA256 = ArtifactJSON.unsealed
            try AtomicWrite.csv(
                huge.joined(separator: "\n") + "\n", to: path, header: sidecar.artifact, rows: sidecar.rows,
                encoding: sidecar.encoding, data: sidecar.data)
        }
        try refused(
            "train", ["t.csv", "v.csv", "-o", "m.json", "--seeds", "0-1"], in: dir,
            says: "training diverged in all 2 seeds (the first at epoch 1)")
    }

    @Test("cells are decimal numbers: no hexadecimal floats, nothing after a NUL, echoed capped and escaped")
    func cells() throws {
        #expect(DecimalText.double("0.24") == 0.24)
        #expect(DecimalText.double("-1.5e-3") == -0.0015)
        #expect(DecimalText.double("1E+2") == 100)
        for bad in [
            "0x1p-2", "0x10", "0.24\u{0}GARBAGE", "inf", "nan", "1e", "e5", "1.2.3", "--1", "1e5-", "", ".", " 1"
        ] {
            #expect(DecimalText.double(bad) == nil, "\(bad) was read as a number")
        }
        // The fast path (whole digits below 2^53, a power of ten within 22) gives strtod's bits,
        // and every other number goes to strtod itself: the same bits on edge cases and on a
        // hundred thousand seeded decimals of the shapes data files hold.
        for text in [
            "-0", "0e999", "0.0", "1e22", "1e23", "1e-22", "1e-23", "9007199254740992", "9007199254740993",
            "123456789012345678901234567890", "0.1", "2.2250738585072014e-308", "1.7976931348623157e308",
            "4.9e-324", "0.000000000000000000000000000001", "00000000000000000000000000001.5", "+7", "3.14159E0"
        ] {
            #expect(DecimalText.double(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
        var random = SeededGenerator(seed: 7)
        for _ in 0..<100_000 {
            let digits = String(random.next() % 10_000_000_000_000_000)
            let point = Int(random.next() % UInt64(digits.count + 1))
            var text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if text.hasPrefix(".") { text = "0" + text }
            if random.next() % 2 == 0 { text = "-" + text }
            if random.next() % 4 == 0 { text += "e\(Int(random.next() % 61) - 30)" }
            #expect(DecimalText.double(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
        let long = String(repeating: "x", count: 100_000) + "\u{1B}]0;title\u{07}"
        let message = "\(Quoted(long))"
        #expect(message.count < 80)
        #expect(!message.unicodeScalars.contains { $0.value < 0x20 })
        #expect("\(Quoted("a\u{1B}[31mb\n"))" == "\"a\\u001B[31mb\\n\"")
    }

    @Test("an edited artifact, or one that contradicts itself, is refused")
    func editedArtifacts() throws {
        let dir = try project()
        try train(in: dir, maxEpochs: 2, to: "m.json")
        let original = try String(contentsOfFile: dir + "/m.json", encoding: .utf8)
        #expect(throws: Never.self) { try ModelFile.load(dir + "/m.json") }
        let edits: [(String, String, String)] = [
            ("\"activation\" : \"elu\"", "\"activation\" : \"relu\"", "was edited after it was written"),
            ("\"outputBias\" : ", "\"outputBias\" : 1", "was edited after it was written")
        ]
        for (old, new, says) in edits {
            Fixtures.write(original.replacingOccurrences(of: old, with: new), to: dir + "/m.json")
            #expect { try ModelFile.load(dir + "/m.json") } throws: { "\($0)".contains(says) }
        }
        // Re-sealed by hand, contradictions are still refused by the field checks.
        for (change, says) in [
            (
                { (m: inout ModelFile) in m.activation = .relu },
                "activation relu contradicts its training settings (elu)"
            ),
            ({ (m: inout ModelFile) in m.eluAlpha = 0.5 }, "eluAlpha 0.5 is not the 0.1"),
            ({ (m: inout ModelFile) in m.training.settings.batchSize = 0 }, "the batch size must be from 1"),
            ({ (m: inout ModelFile) in m.training.settings.learningRate = -1 }, "the learning rate must be from")
        ] as [((inout ModelFile) -> Void, String)] {
            var model = try ArtifactJSON.decode(ModelFile.self, from: dir + "/m.json", data: Data(original.utf8))
            change(&model)
            model.artifact.contentSHA256 = ArtifactJSON.unsealed
            try ArtifactJSON.encode(model).write(to: URL(fileURLWithPath: dir + "/m.json"))
            #expect { try ModelFile.load(dir + "/m.json") } throws: { "\($0)".contains(says) }
        }
        // A sidecar that miscounts its rows.
        var sidecar = try ArtifactJSON.decode(CSVSidecar.self, from: dir + "/v.csv.meta.json")
        sidecar.rows += 1
        sidecar.artifact.contentSHA256 = ArtifactJSON.unsealed
        try ArtifactJSON.encode(sidecar).write(to: URL(fileURLWithPath: dir + "/v.csv.meta.json"))
        #expect { try FeatureTable.load(dir + "/v.csv") } throws: { "\($0)".contains("but its sidecar records") }
    }

    @Test("a number too large to evaluate is refused with the file, not passed to the encoder")
    func nonFinite() throws {
        let dir = try project()
        try train(in: dir, maxEpochs: 1, to: "m.json")
        var model = try ModelFile.load(dir + "/m.json")
        model.weights.hiddenToOutput[0] = 1e308
        model.weights.inputToHidden[3][0] = 1e308
        model.artifact.contentSHA256 = ArtifactJSON.unsealed
        try ArtifactJSON.encode(model).write(to: URL(fileURLWithPath: dir + "/m.json"))
        #expect {
            try EvaluateStage.run(
                modelPath: dir + "/m.json", dataPath: dir + "/v.csv", output: dir + "/e.json", predictionsPath: nil)
        } throws: { "\($0)".contains("m.json: its predictions on") && "\($0)".contains("are not finite numbers") }
        #expect(!FileManager.default.fileExists(atPath: dir + "/e.json"))
        #expect { try ArtifactJSON.encode(["x": Double.infinity], file: "out.json") } throws: {
            "\($0)" == "out.json: cannot be written: the value at x is inf, and JSON holds finite numbers only"
        }
    }

    @Test("a crash between renames leaves the primary output old, so make reruns the stage")
    func renameOrder() throws {
        let dir = Fixtures.folder()
        // The primary output is renamed last: were the process killed before, it would be the
        // old one while the sidecar is new, and make, which watches the primary, reruns.
        try AtomicWrite.files([(dir + "/primary", Data("1".utf8)), (dir + "/secondary", Data("2".utf8))])
        var primary = stat(), secondary = stat()
        stat(dir + "/primary", &primary)
        stat(dir + "/secondary", &secondary)
        #expect(
            (primary.st_mtim.tv_sec, primary.st_mtim.tv_nsec) >= (secondary.st_mtim.tv_sec, secondary.st_mtim.tv_nsec))
        #expect(Fixtures.files(in: dir) == ["primary", "secondary"])
        // A failed write leaves neither, nor a temporary.
        #expect(throws: InputError.self) {
            try AtomicWrite.files([(dir + "/ok", Data("1".utf8)), (dir + "/no/such/folder/x", Data("2".utf8))])
        }
        #expect(Fixtures.files(in: dir) == ["primary", "secondary"])
    }

    @Test("seeded random mutations of JSON artifacts and declarations parse or are refused, never crash")
    func jsonMutations() throws {
        let dir = try project()
        try train(in: dir, maxEpochs: 2, seeds: [0, 1], to: "set.json")
        let samples: [(String, (String) throws -> Void)] = [
            (dir + "/set.json", { _ = try ModelSet.load($0) }),
            (dir + "/v.csv.meta.json", { _ = try ArtifactJSON.decode(CSVSidecar.self, from: $0) }),
            (
                Fixtures.repository.appendingPathComponent("figures/results.json").path,
                { _ = try ArtifactJSON.decode(ReportResults.self, from: $0) }
            ),
            (
                Fixtures.repository.appendingPathComponent("pipeline/tables.json").path,
                { _ = try PipelineSpec.read(PipelineSpec.Tables.self, $0, shape: Declarations.tables) }
            ),
            (
                Fixtures.repository.appendingPathComponent("pipeline/published.json").path,
                { _ = try PipelineSpec.read(PipelineSpec.Published.self, $0, shape: Declarations.published) }
            ),
            (
                Fixtures.repository.appendingPathComponent("pipeline/experiments/headline.json").path,
                { _ = try PipelineSpec.read(ExperimentSpec.self, $0, shape: Declarations.experiment) }
            )
        ]
        var random = SeededGenerator(seed: 1744)
        let mutant = dir + "/mutant.json"
        for (path, read) in samples {
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            var refused = 0
            for _ in 0..<300 {
                var bytes = original
                for _ in 0...Int(random.next() % 3) {
                    let at = Int(random.next() % UInt64(max(bytes.count, 1)))
                    guard !bytes.isEmpty else { break }
                    switch random.next() % 5 {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                    case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int(random.next() % 8) + 1))
                    case 2:
                        bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + Int(random.next() % 16) + 1)], at: at)
                    case 3:
                        bytes.insert(
                            contentsOf: Array(
                                ["[", "{", "\"", "1e308", "-", "null", ",", "0x10", "\u{0}"][Int(random.next() % 9)]
                                    .utf8), at: at)
                    default:
                        bytes.insert(
                            contentsOf: Array(repeating: UInt8(ascii: "["), count: Int(random.next() % 200)), at: at)
                    }
                }
                Fixtures.write(bytes, to: mutant)
                do {
                    try read(mutant)
                } catch let error as InputError {
                    #expect(error.file == mutant && !error.message.isEmpty)
                    refused += 1
                }
            }
            // Almost every mutation breaks the JSON or its schema: a reader that let most of
            // them through would be checking nothing.
            #expect(refused >= 200, "\(path): only \(refused) of 300 mutations refused")
        }
    }
}
