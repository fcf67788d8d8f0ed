/// How an experiment's data is encoded before it is split, by the names declarations use.
public enum DataEncoding: String, CaseIterable, Codable, Sendable {
    /// The report's integer tables.
    case report
    /// The raw codes.
    case none
    /// Means fitted on the whole file.
    case fit
    /// Means fitted on the training rows only, applied to both parts: no validation target leaks in.
    case fitTraining = "fit-training"
    /// The raw rows, split only: what steps that need each row's hour or month read.
    case raw

    /// The encodings a declaration may name; `raw` is the plan's own.
    public static let declared: [DataEncoding] = [.report, .none, .fit, .fitTraining]
}
