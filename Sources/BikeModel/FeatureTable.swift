import Foundation

/// Examples ready for the network: the 12 features of each hour side by side, and its count.
public struct FeatureTable: Sendable {
    /// Row-major, `Feature.count` values per row.
    public var features: [Double]
    public var counts: [Double]
    public var rowCount: Int { counts.count }

    public init(features: [Double], counts: [Double]) {
        precondition(features.count == counts.count * Feature.count)
        self.features = features
        self.counts = counts
    }
}

extension FeatureTable {
    /// The same rows with `input` set to 0 on each: what the model predicts without it.
    public func zeroing(_ input: Feature) -> FeatureTable {
        var copy = self
        let column = Feature.allCases.firstIndex(of: input)!
        for row in 0..<rowCount { copy.features[row * Feature.count + column] = 0 }
        return copy
    }
}
