/// A number the published tables report of one run, with the key files and declarations name it
/// by and the words the report uses: the one place either is spelled.
public enum Measure: String, CaseIterable, Codable, Sendable {
    case epochsRun = "epochs_run"
    case bestEpoch = "best_epoch"
    /// The model's errors: the reported epoch's (`ReportedEpoch`).
    case validationMSE = "val_mse"
    case trainingMSE = "train_mse"
    case validationMSEAtBestEpoch = "val_mse_best_epoch"
    case trainingMSEAtBestEpoch = "train_mse_best_epoch"
    case validationMSEAtLastEpoch = "val_mse_last_epoch"
    case trainingMSEAtLastEpoch = "train_mse_last_epoch"

    /// Its name in files, declarations and the published tables' columns.
    public var key: String { rawValue }

    public init?(key: String) { self.init(rawValue: key) }

    /// Its name in the report's sentences and table headers.
    public var words: String {
        switch self {
        case .epochsRun: "epochs run"
        case .bestEpoch: "best epoch"
        case .validationMSE: "validation MSE"
        case .trainingMSE: "training MSE"
        case .validationMSEAtBestEpoch: "validation MSE at the best epoch"
        case .trainingMSEAtBestEpoch: "training MSE at the best epoch"
        case .validationMSEAtLastEpoch: "validation MSE at the last epoch"
        case .trainingMSEAtLastEpoch: "training MSE at the last epoch"
        }
    }

    /// Every measure's key, in the order of `allCases`: what a claim or a study may name.
    public static let keys: [String] = allCases.map(\.key)

    /// The words for a column's key: a measure's, or the key itself for any other column.
    public static func words(forKey key: String) -> String { Measure(key: key)?.words ?? key }

    /// A squared error (in bikes per hour, squared), not a count of epochs.
    public var isMSE: Bool { self != .epochsRun && self != .bestEpoch }

    /// The model's two errors: what `train --settle` and a published cell's gate may target.
    public static let modelErrors: [Measure] = [.validationMSE, .trainingMSE]
    /// What a study or a variant compares when it names none.
    public static let compared: [Measure] = [.validationMSE, .trainingMSE, .epochsRun]

    /// This measure of a run that ran `epochsRun` epochs, reporting the `reported` epoch's weights.
    public func value(best: Checkpoint, last: Checkpoint, epochsRun: Int, reported: ReportedEpoch) -> Double {
        let model = reported == .best ? best : last
        switch self {
        case .epochsRun: return Double(epochsRun)
        case .bestEpoch: return Double(best.epoch)
        case .validationMSE: return model.validationMSE
        case .trainingMSE: return model.trainingMSE
        case .validationMSEAtBestEpoch: return best.validationMSE
        case .trainingMSEAtBestEpoch: return best.trainingMSE
        case .validationMSEAtLastEpoch: return last.validationMSE
        case .trainingMSEAtLastEpoch: return last.trainingMSE
        }
    }
}

/// A run as its measures read it: a trained run, or one read back from its model file.
public protocol MeasuredRun {
    var settings: TrainingSettings { get }
    var best: Checkpoint { get }
    var last: Checkpoint { get }
    var epochsRun: Int { get }
}

extension MeasuredRun {
    /// This run's `measure`, at the epoch its settings report.
    public func value(_ measure: Measure) -> Double {
        measure.value(best: best, last: last, epochsRun: epochsRun, reported: settings.reportedEpoch)
    }
}

extension TrainingRun: MeasuredRun {}
