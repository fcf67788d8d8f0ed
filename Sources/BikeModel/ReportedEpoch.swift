/// The epoch whose weights a run reports, and so whose errors it is judged by: the best epoch's
/// with early stopping, the last epoch's without (METHOD.md).
public enum ReportedEpoch: String, Codable, Sendable {
    case best
    case last

    public init(earlyStopping: Bool) { self = earlyStopping ? .best : .last }
}

extension TrainingSettings {
    /// The epoch these settings report: with early stopping, the best.
    public var reportedEpoch: ReportedEpoch { ReportedEpoch(earlyStopping: earlyStopping) }
}
