import Foundation
@testable import Artifacts
@testable import BikeModel
@testable import ReportBuilder

/// Paths and scratch folders shared by the tests.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let trainCSV = repository.appendingPathComponent("data/train.csv").path
    static let header = "instant,dteday,season,yr,mnth,hr,holiday,weekday,workingday,weathersit,temp,atemp,hum,windspeed,cnt"
    static let row = "1,2011-01-01,1,0,1,0,0,6,0,1,0.24,0.2879,0.81,0,16"

    /// A fresh empty folder for one test's files.
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "bike-report-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) { FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) }
    static func write(_ bytes: [UInt8], to path: String) { FileManager.default.createFile(atPath: path, contents: Data(bytes)) }
    static func files(in folder: String) -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted() ?? [] }

    /// The encoded training and validation tables of data/train.csv at share t, as the pipeline makes them.
    static func encodedSplit(trainShare: Int = 75, encoding: EncodingMode = .report) throws -> (training: FeatureTable, validation: FeatureTable) {
        let dir = folder()
        try Preprocess.run(input: trainCSV, output: dir + "/encoded.csv", mode: encoding, fitOn: nil)
        try Split(trainShare: trainShare, rule: .interleaved).run(input: dir + "/encoded.csv", trainOutput: dir + "/t.csv", validationOutput: dir + "/v.csv")
        return (try FeatureTable.load(dir + "/t.csv").table, try FeatureTable.load(dir + "/v.csv").table)
    }

    /// Runs a tool of the debug build (`swift build --build-tests` makes them) in `folder`.
    static func tool(_ name: String, _ arguments: [String], in folder: String) throws -> (status: Int32, output: String, error: String) {
        let path = repository.appendingPathComponent(".build/debug/\(name)").path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw UsageError("\(path) is missing: run `swift build --build-tests` first") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile(), err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
