import Artifacts
import BikeModel
import Foundation
import TestSupport
import Testing

@testable import DeclaredReports

/// report.json read as a user writes it, and refused, naming the file and line, where it
/// cannot describe a report.
@Suite("Declared reports: the declaration")
struct DeclarationTests {
    static let udacity = Fixtures.repository.appendingPathComponent("reports/udacity/report.json").path

    /// A project folder with the repository's data and a copy of Udacity's declaration, changed.
    static func project(_ change: (inout String) -> Void) throws -> String {
        let dir = Fixtures.folder()
        try FileManager.default.createDirectory(atPath: dir + "/reports/udacity", withIntermediateDirectories: true)
        // Copied, not linked: a link out of the project is itself refused.
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        for file in ["train-2011-full.csv", "holdout-2012.csv"] {
            try FileManager.default.copyItem(
                atPath: Fixtures.repository.appendingPathComponent("data/\(file)").path, toPath: dir + "/data/\(file)")
        }
        var text = try String(contentsOfFile: udacity, encoding: .utf8)
        change(&text)
        Fixtures.write(text, to: dir + "/reports/udacity/report.json")
        return dir
    }

    static func refusal(_ change: (inout String) -> Void) throws -> String {
        let dir = try project(change)
        do {
            let report = try ReportDeclaration.load(folder: dir + "/reports/udacity", project: dir)
            _ = try DeclaredTraining.data(report, project: dir)
        } catch let error as InputError {
            return error.description
        }
        return "accepted"
    }

    @Test("the committed Udacity declaration: 56 inputs, one run of ten numpy seeds, a published run, the rubric")
    func committed() throws {
        let report = try ReportDeclaration.load(folder: "reports/udacity", project: Fixtures.repository.path)
        #expect(report.data.inputCount == 56)
        #expect(report.runs.map(\.name) == ["relanwar"] && report.runs[0].seeds.values == Array(0...9))
        #expect(report.runs[0].network.generator == .numpy && report.runs[0].network.hidden[0].units == 7)
        #expect(report.published.map(\.trainingLoss) == [0.062] && report.claims.map(\.below) == [0.09, 0.18])
    }

    @Test("the committed course declaration: every hour trains, five to predict, the bar in bikes², two activations")
    func course() throws {
        let report = try ReportDeclaration.load(folder: "reports/course", project: Fixtures.repository.path)
        #expect(report.data.split == .all && report.predictFile == "data/acceptance/test.csv")
        #expect(report.runs.map { $0.network.hidden.map(\.activation) } == [[.sigmoid], [.tanh]])
        #expect(report.runs.allSatisfy { $0.reported.rawUnits } && report.claims.map(\.below) == [1500, 1500])
    }

    @Test("a reported step the losses are not measured at, and a margin without its reason, are refused")
    func reportedAndMargin() throws {
        let step = try Self.refusal {
            $0 = $0.replacingOccurrences(
                of: "\"lossEvery\": 250}", with: "\"lossEvery\": 250, \"reported\": {\"at\": \"333\"}}")
        }
        #expect(step.contains("a multiple of lossEvery, 250"), "\(step)")
        let margin = try Self.refusal {
            $0 = $0.replacingOccurrences(
                of: "\"validationLoss\": 0.158", with: "\"validationLoss\": 0.158, \"margin\": 0.1")
        }
        #expect(margin.contains("give both \"margin\" and \"marginReason\""), "\(margin)")
    }

    @Test("a level that is not a code of its column is refused at its line")
    func unknownLevel() throws {
        let message = try Self.refusal {
            $0 = $0.replacingOccurrences(
                of: "\"season\", \"encode\": \"one-hot\", \"levels\": [1, 2, 3, 4]",
                with: "\"season\", \"encode\": \"one-hot\", \"levels\": [1, 2, 3, 4, 5]")
        }
        #expect(
            message.contains("report.json:") && message.contains("level 5 is not a code of the column"), "\(message)")
    }

    @Test("a key the encoder does not read is refused, not ignored")
    func strayKey() throws {
        let stray = try Self.refusal {
            $0 = $0.replacingOccurrences(
                of: "{\"column\": \"yr\", \"encode\": \"passthrough\"}",
                with: "{\"column\": \"yr\", \"encode\": \"passthrough\", \"levels\": [0, 1]}")
        }
        #expect(stray.contains("report.json:") && stray.contains("passthrough yr takes no \"levels\""), "\(stray)")
    }

    @Test("a layer of 0 units, an unknown key, a path out of the project: refused before anything runs")
    func shapes() throws {
        let zero = try Self.refusal { $0 = $0.replacingOccurrences(of: "\"units\": 7", with: "\"units\": 0") }
        #expect(zero.contains("units") && zero.contains("report.json:"), "\(zero)")
        let key = try Self.refusal { $0 = $0.replacingOccurrences(of: "\"biases\"", with: "\"bias\"") }
        #expect(key.contains("unknown key \"bias\"") && key.contains("did you mean \"biases\"?"), "\(key)")
        let outside = try Self.refusal {
            $0 = $0.replacingOccurrences(of: "\"data/holdout-2012.csv\"", with: "\"../holdout-2012.csv\"")
        }
        #expect(outside.contains("report.json:"), "\(outside)")
    }

    @Test("a data link that leads out of the project is refused, naming it")
    func linkOut() throws {
        let dir = try Self.project { $0 = $0.replacingOccurrences(of: "data/holdout-2012.csv", with: "data2/x.csv") }
        try FileManager.default.createSymbolicLink(atPath: dir + "/data2", withDestinationPath: NSTemporaryDirectory())
        let report = try ReportDeclaration.load(folder: dir + "/reports/udacity", project: dir)
        #expect(throws: InputError.self) { try report.checkDataFiles(project: dir) }
        // Planning checks it: the report is refused there.
        #expect(throws: InputError.self) { try ReportDeclaration.all(in: "reports", project: dir) }
    }

    @Test("a split that leaves no training rows, and a scaling with no spread, are refused at the data")
    func emptySets() throws {
        let split = try Self.refusal { $0 = $0.replacingOccurrences(of: "\"test\": 504", with: "\"test\": 17000") }
        #expect(split.contains("leaves no training or no validation rows"), "\(split)")
        // yr is 0 in every training row of 2011 alone: no spread to scale by.
        let flat = try Self.refusal {
            $0 = $0.replacingOccurrences(
                of: "{\"column\": \"yr\", \"encode\": \"passthrough\"}",
                with: "{\"column\": \"yr\", \"encode\": \"z-score\", \"rows\": \"all\", \"divisor\": \"n\"}"
            )
            .replacingOccurrences(of: ", \"data/holdout-2012.csv\"", with: "")
            .replacingOccurrences(of: "\"test\": 504", with: "\"test\": 0")
        }
        #expect(flat.contains("yr has no spread"), "\(flat)")
    }

    @Test("a file without a column the inputs need is refused, naming the file")
    func missingColumn() throws {
        let dir = try Self.project { $0 = $0.replacingOccurrences(of: "data/holdout-2012.csv", with: "short.csv") }
        Fixtures.write("instant,season\n1,1\n", to: dir + "/short.csv")
        let report = try ReportDeclaration.load(folder: dir + "/reports/udacity", project: dir)
        #expect(throws: InputError.self) { try DeclaredTraining.data(report, project: dir) }
    }
}
