import BikeModel
import Foundation
import Gates
import Statistics
import TestSupport
import Testing

@Suite("Beyond the report")
struct BeyondTests {
    /// Rows whose count is an exact linear function of the features, yr held at 0.
    static func linearRows(_ n: Int, seed: UInt64) -> FeatureTable {
        var random = SeededGenerator(seed: seed)
        var features: [Double] = [], counts: [Double] = []
        for _ in 0..<n {
            var x = (0..<Feature.count).map { _ in random.nextUnit() }
            x[1] = 0
            features += x
            counts.append((40 + 100 * x[0] + 200 * x[3] - 30 * x[8] + 55 * x[11]).rounded())
        }
        return FeatureTable(features: features, counts: counts)
    }

    @Test("the linear baseline solves least squares exactly, leaving out a constant column")
    func linear() throws {
        let mse = try #require(
            Baselines.linear(training: Self.linearRows(400, seed: 1), validation: Self.linearRows(200, seed: 2)))
        // Only the rounding of the targets and of the predictions remains.
        #expect(mse < 0.6)
        #expect(
            Baselines.mean(training: Self.linearRows(400, seed: 1), validation: Self.linearRows(200, seed: 2)) > 100
                * mse)
    }

    @Test("the hour-of-day baseline predicts each hour's training mean")
    func hourMean() {
        let training = FeatureTable(
            features: [Double](repeating: 0, count: 4 * Feature.count), counts: [10, 20, 100, 300])
        let validation = FeatureTable(features: [Double](repeating: 0, count: 2 * Feature.count), counts: [15, 200])
        #expect(
            Baselines.hourMean(
                training: training, trainingHours: [7, 7, 8, 8], validation: validation, validationHours: [7, 8]) == 0)
    }

    @Test("with --unseen overall-mean a code the fitted rows lack becomes their overall mean")
    func unseenOverallMean() throws {
        let dir = Fixtures.folder()
        Fixtures.write(
            "\(Fixtures.header)\n\(Fixtures.row)\n1,2011-01-01,1,0,1,0,0,6,0,1,0.24,0.2879,0.81,0,20\n",
            to: dir + "/fit.csv")
        Fixtures.write("\(Fixtures.header)\n1,2011-01-01,1,0,1,0,0,6,0,4,0.24,0.2879,0.81,0,16\n", to: dir + "/in.csv")
        try Preprocess.run(
            input: dir + "/in.csv", output: dir + "/out.csv", mode: .fit, fitOn: dir + "/fit.csv", unseen: .overallMean)
        let (table, sidecar) = try FeatureTable.load(dir + "/out.csv")
        #expect(table.features[7] == 0.18)  // weathersit 4 → the overall mean 18 / 100
        #expect(sidecar.encoding?.unseen == .overallMean)
        #expect(throws: UsageError.self) {
            try Preprocess.run(
                input: dir + "/in.csv", output: dir + "/x.csv", mode: .report, fitOn: nil, unseen: .overallMean)
        }
    }

    @Test("a run whose weights stop changing stops as stalled, with early stopping only")
    func stalled() {
        // A dead ReLU output: beta < 0 for every row, so no update ever flows.
        let rows = FeatureTable(features: [Double](repeating: 0.5, count: 3 * Feature.count), counts: [10, 20, 30])
        var parameters = [Double](repeating: 0, count: Network.parameterCount(hiddenUnits: 2))
        parameters[parameters.count - 1] = -5
        var settings = TrainingSettings()
        settings.hiddenUnits = 2
        let run = train(
            settings, training: rows, validation: rows, initial: Network(hiddenUnits: 2, parameters: parameters))
        #expect(run.stopReason == .stalled && run.epochsRun == 1)
        settings.earlyStopping = false
        settings.maxEpochs = 7
        #expect(
            train(settings, training: rows, validation: rows, initial: Network(hiddenUnits: 2, parameters: parameters))
                .epochsRun == 7)
    }

    @Test("each section beyond.json declares is a check of its own, and the committed results pass it")
    func oneCheckPerSection() throws {
        let items = ResultsCheck.items(try Committed.results.get(), pipeline: try Committed.pipeline.get())
            .filter { $0.suite == "beyond the report" }
        #expect(
            items.map(\.name)
                == [
                    "learning_rate_sweeps", "baselines", "leak_free_encoding", "contiguous_split", "holdout_2012"
                ].map { "\($0) declared in beyond.json: present and plausible" })
        #expect(items.allSatisfy { $0.failure == nil })
    }

    @Test("a section missing from the results fails the gate, naming it")
    func missingSection() throws {
        var results = try Committed.results.get()
        results.beyond.holdout2012 = nil
        results.beyond.learningRateSweeps = Array(results.beyond.learningRateSweeps!.dropLast())
        let failures = ResultsCheck.failures(results, pipeline: try Committed.pipeline.get())
        #expect(failures.contains("results.json has no holdout_2012 section"))
        #expect(failures.contains { $0.hasPrefix("learning_rate_sweeps: 6 configurations, expected 7") })
    }
}
