/// Examples ready for the network: the 12 features of each hour side by side, and its count.
public struct FeatureTable: Sendable {
    /// Row-major, `Feature.count` values per row.
    public let features: [Double]
    public let counts: [Double]
    public var rowCount: Int { counts.count }

    /// The same rows eight at a time, as the batch methods read them: block k holds rows 8k to
    /// 8k + 7, feature i of the eight in `rowLanes[k * Feature.count + i]` and their counts in
    /// `countLanes[k]`; the last block is padded with zero rows, and one block of zeros follows
    /// (the batch loop reads blocks in pairs), which no update counts.
    let rowLanes: [Lanes]
    let countLanes: [Lanes]

    public init(features: [Double], counts: [Double]) {
        precondition(features.count == counts.count * Feature.count)
        self.features = features
        self.counts = counts
        let width = Lanes.scalarCount, blocks = (counts.count + width - 1) / width + 1
        var rowLanes = [Lanes](repeating: .zero, count: blocks * Feature.count)
        var countLanes = [Lanes](repeating: .zero, count: blocks)
        for row in counts.indices {
            let (block, lane) = row.quotientAndRemainder(dividingBy: width)
            for i in 0..<Feature.count { rowLanes[block * Feature.count + i][lane] = features[row * Feature.count + i] }
            countLanes[block][lane] = counts[row]
        }
        self.rowLanes = rowLanes
        self.countLanes = countLanes
    }
}

extension FeatureTable {
    /// The same rows with `input` set to 0 on each: what the model predicts without it.
    public func zeroing(_ input: Feature) -> FeatureTable {
        var features = self.features
        let column = Feature.allCases.firstIndex(of: input)!
        for row in 0..<rowCount { features[row * Feature.count + column] = 0 }
        return FeatureTable(features: features, counts: counts)
    }
}
