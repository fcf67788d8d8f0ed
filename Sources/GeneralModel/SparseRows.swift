/// The rows as the first layer meets them: each row's non-zero terms in column order, a one-hot
/// group's single 1 standing for its whole group. The plain loop adds 0 · w for the group's other
/// columns, which changes no sum, so a sum over these terms in this order is the same bits;
/// Udacity's 56 inputs are 10 terms a row (five kept columns, five groups).
public struct SparseRows: Sendable {
    /// Terms per row, the same for every row: one per kept column, one per one-hot group.
    public let termsPerRow: Int
    /// Row r's terms at `r * termsPerRow`: the column (the first layer's weight row) each
    /// multiplies, and its value (1 for a group's level).
    public let columns: [Int32]
    public let values: [Double]

    /// `inputs` row-major, `inputCount` columns; `groups`, ascending and disjoint, are the one-hot
    /// groups (exactly one 1 in each row, by construction of the encoding).
    init(inputs: [Double], inputCount: Int, groups: [Range<Int>]) {
        let rows = inputCount == 0 ? 0 : inputs.count / inputCount
        // Each term's columns: a kept column alone, or a group's range.
        var spans: [Range<Int>] = []
        var c = 0
        for group in groups {
            while c < group.lowerBound {
                spans.append(c..<(c + 1))
                c += 1
            }
            spans.append(group)
            c = group.upperBound
        }
        while c < inputCount {
            spans.append(c..<(c + 1))
            c += 1
        }
        termsPerRow = spans.count
        var columns = [Int32](repeating: 0, count: rows * spans.count)
        var values = [Double](repeating: 0, count: rows * spans.count)
        for r in 0..<rows {
            for (t, span) in spans.enumerated() {
                let k = r * spans.count + t
                if span.count == 1 {
                    (columns[k], values[k]) = (Int32(span.lowerBound), inputs[r * inputCount + span.lowerBound])
                } else {
                    let level = span.first { inputs[r * inputCount + $0] != 0 }
                    precondition(level != nil && span.filter { inputs[r * inputCount + $0] != 0 }.count == 1)
                    (columns[k], values[k]) = (Int32(level!), inputs[r * inputCount + level!])
                }
            }
        }
        (self.columns, self.values) = (columns, values)
    }
}
