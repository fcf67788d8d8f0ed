import BikeModel
import Foundation
import TestSupport
import Testing

/// SGD with seeds side by side in a vector's lanes: each seed's run the bits it gets alone.
@Suite("SGD seeds in the lanes of a vector")
struct SeedLanesTests {
    @Test(
        "2, 5 and 8 seeds in lanes give each seed train's own run (elu; every other case in EndToEndTests)",
        arguments: [(Activation.elu, Exponential.exact, 2e-6, true, 0.0)])
    func lanesAgree(
        activation: Activation, exponential: Exponential, learningRate: Double, earlyStopping: Bool,
        minImprovement: Double
    ) throws {
        try Fixtures.expectSeedLanesAgree(
            activation: activation, exponential: exponential, learningRate: learningRate,
            earlyStopping: earlyStopping, minImprovement: minImprovement)
    }

    @Test("the lanes' runs end apart, so the check above sees lanes go on after others stopped")
    func runsEndApart() throws {
        let (training, validation) = try Fixtures.seedLanesData.get()
        var settings = TrainingSettings()
        settings.method = .sgd
        settings.learningRate = 2e-6
        settings.maxEpochs = 200
        let seeded = (0..<4).map { k in
            var s = settings
            s.seed = UInt64(k)
            return s
        }
        let runs = trainStochastic(seeds: seeded, training: training, validation: validation)
        #expect(Set(runs.map(\.epochsRun)).count > 1, "\(runs.map(\.epochsRun))")
    }

    @Test("from given initial weights, every lane starts from them")
    func initialWeights() throws {
        let (training, validation) = try Fixtures.seedLanesData.get()
        var settings = TrainingSettings()
        settings.method = .sgd
        settings.maxEpochs = 5
        let start = Network(hiddenUnits: 5, seed: 99)
        let runs = trainStochastic(
            seeds: [settings, settings, settings], training: training, validation: validation, initial: start)
        let alone = train(settings, training: training, validation: validation, initial: start)
        #expect(runs.allSatisfy { Fixtures.same($0, alone) })
    }
}
