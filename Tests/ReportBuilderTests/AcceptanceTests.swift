import Artifacts
import BikeModel
import Foundation
import Pipeline
import Stages
import TestSupport
import Testing

// `@testable`: finding the acceptance hours' real counts (`AcceptanceCheck.realCounts`) is internal to the results.
@testable import ReportBuilder

/// The course's acceptance check: hours without counts can be encoded and predicted, and only
/// predicted; their real counts are found in the lab's file.
@Suite("The course's acceptance check")
struct AcceptanceTests {
    static let acceptance = Fixtures.repository.appendingPathComponent("data/acceptance").path

    @Test(
        "unlabeled hours: refused where counts are needed, encoded with --unlabeled, predicted by evaluate --unlabeled")
    func unlabeled() throws {
        let dir = Fixtures.folder(), test = Self.acceptance + "/test.csv", train = Self.acceptance + "/train.csv"
        // Without --unlabeled, a '?' count is refused with its line and what to do.
        #expect {
            try Preprocess.run(input: test, output: dir + "/x.csv", mode: .report, fitOn: nil)
        } throws: { error in
            "\(error)".contains("test.csv:2: column 'cnt': expected a non-negative integer count, found \"?\"")
                && "\(error)".contains("preprocess such rows with --unlabeled")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.csv"))
        // With it, a labelled row is refused.
        #expect {
            try Preprocess.run(input: train, output: dir + "/y.csv", mode: .report, fitOn: nil, unlabeled: true)
        } throws: { error in
            "\(error)".contains("train.csv:2: column 'cnt': expected an unknown count ('?')")
        }
        try Preprocess.run(input: test, output: dir + "/predict.csv", mode: .report, fitOn: nil, unlabeled: true)
        try Preprocess.run(input: train, output: dir + "/train.csv", mode: .report, fitOn: nil)
        // The stages that need counts refuse the unlabeled table by name.
        #expect {
            try TrainStage.run(
                settings: TrainingSettings(), trainingPath: dir + "/predict.csv", validationPath: dir + "/train.csv",
                output: dir + "/m.json", historyPath: nil, initialWeightsPath: nil)
        } throws: { error in
            "\(error)".contains("predict.csv: holds unlabeled rows") && "\(error)".contains("evaluate --unlabeled")
        }
        var settings = TrainingSettings()
        settings.maxEpochs = 5
        try TrainStage.run(
            settings: settings, seeds: [0, 1], trainingPath: dir + "/train.csv", validationPath: dir + "/train.csv",
            output: dir + "/models.json", historyPath: nil, initialWeightsPath: nil)
        #expect {
            try EvaluateStage.run(
                modelPath: dir + "/models.json", dataPath: dir + "/predict.csv", output: dir + "/metrics.json",
                predictionsPath: nil)
        } throws: { error in "\(error)".contains("holds unlabeled rows") }
        #expect {
            try EvaluateStage.forecast(
                modelPath: dir + "/models.json", dataPath: dir + "/train.csv", output: dir + "/f.json")
        } throws: { error in "\(error)".contains("holds labelled rows") }
        try EvaluateStage.forecast(
            modelPath: dir + "/models.json", dataPath: dir + "/predict.csv", output: dir + "/f.json")
        let forecasts = try ForecastsFile.load(dir + "/f.json")
        #expect(forecasts.rows == 5 && forecasts.seeds.map(\.seed) == [0, 1])
        #expect(forecasts.seeds.allSatisfy { $0.predicted.count == 5 && $0.epochsRun == 5 })
    }

    @Test("the five hours' real counts are found in the lab's file, by every column but instant and cnt")
    func realCounts() throws {
        let hours = try AcceptanceCheck.realCounts(predict: Self.acceptance + "/test.csv", labels: Fixtures.trainCSV)
        #expect(hours.map(\.actual) == [14, 28, 77, 11, 74])
        #expect(
            hours.map(\.when) == [
                "2011/1/1 9:00", "2011/1/1 22:00", "2011/1/3 14:00", "2011/1/4 23:00", "2011/1/2 15:00"
            ])
        // The whole year spells its dates otherwise: no hour is found there, and it says so.
        #expect {
            try AcceptanceCheck.realCounts(predict: Self.acceptance + "/test.csv", labels: Fixtures.fullYearCSV)
        } throws: { error in "\(error)".contains("test.csv:2: no row of") }
    }

    @Test("the committed results run every configuration under every reading the check names")
    func committed() throws {
        let results = try ReportTests.results.get(), pipeline = try ReadingTests.pipeline.get()
        let acceptance = try #require(results.acceptance)
        #expect(acceptance.trainingRows == 100 && acceptance.hours.count == 5 && acceptance.lossBar == 1500)
        #expect(
            acceptance.runs.map { "\($0.configuration) \($0.reading)" }
                == pipeline.acceptanceRuns.map { "\($0.configuration) \($0.reading)" })
        #expect(acceptance.runs.map(\.reading).contains("code") && acceptance.runs.map(\.reading).contains("text"))
        for run in acceptance.runs { #expect(run.predicted.count == 5 && run.seeds == 10) }
    }
}
