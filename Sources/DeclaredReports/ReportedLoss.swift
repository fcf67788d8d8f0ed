import GeneralModel

/// The number a report prints for a run's loss: ½ or 1 × the mean squared error, in the units
/// the network trains in or in bikes an hour, at the last step, at a declared step, or where the
/// validation loss was lowest.
public struct ReportedLoss: Equatable, Sendable {
    public enum At: Equatable, Sendable {
        case last, minimum
        case step(Int)
    }

    public var factor: Double = 1
    public var rawUnits = false
    public var at = At.last

    public init(factor: Double = 1, rawUnits: Bool = false, at: At = .last) {
        self.factor = factor
        self.rawUnits = rawUnits
        self.at = at
    }

    /// What the reported number is, for an axis and a table.
    public func words(scaledTarget: Bool) -> String {
        let mse = factor == 1 ? "mean squared error" : "½ · mean squared error"
        return mse + (scaledTarget && !rawUnits ? " (standard units)" : " (bikes per hour)²")
    }

    /// The log in reported units, and the point it reports.
    public func report(_ log: [LossPoint], targetSD: Double) -> (log: [LossPoint], reported: LossPoint) {
        let scale = factor * (rawUnits ? targetSD * targetSD : 1)
        let scaled = log.map { $0.scaled(by: scale) }
        switch at {
        case .last: return (scaled, scaled.last!)
        case .minimum: return (scaled, scaled.min { $0.validation < $1.validation }!)
        case .step(let step): return (scaled, scaled.first { $0.step == step } ?? scaled.last!)
        }
    }
}
