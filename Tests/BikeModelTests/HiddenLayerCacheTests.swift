import Foundation
import TestSupport
import Testing

// `@testable`: the kept hidden layer (`HiddenLayerCache`) and the epoch that consults it are
// internal to training; `train` uses them on its own.
@testable import BikeModel

/// Epochs whose hidden layer holds still run the output layer alone, from the kept b_h and
/// f'(alpha_h): the same bits as running them in full, and never a kept block once a weight of
/// the layer has moved.
@Suite("The kept hidden layer")
struct HiddenLayerCacheTests {
    /// The lab's split at t = 70, as the report's program's readings train on.
    static let data = Result { try Fixtures.encodedSplit(trainShare: 70) }

    /// Parameter bits, for comparisons that a NaN would not break.
    static func bits(_ network: Network) -> [UInt64] { network.parameters.map(\.bitPattern) }

    /// The report's program's constant sigmoid, which only the output layer learns, and ReLU
    /// with every unit dead (v = 0, gamma = -1: b_h = 0 on every row).
    static let stillLayers: [(Activation, Exponential, GradientDescent, Int, Double)] = [
        (.sigmoid, .guarded, .bgd, 100, 0.01), (.sigmoid, .guarded, .mgd, 7, 1e-4),
        (.relu, .exact, .bgd, 100, 1e-3), (.relu, .exact, .mgd, 7, 1e-4)
    ]

    @Test(
        "a still hidden layer on the lab's rows: served from the third epoch on, the same bits as in full, and dropped when one of its weights moves",
        arguments: stillLayers)
    func keptAndDropped(
        activation: Activation, exponential: Exponential, method: GradientDescent, batchSize: Int, eta: Double
    ) throws {
        let (training, validation) = try Self.data.get()
        let cache = try #require(HiddenLayerCache(hiddenUnits: 5, training: training, validation: validation))
        var start = Network(hiddenUnits: 5, seed: 4)
        if activation == .relu {
            for index in 0..<start.layout.w { start.parameters[index] = index < start.layout.gamma ? 0 : -1 }
        }
        var kept = start, full = start
        var served: [Int] = []
        /// One epoch both ways, then both MSEs both ways; how many of its batches ran from kept blocks.
        func epoch() {
            let before = cache.reusedBatches
            kept.trainEpoch(
                training, activation: activation, exponential: exponential, method: method, learningRate: eta,
                batchSize: batchSize, loop: .vectorised, cache: cache)
            full.trainEpoch(
                training, activation: activation, exponential: exponential, method: method, learningRate: eta,
                batchSize: batchSize)
            #expect(Self.bits(kept) == Self.bits(full), "epoch \(served.count)")
            for (table, which) in [(validation, HiddenLayerCache.Table.validation), (training, .training)] {
                let fromCache = kept.meanSquaredError(
                    table, activation: activation, exponential: exponential, cache: cache, table: which)
                let inFull = full.meanSquaredError(table, activation: activation, exponential: exponential)
                #expect(fromCache.bitPattern == inFull.bitPattern, "epoch \(served.count), \(which)")
            }
            served.append(cache.reusedBatches - before)
        }
        for _ in 0..<4 { epoch() }
        let batches = method == .bgd ? 1 : (training.rowCount + batchSize - 1) / batchSize
        #expect(served == [0, 0, batches, batches])
        #expect(Self.bits(kept) != Self.bits(start), "the output layer learned")

        // Unit 2's gamma moved between epochs (reviving the dead unit, which then learns):
        // that epoch finds it moved and computes in full, the next watches, the one after keeps,
        // and only the fourth is served again, if the layer held still since.
        kept.parameters[kept.layout.gamma + 2] += 2
        full.parameters[full.layout.gamma + 2] += 2
        for _ in 0..<4 { epoch() }
        #expect(served.suffix(4) == (activation == .relu ? [0, 0, 0, 0] : [0, 0, 0, batches]))
    }

    /// Runs of the report's kinds and of the kinds that freeze or kill the hidden layer.
    static let runs: [(Activation, Exponential, GradientDescent, Double, Int, Int)] = [
        (.sigmoid, .guarded, .bgd, 0.01, 100, 5),
        (.tanh, .guarded, .bgd, 0.01, 100, 50),
        (.sigmoid, .guarded, .mgd, 1e-4, 7, 5),
        (.elu, .guarded, .bgd, 0.001, 100, 5),
        (.relu, .exact, .bgd, 0.3, 100, 5),
        (.elu, .exact, .bgd, 0.03, 100, 5),
        (.elu, .exact, .mgd, 1e-4, 100, 5)
    ]

    @Test("a whole run gives the same bits with the kept hidden layer as without", arguments: runs)
    func wholeRun(
        activation: Activation, exponential: Exponential, method: GradientDescent, learningRate: Double,
        batchSize: Int, hiddenUnits: Int
    ) throws {
        let (training, validation) = try Fixtures.seedLanesData.get()
        var settings = TrainingSettings()
        (settings.activation, settings.exponential, settings.method) = (activation, exponential, method)
        (settings.learningRate, settings.batchSize, settings.hiddenUnits) = (learningRate, batchSize, hiddenUnits)
        (settings.maxEpochs, settings.minImprovement, settings.seed) = (40, 0.005, 2)
        let kept = train(settings, training: training, validation: validation, recordTrainingMSE: true)
        let full = train(
            settings, training: training, validation: validation, recordTrainingMSE: true, keepsHiddenLayer: false)
        #expect(Fixtures.same(kept, full))
        #expect(kept.epochsRun > 1)
    }

    @Test(
        "the report's program's constant units as the plan trains them (the lab's rows, t = 70, BGD, η 0.01), for 30 epochs: the same bits with the kept hidden layer as without",
        arguments: [Activation.sigmoid, .tanh])
    func readingRun(activation: Activation) throws {
        let (training, validation) = try Self.data.get()
        var settings = TrainingSettings()
        (settings.activation, settings.exponential, settings.method) = (activation, .guarded, .bgd)
        (settings.learningRate, settings.maxEpochs, settings.seed) = (0.01, 30, 3)
        let kept = train(settings, training: training, validation: validation)
        let full = train(settings, training: training, validation: validation, keepsHiddenLayer: false)
        #expect(Fixtures.same(kept, full))
        #expect(kept.epochsRun > 2, "\(kept.epochsRun) epochs")
    }

    @Test("past its memory limit no layer is kept: the run computes every epoch")
    func memoryLimit() throws {
        let (training, validation) = try Self.data.get()
        #expect(HiddenLayerCache(hiddenUnits: 5, training: training, validation: validation) != nil)
        #expect(HiddenLayerCache(hiddenUnits: 1 << 16, training: training, validation: validation) == nil)
        #expect(HiddenLayerCache(hiddenUnits: .max / 2, training: training, validation: validation) == nil)
    }
}
