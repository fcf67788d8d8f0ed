/// One run between its epochs: its weights, its loss curve, the early-stopping rule's state,
/// and why it ended. `train` drives one; `trainStochastic(seeds:)` drives up to eight in step,
/// so that every run is judged by this one rule, whichever loop trained it.
struct TrainingProgress {
    let settings: TrainingSettings
    /// The weights after the last epoch kept (the last finite ones, once a run diverged).
    private(set) var network: Network
    private(set) var finished = false
    private var stopping: EarlyStopping
    private var history: [EpochLoss] = []
    private var bestNetwork: Network
    private var lastValidationMSE = Double.nan
    private var stopReason = StopReason.maxEpochs
    private var divergedAt: Int?
    private var epochsRun = 0

    init(_ settings: TrainingSettings, network: Network) {
        self.settings = settings
        self.network = network
        bestNetwork = network
        stopping = EarlyStopping(
            patience: settings.patience, tolerance: settings.tolerance, minImprovement: settings.minImprovement)
        history.reserveCapacity(settings.maxEpochs)
    }

    /// Epoch `epoch` (from 0) turned `network` into `after`, of this validation MSE; the
    /// training MSE is asked for only for an epoch the curve keeps. Returns whether the run
    /// goes on.
    mutating func observe(epoch: Int, after: Network, validationMSE: Double, trainingMSE: () -> Double?) -> Bool {
        guard !finished else { return false }
        guard validationMSE.isFinite, after.isFinite else {
            // Keep the last finite weights: they are the last epoch's.
            stopReason = .diverged
            divergedAt = epoch + 1
            finished = true
            return false
        }
        let before = network
        network = after
        epochsRun = epoch + 1
        lastValidationMSE = validationMSE
        history.append(EpochLoss(epoch: epoch + 1, trainingMSE: trainingMSE(), validationMSE: validationMSE))
        switch stopping.observe(validationMSE: validationMSE, epoch: epoch) {
        case .improved: bestNetwork = network
        case .keepGoing: break
        case .stop(let reason):
            if settings.earlyStopping { stopReason = reason }
        }
        // A stalled run that needs a minimum improvement stops by patience, as the program's would.
        if settings.earlyStopping && settings.minImprovement == 0 && stopReason == .maxEpochs && network == before {
            stopReason = .stalled
        }
        finished = (settings.earlyStopping && stopReason != .maxEpochs) || epochsRun == settings.maxEpochs
        return !finished
    }

    /// The run as it ended: its model, its best and last checkpoints (their training MSE
    /// measured now), and its loss curve.
    func run(training: FeatureTable, validation: FeatureTable) -> TrainingRun {
        let activation = settings.activation, exponential = settings.exponential
        func checkpoint(_ network: Network, epoch: Int, validationMSE: Double) -> Checkpoint {
            Checkpoint(
                epoch: epoch,
                trainingMSE: network.meanSquaredError(training, activation: activation, exponential: exponential),
                validationMSE: validationMSE)
        }
        // With no epoch run, both checkpoints are the untrained network (epoch 0).
        let last = checkpoint(
            network, epoch: epochsRun,
            validationMSE: epochsRun == 0
                ? network.meanSquaredError(validation, activation: activation, exponential: exponential)
                : lastValidationMSE)
        let best =
            epochsRun == 0
            ? last : checkpoint(bestNetwork, epoch: stopping.bestEpoch + 1, validationMSE: stopping.best)
        return TrainingRun(
            settings: settings, network: settings.reportedEpoch == .best ? bestNetwork : network,
            best: best, last: last, epochsRun: epochsRun, stopReason: stopReason,
            history: history, divergedAt: divergedAt)
    }
}
