import BikeModel
import Testing

extension Fixtures {
    /// The first 600 training and 200 validation rows of the lab's split, for SGD's seeds in lanes
    /// and the kept hidden layer: enough for runs that stop apart, small enough for the debug build.
    public static let seedLanesData = Result {
        let (training, validation) = try Fixtures.encodedSplit()
        func first(_ rows: Int, of table: FeatureTable) -> FeatureTable {
            FeatureTable(
                features: Array(table.features.prefix(rows * Network.inputs)), counts: Array(table.counts.prefix(rows)))
        }
        return (first(600, of: training), first(200, of: validation))
    }

    /// Every field of two runs, numbers by their bits (a diverged run's NaN is equal to itself).
    public static func same(_ a: TrainingRun, _ b: TrainingRun) -> Bool {
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

    /// SGD seeds 10 to 10 + k - 1 side by side in lanes, for k = 2, 5 and 8, each the bits of that
    /// seed trained alone, on `seedLanesData` with these settings.
    public static func expectSeedLanesAgree(
        activation: Activation, exponential: Exponential, learningRate: Double, earlyStopping: Bool,
        minImprovement: Double
    ) throws {
        let (training, validation) = try seedLanesData.get()
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
                    same(run, alone),
                    "\(activation) \(exponential) η \(learningRate): seed \(10 + k) of \(count)")
            }
        }
    }
}
