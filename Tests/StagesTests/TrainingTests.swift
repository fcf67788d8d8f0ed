import Artifacts
import BikeModel
import Foundation
import Stages
import TestSupport
import Testing

@Suite("Training runs")
struct TrainingTests {
    @Test("early stopping stops when the loss rises past the tolerance")
    func toleranceRule() {
        var rule = EarlyStopping(patience: 10, tolerance: 0.005)
        #expect(rule.observe(validationMSE: 100, epoch: 0) == .improved)
        #expect(rule.observe(validationMSE: 100.4, epoch: 1) == .keepGoing)
        #expect(rule.observe(validationMSE: 100.6, epoch: 2) == .stop(.tolerance))
    }

    @Test("early stopping stops after more than `patience` epochs without a new best")
    func patienceRule() {
        var rule = EarlyStopping(patience: 10, tolerance: 0.005)
        #expect(rule.observe(validationMSE: 100, epoch: 0) == .improved)
        for epoch in 1...10 { #expect(rule.observe(validationMSE: 100.1, epoch: epoch) == .keepGoing) }
        #expect(rule.observe(validationMSE: 100.1, epoch: 11) == .stop(.patience))
        #expect(rule.bestEpoch == 0 && rule.best == 100)
    }

    @Test("an equal loss counts as a new best")
    func ties() {
        var rule = EarlyStopping()
        _ = rule.observe(validationMSE: 100, epoch: 0)
        #expect(rule.observe(validationMSE: 100, epoch: 4) == .improved)
        #expect(rule.bestEpoch == 4)
    }

    static let data = Result { try Fixtures.encodedSplit() }

    @Test("the model is the best epoch's weights with early stopping, the last epoch's without")
    func bestWeights() throws {
        let (training, validation) = try Self.data.get()
        var settings = TrainingSettings()
        settings.maxEpochs = 30
        settings.patience = 3
        settings.learningRate = 3e-4
        let run = train(settings, training: training, validation: validation, recordTrainingMSE: true)
        let best = run.history.min { $0.validationMSE < $1.validationMSE }!
        #expect(run.best.epoch == run.history.last { $0.validationMSE == best.validationMSE }!.epoch)
        #expect(run.network.meanSquaredError(validation, activation: .elu) == run.best.validationMSE)
        #expect(run.epochsRun == run.history.count && run.last.epoch == run.epochsRun)

        settings.earlyStopping = false
        let full = train(settings, training: training, validation: validation)
        #expect(full.epochsRun == 30 && full.stopReason == .maxEpochs)
        #expect(full.network.meanSquaredError(validation, activation: .elu) == full.last.validationMSE)
        #expect(full.best.validationMSE <= full.last.validationMSE)
    }

    @Test("same seed, same weights; another seed, other weights")
    func seeds() throws {
        let (training, validation) = try Self.data.get()
        var settings = TrainingSettings()
        settings.maxEpochs = 3
        let a = train(settings, training: training, validation: validation).network
        let b = train(settings, training: training, validation: validation).network
        settings.seed = 1
        let c = train(settings, training: training, validation: validation).network
        #expect(a == b)
        #expect(a != c)
        #expect(Network(hiddenUnits: 5, seed: 3).parameters.allSatisfy { (0..<1).contains($0) })
    }

    @Test("zero epochs leave the initial weights untouched")
    func untrained() throws {
        let (training, validation) = try Self.data.get()
        var settings = TrainingSettings()
        settings.maxEpochs = 0
        let run = train(settings, training: training, validation: validation)
        #expect(run.network == Network(hiddenUnits: 5, seed: 0))
        #expect(run.epochsRun == 0 && run.best.epoch == 0 && run.last.epoch == 0)
    }

    @Test("a learning rate too large diverges: reported, with finite weights kept")
    func divergence() throws {
        let (training, validation) = try Self.data.get()
        var settings = TrainingSettings()
        // Smaller rates send the ReLU output to zero for good; this one overflows outright.
        settings.method = .bgd
        settings.learningRate = 1e100
        let run = train(settings, training: training, validation: validation)
        #expect(run.stopReason == .diverged)
        #expect(run.divergedAt != nil)
        #expect(run.network.isFinite)
    }

    @Test(
        "bad settings are refused before any work",
        arguments: [
            ("learningRate", -1.0), ("learningRate", 0), ("learningRate", .nan), ("hiddenUnits", 0), ("batchSize", 0),
            ("tolerance", -0.1)
        ])
    func badSettings(name: String, value: Double) {
        var settings = TrainingSettings()
        switch name {
        case "learningRate": settings.learningRate = value
        case "hiddenUnits": settings.hiddenUnits = Int(value)
        case "batchSize": settings.batchSize = Int(value)
        default: settings.tolerance = value
        }
        #expect(throws: UsageError.self) { try settings.validate() }
    }

    @Test("train --settle grows a model set ten seeds at a time while a target is undecided, and records why")
    func settleSeeds() throws {
        let dir = Fixtures.folder()
        try Preprocess.run(input: Fixtures.trainCSV, output: dir + "/encoded.csv", mode: .report, fitOn: nil)
        try Split(trainShare: 75, rule: .interleaved).run(
            input: dir + "/encoded.csv", trainOutput: dir + "/t.csv", validationOutput: dir + "/v.csv")
        var settings = TrainingSettings()
        settings.maxEpochs = 2
        func train(_ settle: TrainStage.Settle?, to name: String) throws -> ModelSet {
            try TrainStage.run(
                settings: settings, seeds: Array(0..<10), settle: settle, trainingPath: dir + "/t.csv",
                validationPath: dir + "/v.csv",
                output: dir + "/" + name, historyPath: nil, initialWeightsPath: nil)
            return try ModelSet.load(dir + "/" + name)
        }
        let plain = try train(nil, to: "plain.json")
        let values = plain.models.map(\.training.best.validationMSE)
        let mean = values.reduce(0, +) / Double(values.count)
        // A published value whose +8% edge sits on our mean: undecided at every count, so up to the maximum.
        let edge = try train(
            .init(
                targets: [.init(measure: .validationMSE, value: mean / 1.08, tolerance: 0.08)], firstSeeds: 10,
                maxSeeds: 25),
            to: "edge.json")
        #expect(edge.models.map(\.training.settings.seed) == Array(0..<25))
        #expect(edge.artifact.parameters["seeds"] == (0..<25).map(String.init).joined(separator: ","))
        #expect(edge.artifact.parameters["declaredSeeds"] == (0..<10).map(String.init).joined(separator: ","))
        #expect(edge.artifact.parameters["settle"]?.contains("up to 25 seeds, 3 looks at") == true)
        // The first ten models are the plain run's: adding seeds changes none of them.
        #expect(Array(edge.models.prefix(10).map(\.weights)) == plain.models.map(\.weights))
        // A target already decided at ten seeds adds none.
        let decided = try train(
            .init(targets: [.init(measure: .validationMSE, value: mean, tolerance: 0.5)], firstSeeds: 10, maxSeeds: 25),
            to: "decided.json")
        #expect(decided.models.count == 10)
        // The tool's line on stderr says what it trained.
        let result = try Fixtures.tool(
            "train", ["t.csv", "v.csv", "--max-epochs", "2", "--seeds", "0-2", "-o", "tool.json"], in: dir)
        #expect(result.status == 0)
        #expect(result.error.hasPrefix("train: 3 seeds: validation MSE "), "\(result.error)")
        #expect(result.error.hasSuffix(", 2 epochs → tool.json\n"), "\(result.error)")
    }
}
