import Foundation

/// How rows are dealt between training and validation.
public enum SplitRule: String, CaseIterable, Sendable, Codable {
    /// Row i trains when i % 100 < t: every stretch of the year is in both sets.
    case interleaved
    /// The first t% of rows train, the rest validate: the split the report argues against,
    /// since demand drifts over the year.
    case contiguous
}

/// The `split` stage: one CSV in, its rows dealt to a training and a validation CSV.
public struct Split: Sendable {
    public var trainShare: Int
    public var rule: SplitRule

    public init(trainShare: Int, rule: SplitRule) throws {
        guard (1...99).contains(trainShare) else {
            throw UsageError("--train-share must be an integer from 1 to 99, got \(trainShare)")
        }
        self.trainShare = trainShare
        self.rule = rule
    }

    /// Whether the row at 0-based position `index` of `count` rows goes to training.
    public func isTraining(_ index: Int, of count: Int) -> Bool {
        switch rule {
        case .interleaved: index % 100 < trainShare
        case .contiguous: index < count * trainShare / 100
        }
    }
}
