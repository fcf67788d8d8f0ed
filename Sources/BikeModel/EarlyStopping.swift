/// Why a training run ended.
public enum StopReason: String, Sendable, Codable {
    /// The validation MSE rose above (1 + tolerance) times the best so far.
    case tolerance
    /// More than `patience` epochs passed without a new best.
    case patience
    /// The epoch limit was reached.
    case maxEpochs
    /// A loss or weight stopped being finite.
    case diverged
    /// An epoch left every weight as it was (a dead ReLU output, say): each later epoch would
    /// repeat it, and since ties count as new bests (with no minimum improvement) the report's
    /// rule would never stop.
    case stalled
}

/// The report's rule, applied after each epoch c (0-based) with validation MSE Ev: if
/// Ev <= (1 - minImprovement) best, these weights become the best; otherwise stop when
/// Ev > (1 + tolerance) best or c - bestEpoch > patience. The text says any improvement
/// (minImprovement 0); the report's program asked for 0.5%.
public struct EarlyStopping: Sendable {
    public var patience: Int
    public var tolerance: Double
    public var minImprovement: Double
    public private(set) var best = Double.infinity
    /// 0-based epoch of the best validation MSE, -1 before the first epoch.
    public private(set) var bestEpoch = -1

    public init(patience: Int = 10, tolerance: Double = 0.005, minImprovement: Double = 0) {
        self.patience = patience
        self.tolerance = tolerance
        self.minImprovement = minImprovement
    }

    public enum Verdict: Equatable, Sendable {
        case improved
        case keepGoing
        case stop(StopReason)
    }

    public mutating func observe(validationMSE: Double, epoch: Int) -> Verdict {
        if validationMSE <= (1 - minImprovement) * best {
            best = validationMSE
            bestEpoch = epoch
            return .improved
        }
        if validationMSE > (1 + tolerance) * best { return .stop(.tolerance) }
        if epoch - bestEpoch > patience { return .stop(.patience) }
        return .keepGoing
    }
}
