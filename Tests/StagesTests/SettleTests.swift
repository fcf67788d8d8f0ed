import Stages
import Statistics
import Testing

// `@testable`: runs are made up here through `TrainingRun`'s memberwise initialiser, internal: a real run comes only from training.
@testable import BikeModel

@Suite("train --settle: seeds added while a target is undecided")
struct SettleTests {
    /// One seed's run whose every MSE is `mse`.
    func run(_ seed: UInt64, _ mse: Double) -> TrainingRun {
        var settings = TrainingSettings()
        settings.seed = seed
        let point = Checkpoint(epoch: 1, trainingMSE: mse, validationMSE: mse)
        return TrainingRun(
            settings: settings, network: Network(hiddenUnits: 1, seed: 0), best: point, last: point, epochsRun: 1,
            stopReason: .patience, history: [], divergedAt: nil)
    }

    @Test("train --settle adds ten seeds at a time while a target is undecided, up to the maximum")
    func settle() throws {
        let target = try TrainStage.Settle.target("val_mse:100:0.08")
        #expect(target == .init(measure: .validationMSE, value: 100, tolerance: 0.08))
        let settle = TrainStage.Settle(targets: [target], firstSeeds: 10, maxSeeds: 25)
        #expect(settle.design.looks == 3)
        // Ten seeds straddling the upper edge 108, narrow enough that 25 seeds could decide
        // them: undecided, so seeds 10-19 come next.
        let straddling = (0..<10).map { run(UInt64($0), $0 % 2 == 0 ? 106 : 110) }
        #expect(settle.moreSeeds(after: straddling, seeds: Array(0..<10)) == Array(10..<20))
        // At 20 seeds only 5 remain below the maximum of 25; at 25, no more.
        #expect(settle.moreSeeds(after: straddling + straddling, seeds: Array(0..<20))?.count == 5)
        #expect(settle.moreSeeds(after: straddling, seeds: Array(0..<25)) == nil)
        // Decided runs need no more seeds.
        #expect(
            settle.moreSeeds(after: (0..<10).map { run(UInt64($0), 101 + Double($0) * 0.1) }, seeds: Array(0..<10))
                == nil)
        // Seeds so spread that even 25 could not bring the interval inside the margin: no more
        // (a futility stop), though the cell is inconclusive.
        let wide = (0..<10).map { run(UInt64($0), $0 % 2 == 0 ? 100 : 116) }
        #expect(
            Spread.of(wide.map(\.best.validationMSE))?.judged(published: 100, tolerance: 0.08).verdict == .inconclusive)
        #expect(settle.moreSeeds(after: wide, seeds: Array(0..<10)) == nil)
        #expect(throws: UsageError.self) { try TrainStage.Settle.target("val_mse:100") }
        #expect(throws: UsageError.self) { try TrainStage.Settle.target("epochs:100:0.1") }
        #expect(throws: UsageError.self) { try TrainStage.Settle.target("val_mse:100:1.5") }
    }

    @Test(
        "train --settle-runs adds seeds while a conclusion that runs land in a range is open and seeds could close it")
    func settleRuns() throws {
        let target = try TrainStage.Settle.runsTarget("val_mse:5200:5300:0.00625")
        #expect(target == .init(measure: .validationMSE, range: 5_200...5_300, alpha: 0.00625))
        let settle = TrainStage.Settle(targets: [], runsTargets: [target], firstSeeds: 10, maxSeeds: 50)
        // Runs 5,222 with an sd of 6, 22 above the lower edge: at 10 seeds the interval for 95%
        // of runs, at Pocock's level, reaches past it, but more seeds would bring it inside
        // (1.96 sd is 12): ten more.
        let near = (0..<10).map { run(UInt64($0), 5_214 + Double($0 % 5) * 4) }
        let values = near.map(\.best.validationMSE)
        #expect(settle.design.wantsMoreSeeds(runs: values, inside: 5_200...5_300, alpha: 0.00625))
        #expect(settle.moreSeeds(after: near, seeds: Array(0..<10)) == Array(10..<20))
        // Runs well inside: decided, no more. Runs spread wider than the range: no number of
        // seeds decides it, no more.
        let inside = (0..<10).map { run(UInt64($0), 5_245 + Double($0 % 5)) }
        #expect(settle.moreSeeds(after: inside, seeds: Array(0..<10)) == nil)
        let wide = (0..<10).map { run(UInt64($0), $0 % 2 == 0 ? 5_190 : 5_310) }
        #expect(settle.moreSeeds(after: wide, seeds: Array(0..<10)) == nil)
        #expect(throws: UsageError.self) { try TrainStage.Settle.runsTarget("val_mse:5300:5200:0.01") }
        #expect(throws: UsageError.self) { try TrainStage.Settle.runsTarget("val_mse:5200:5300") }
        #expect(throws: UsageError.self) { try TrainStage.Settle.runsTarget("epochs_run:50:60:0.01") }
    }
}
