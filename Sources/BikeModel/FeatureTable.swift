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
