/// Everything that decides a training run besides the data.
public struct TrainingSettings: Codable, Equatable, Sendable {
    public var activation: Activation = .elu
    public var method: GradientDescent = .mgd
    /// eta.
    public var learningRate: Double = GradientDescent.mgd.reportLearningRate
    /// MGD's mini-batch size.
    public var batchSize = 100
    /// q.
    public var hiddenUnits = 5
    public var maxEpochs = 100
    public var earlyStopping = true
    public var patience = 10
    public var tolerance = 0.005
    public var seed: UInt64 = 0

    public init() {}

    /// Refuses settings that cannot describe a run, before any work.
    public func validate() throws {
        guard learningRate.isFinite, learningRate > 0 else { throw UsageError("the learning rate must be a positive number, got \(learningRate)") }
        guard hiddenUnits >= 1 else { throw UsageError("the number of hidden units must be at least 1, got \(hiddenUnits)") }
        guard batchSize >= 1 else { throw UsageError("the batch size must be at least 1, got \(batchSize)") }
        guard maxEpochs >= 0 else { throw UsageError("the epoch limit must be 0 or more, got \(maxEpochs)") }
        guard patience >= 0 else { throw UsageError("the patience must be 0 or more, got \(patience)") }
        guard tolerance.isFinite, tolerance >= 0 else { throw UsageError("the tolerance must be a number of 0 or more, got \(tolerance)") }
    }
}

/// The network's errors at one epoch; epoch 0 is the untrained network.
public struct Checkpoint: Codable, Equatable, Sendable {
    public var epoch: Int
    public var trainingMSE: Double
    public var validationMSE: Double
}

/// One row of the loss curve; epochs count from 1.
public struct EpochLoss: Codable, Equatable, Sendable {
    public var epoch: Int
    /// Recorded only when asked for: it costs a pass over the training rows.
    public var trainingMSE: Double?
    public var validationMSE: Double
}

/// What a training run produced.
public struct TrainingRun: Sendable {
    public var settings: TrainingSettings
    /// The model: the best epoch's weights with early stopping, the last epoch's without.
    public var network: Network
    public var best: Checkpoint
    public var last: Checkpoint
    public var epochsRun: Int
    public var stopReason: StopReason
    public var history: [EpochLoss]
    /// The epoch (from 1) at which a loss or weight stopped being finite.
    public var divergedAt: Int?
}

/// Trains the report's network: epochs of the chosen descent, the validation MSE after each,
/// and the early-stopping rule deciding when to stop and which weights to keep.
public func train(_ settings: TrainingSettings, training: FeatureTable, validation: FeatureTable,
                  initial: Network? = nil, recordTrainingMSE: Bool = false) -> TrainingRun {
    var network = initial ?? Network(hiddenUnits: settings.hiddenUnits, seed: settings.seed)
    let activation = settings.activation
    var stopping = EarlyStopping(patience: settings.patience, tolerance: settings.tolerance)
    var history: [EpochLoss] = []
    history.reserveCapacity(settings.maxEpochs)

    func checkpoint(_ network: Network, epoch: Int, validationMSE: Double) -> Checkpoint {
        Checkpoint(epoch: epoch, trainingMSE: network.meanSquaredError(training, activation: activation), validationMSE: validationMSE)
    }
    var bestNetwork = network
    var lastValidationMSE = Double.nan
    var stopReason = StopReason.maxEpochs
    var divergedAt: Int?
    var epochsRun = 0

    for epoch in 0..<settings.maxEpochs {
        let before = network
        network.trainEpoch(training, activation: activation, method: settings.method,
                           learningRate: settings.learningRate, batchSize: settings.batchSize)
        let validationMSE = network.meanSquaredError(validation, activation: activation)
        guard validationMSE.isFinite, network.isFinite else {
            // Keep the last finite weights: they are the last epoch's.
            network = before
            stopReason = .diverged
            divergedAt = epoch + 1
            break
        }
        epochsRun = epoch + 1
        lastValidationMSE = validationMSE
        history.append(EpochLoss(epoch: epoch + 1,
                                 trainingMSE: recordTrainingMSE ? network.meanSquaredError(training, activation: activation) : nil,
                                 validationMSE: validationMSE))
        switch stopping.observe(validationMSE: validationMSE, epoch: epoch) {
        case .improved: bestNetwork = network
        case .keepGoing: break
        case .stop(let reason):
            if settings.earlyStopping { stopReason = reason }
        }
        if settings.earlyStopping && stopReason == .maxEpochs && network == before { stopReason = .stalled }
        if settings.earlyStopping && stopReason != .maxEpochs { break }
    }

    // With no epoch run, both checkpoints are the untrained network (epoch 0).
    let last = checkpoint(network, epoch: epochsRun,
                          validationMSE: epochsRun == 0 ? network.meanSquaredError(validation, activation: activation) : lastValidationMSE)
    let best = epochsRun == 0 ? last : checkpoint(bestNetwork, epoch: stopping.bestEpoch + 1, validationMSE: stopping.best)
    return TrainingRun(settings: settings, network: settings.earlyStopping ? bestNetwork : network,
                       best: best, last: last, epochsRun: epochsRun, stopReason: stopReason,
                       history: history, divergedAt: divergedAt)
}
