import BikeModel
import TestSupport
import Testing

/// Which epoch's weights a run reports: the best with early stopping; without it, the last as
/// the text reads, or the best still, as the report's program does.
@Suite("The reported epoch")
struct ReportedEpochTests {
    @Test("without early stopping, weightsWithoutStopping best reports the best epoch's weights, last the last's")
    func withoutStopping() throws {
        let (training, validation) = try Fixtures.seedLanesData.get()
        var settings = TrainingSettings()
        settings.method = .sgd
        settings.learningRate = 2e-6
        settings.earlyStopping = false
        settings.maxEpochs = 12
        let last = train(settings, training: training, validation: validation)
        settings.weightsWithoutStopping = .best
        let best = train(settings, training: training, validation: validation)
        // The same epochs run either way; only which weights are reported differs.
        #expect(best.epochsRun == 12 && last.epochsRun == 12 && best.best == last.best && best.last == last.last)
        #expect(settings.reportedEpoch == .best && TrainingSettings().reportedEpoch == .best)
        let mse = { (run: TrainingRun) in
            run.network.meanSquaredError(validation, activation: settings.activation, exponential: .exact)
        }
        #expect(mse(best) == best.best.validationMSE && mse(last) == last.last.validationMSE)
        #expect(best.best.epoch < 12, "the fixture's best epoch should come before its last")
    }
}
