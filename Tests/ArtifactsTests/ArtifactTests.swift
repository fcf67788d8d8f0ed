import Artifacts
import BikeModel
import Foundation
import TestSupport
import Testing

@Suite("Versioned artifacts")
struct ArtifactTests {
    @Test("SHA-256 matches the standard test vectors and the data's published digest")
    func sha256() throws {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Lengths on either side of a block's padding boundary.
        #expect(SHA256.hex([UInt8](repeating: 97, count: 55)).hasPrefix("9f4390f8d30c2dd9"))
        #expect(SHA256.hex([UInt8](repeating: 97, count: 63)).hasPrefix("7d3e74a05d7db15b"))
        #expect(SHA256.hex([UInt8](repeating: 97, count: 64)).hasPrefix("ffe054fe7ae0cb6d"))
        #expect(
            try fingerprint(Fixtures.trainCSV) == "0d4d278c099c6c1dca564ceac3b6ebdb4c85d7c7d3d0c2502269cbf507306b01")
        #expect(
            try fingerprint(Fixtures.fullYearCSV)
                == "62fc89fc697cb82ee5c7117f004c0640e52cba049d6c907da687078af43eebe9")
    }

    /// A small raw file preprocessed and split in a fresh folder.
    func pipeline() throws -> String {
        let dir = Fixtures.folder()
        let rows = (0..<10).map { _ in Fixtures.row }.joined(separator: "\n")
        Fixtures.write("\(Fixtures.header)\n\(rows)\n", to: dir + "/raw.csv")
        try Preprocess.run(input: dir + "/raw.csv", output: dir + "/e.csv", mode: .report, fitOn: nil)
        return dir
    }

    @Test("a stage refuses an artifact whose recorded input has changed")
    func staleInput() throws {
        let dir = try pipeline()
        Fixtures.write("\(Fixtures.header)\n\(Fixtures.row)\n", to: dir + "/raw.csv")
        #expect {
            try Split(trainShare: 50, rule: .interleaved).run(
                input: dir + "/e.csv", trainOutput: dir + "/t.csv", validationOutput: dir + "/v.csv")
        } throws: { error in
            "\(error)".contains("stale") && "\(error)".contains("raw.csv")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/t.csv"))
    }

    @Test("a stage refuses an edited artifact, another schema, or an unknown version")
    func refusedSidecars() throws {
        let dir = try pipeline()
        let sidecarPath = CSVSidecar.path(for: dir + "/e.csv")
        var good = try ArtifactJSON.decode(CSVSidecar.self, from: sidecarPath)
        // Each rewrite below is sealed anew, so that it reaches the check it is about.
        good.artifact.contentSHA256 = ArtifactJSON.unsealed

        var future = good
        future.artifact.schemaVersion = Schema.hours.version + 1
        try ArtifactJSON.encode(future).write(to: URL(fileURLWithPath: sidecarPath))
        #expect { try CSVSidecar.load(for: dir + "/e.csv", expecting: .hours) } throws: {
            "\($0)".contains("schema version \(Schema.hours.version + 1)")
        }

        var other = good
        other.artifact.schema = Schema.metrics.rawValue
        try ArtifactJSON.encode(other).write(to: URL(fileURLWithPath: sidecarPath))
        #expect { try CSVSidecar.load(for: dir + "/e.csv", expecting: .hours) } throws: {
            "\($0)".contains("expected 'bike-report/hours'")
        }

        try ArtifactJSON.encode(good).write(to: URL(fileURLWithPath: sidecarPath))
        #expect(throws: Never.self) { try CSVSidecar.load(for: dir + "/e.csv", expecting: .hours) }
        let text = try String(contentsOfFile: dir + "/e.csv", encoding: .utf8)
        Fixtures.write(text + text.split(separator: "\n").last! + "\n", to: dir + "/e.csv")
        #expect { try CSVSidecar.load(for: dir + "/e.csv", expecting: .hours) } throws: {
            "\($0)".contains("does not match its sidecar")
        }

        try FileManager.default.removeItem(atPath: sidecarPath)
        #expect { try FeatureTable.load(dir + "/e.csv") } throws: { "\($0)".contains("no artifact sidecar") }
    }

    @Test("inputs are recorded relative to the artifact's folder, and checked from any working directory")
    func provenanceAnywhere() throws {
        let root = Fixtures.folder()
        try FileManager.default.createDirectory(atPath: root + "/elsewhere", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/project/data", withIntermediateDirectories: true)
        let rows = (0..<10).map { _ in Fixtures.row }.joined(separator: "\n")
        Fixtures.write("\(Fixtures.header)\n\(rows)\n", to: root + "/project/data/raw.csv")
        let made = try Fixtures.tool(
            "preprocess", ["data/raw.csv", "-o", "../elsewhere/enc.csv"], in: root + "/project")
        #expect(made.status == 0, "\(made.error)")
        let sidecar = try ArtifactJSON.decode(CSVSidecar.self, from: root + "/elsewhere/enc.csv.meta.json")
        #expect(sidecar.artifact.inputs.map(\.path) == ["../project/data/raw.csv"])

        // Run from a third folder: the recorded input is found, and its edit is seen.
        let fresh = try Fixtures.tool(
            "split",
            [
                "enc.csv", "--train-share", "50", "--rule", "contiguous", "--train-output", "t.csv",
                "--validation-output", "v.csv"
            ], in: root + "/elsewhere")
        #expect(fresh.status == 0, "\(fresh.error)")
        Fixtures.write("\(Fixtures.header)\n\(Fixtures.row)\n", to: root + "/project/data/raw.csv")
        let stale = try Fixtures.tool(
            "split",
            [
                "../elsewhere/enc.csv", "--train-share", "50", "--rule", "contiguous", "--train-output", "t.csv",
                "--validation-output", "v.csv"
            ], in: root + "/project")
        #expect(stale.status != 0)
        #expect(
            stale.error.contains("is stale: its input ../elsewhere/../project/data/raw.csv (raw) has changed"),
            "\(stale.error)")

        // A recorded input that is gone cannot be checked: said on stderr, not skipped in silence.
        try FileManager.default.removeItem(atPath: root + "/project/data/raw.csv")
        let gone = try Fixtures.tool(
            "split",
            [
                "enc.csv", "--train-share", "50", "--rule", "contiguous", "--train-output", "t.csv",
                "--validation-output", "v.csv"
            ], in: root + "/elsewhere")
        #expect(gone.status == 0)
        #expect(
            gone.error.contains(
                "warning: enc.csv.meta.json: its recorded input ../project/data/raw.csv (raw) is missing"),
            "\(gone.error)")
    }

    @Test("a loss history and a predictions file read back as they were written")
    func csvRoundTrips() throws {
        let dir = Fixtures.folder()
        let header = ArtifactHeader(schema: .history, tool: .train, parameters: [:], inputs: [])
        let history = LossHistory(
            curves: [
                7: [
                    EpochLoss(epoch: 1, trainingMSE: 9000.125, validationMSE: 8800.1),
                    EpochLoss(epoch: 2, trainingMSE: 0.1 + 0.2, validationMSE: 1e-300)
                ],
                2: [EpochLoss(epoch: 1, trainingMSE: nil, validationMSE: 5213.4567890123)]
            ],
            order: [7, 2])
        try AtomicWrite.files(history.files(to: dir + "/history.csv", header: header))
        #expect(try LossHistory.load(dir + "/history.csv") == history)
        #expect(history.csvText.hasPrefix("epoch,training_mse,validation_mse,seed\n1,9000.125,8800.1,7\n"))
        let predictions = Predictions(actual: [16, 40, 0], predicted: [3, 0.5, 1e6])
        let predictionsHeader = ArtifactHeader(schema: .predictions, tool: .evaluate, parameters: [:], inputs: [])
        try AtomicWrite.files(predictions.files(to: dir + "/predictions.csv", header: predictionsHeader))
        #expect(try Predictions.load(dir + "/predictions.csv") == predictions)
    }

    @Test(
        "a metrics file reads back as written, under Metrics' own names; one of the version before is refused, saying why"
    )
    func metricsRoundTrip() throws {
        let dir = Fixtures.folder(), path = dir + "/metrics.json"
        let metrics = Metrics(predictions: [3, 0, 7], counts: [4, 1, 7])
        let file = MetricsFile(
            artifact: ArtifactHeader(schema: .metrics, tool: .evaluate, parameters: [:], inputs: [], for: path),
            metrics: metrics)
        try AtomicWrite.files([(path, try ArtifactJSON.encode(file, file: path))])
        let read = try MetricsFile.load(path)
        #expect(read.metrics == metrics)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // The measures at the top level under Metrics' names, as before the header was apart.
        #expect(
            text.contains("\"meanActual\"") && text.contains("\"rows\" : 3") && !text.contains("\"metrics\"")
                && !text.contains("meanCount"))
        var old = file
        old.artifact.schemaVersion = 2
        try AtomicWrite.files([(path, try ArtifactJSON.encode(old, file: path))])
        #expect { try MetricsFile.load(path) } throws: {
            "\($0)".contains(
                "has schema version 2 of 'bike-report/metrics'; this build reads version 3 only (rerun the stage that made it)"
            )
        }
    }

    @Test(
        "the committed results.json reads back and writes out as the same bytes: its keys, snake_case beside camelCase names, and beyond.json's sections at its top level"
    )
    func resultsRoundTrip() throws {
        let path = Fixtures.repository.appendingPathComponent("figures/results.json").path
        let results = try ArtifactJSON.load(ReportResults.self, from: path, schema: .results)
        #expect(results.beyond.learningRateSweeps?.isEmpty == false && results.beyond.holdout2012 != nil)
        let written = try ArtifactJSON.encode(results)
        #expect(written == (try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(String(decoding: written, as: UTF8.self).contains("\"learning_rate_sweeps\" : ["))
    }
}
