/// Holm's (1979) step-down correction: several one-run tests at 5% would flag some published
/// numbers by chance alone; the adjusted p-values keep the chance of any false flag at 5%.
public enum Holm {
    /// Each p-value adjusted, in the given order: the i-th smallest times (m − i + 1), made
    /// non-decreasing, capped at 1.
    public static func adjusted(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
        var out = [Double](repeating: 1, count: m), running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * pValues[index]))
            out[index] = running
        }
        return out
    }
}
