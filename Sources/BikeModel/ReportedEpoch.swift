/// The epoch whose weights a run reports, and so whose errors it is judged by: the best epoch's
/// with early stopping; without it, the last epoch's (METHOD.md) or, as the report's program
/// does, the best epoch's still (`weightsWithoutStopping`).
public enum ReportedEpoch: String, Codable, Sendable, CaseIterable {
    case best
    case last

    public init(earlyStopping: Bool, withoutStopping: ReportedEpoch = .last) {
        self = earlyStopping ? .best : withoutStopping
    }
}

extension TrainingSettings {
    /// The epoch these settings report: with early stopping, the best.
    public var reportedEpoch: ReportedEpoch {
        ReportedEpoch(earlyStopping: earlyStopping, withoutStopping: weightsWithoutStopping)
    }
}
