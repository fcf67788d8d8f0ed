import BikeModel
import Foundation
import TestSupport
import Testing

/// SGD with seeds side by side in a vector's lanes: each seed's run the bits it gets alone.
@Suite("SGD seeds in the lanes of a vector")
struct SeedLanesTests {
    /// The first 600 training and 200 validation rows of the lab's split: enough for runs that
    /// stop apart, small enough for the debug build.
    static let data = Result {
        let (training, validation) = try Fixtures.encodedSplit()
        func first(_ rows: Int, of table: FeatureTable) -> FeatureTable {
            FeatureTable(
                features: Array(table.features.prefix(rows * Network.inputs)), counts: Array(table.counts.prefix(rows)))
        }
        return (first(600, of: training), first(200, of: validation))
    }

    /// Every field of two runs, numbers by their bits (a diverged run's NaN is equal to itself).
    static func same(_ a: TrainingRun, _ b: TrainingRun) -> Bool {
        func bits(_ x: Double?) -> UInt64? { x?.bitPattern }
        func bits(_ c: Checkpoint) -> [UInt64] {
            [UInt64(c.epoch), c.trainingMSE.bitPattern, c.validationMSE.bitPattern]
        }
        return a.network.parameters.map(\.bitPattern) == b.network.parameters.map(\.bitPattern)
            && bits(a.best) == bits(b.best) && bits(a.last) == bits(b.last) && a.epochsRun == b.epochsRun
            && a.stopReason == b.stopReason && a.divergedAt == b.divergedAt
            && a.history.map { [UInt64($0.epoch), bits($0.validationMSE)!, bits($0.trainingMSE) ?? 1] }
                == b.history.map { [UInt64($0.epoch), bits($0.validationMSE)!, bits($0.trainingMSE) ?? 1] }
    }

    @Test(
        "2, 5 and 8 seeds in lanes give each seed train's own run: early stopped apart, guarded, dead units, a wild rate",
        arguments: [
            (Activation.elu, Exponential.exact, 2e-6, true, 0.0),
            (.tanh, .guarded, 2e-6, true, 0.005),
            (.sigmoid, .exact, 1e-5, false, 0.0),
            (.relu, .exact, 1e-5, true, 0.0),
            (.elu, .guarded, 1e-4, true, 0.0),
            (.elu, .exact, 1, true, 0.0)
        ])
    func lanesAgree(
        activation: Activation, exponential: Exponential, learningRate: Double, earlyStopping: Bool,
        minImprovement: Double
    ) throws {
        let (training, validation) = try Self.data.get()
        var settings = TrainingSettings()
        settings.method = .sgd
        settings.activation = activation
        settings.exponential = exponential
        settings.learningRate = learningRate
        settings.earlyStopping = earlyStopping
        settings.minImprovement = minImprovement
        settings.maxEpochs = 25
        settings.patience = 3
        for count in [2, 5, Lanes.scalarCount] {
            let seeded = (0..<count).map { k in
                var s = settings
                s.seed = UInt64(10 + k)
                return s
            }
            let lanes = trainStochastic(
                seeds: seeded, training: training, validation: validation, recordTrainingMSE: true)
            for (k, run) in lanes.enumerated() {
                let alone = train(seeded[k], training: training, validation: validation, recordTrainingMSE: true)
                #expect(
                    Self.same(run, alone), "\(activation) \(exponential) η \(learningRate): seed \(10 + k) of \(count)")
            }
        }
    }

    @Test("the lanes' runs end apart, so the check above sees lanes go on after others stopped")
    func runsEndApart() throws {
        let (training, validation) = try Self.data.get()
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
        let (training, validation) = try Self.data.get()
        var settings = TrainingSettings()
        settings.method = .sgd
        settings.maxEpochs = 5
        let start = Network(hiddenUnits: 5, seed: 99)
        let runs = trainStochastic(
            seeds: [settings, settings, settings], training: training, validation: validation, initial: start)
        let alone = train(settings, training: training, validation: validation, initial: start)
        #expect(runs.allSatisfy { Self.same($0, alone) })
    }
}
