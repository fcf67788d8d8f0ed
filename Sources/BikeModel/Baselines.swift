/// Simple predictors to measure the network against, each scored like the network: whole,
/// non-negative counts, on the same validation rows.
public enum Baselines {
    /// The training mean, for every hour.
    public static func mean(training: FeatureTable, validation: FeatureTable) -> Double {
        let mean = training.counts.reduce(0, +) / Double(training.rowCount)
        return mse(validation.counts.map { _ in mean }, validation.counts)
    }

    /// The training mean of each hour of the day; `hours` give each row's hour (0–23).
    public static func hourMean(
        training: FeatureTable, trainingHours: [Int], validation: FeatureTable, validationHours: [Int]
    ) -> Double {
        var sum = [Double](repeating: 0, count: 24), rows = [Double](repeating: 0, count: 24)
        for (count, hour) in zip(training.counts, trainingHours) {
            sum[hour] += count
            rows[hour] += 1
        }
        let overall = training.counts.reduce(0, +) / Double(training.rowCount)
        return mse(validationHours.map { rows[$0] > 0 ? sum[$0] / rows[$0] : overall }, validation.counts)
    }

    /// Least squares on the 12 features and an intercept, solved exactly from the normal
    /// equations. A feature constant over the training rows (yr, in one year of data) is left
    /// out: the intercept already carries it, and keeping it would make the system singular.
    /// With `wholeCounts` false, the raw predictions are scored as they are, negative ones too.
    public static func linear(training: FeatureTable, validation: FeatureTable, wholeCounts: Bool = true) -> Double? {
        let varying = (0..<Feature.count).filter { column in
            let first = training.features[column]
            return (0..<training.rowCount).contains { training.features[$0 * Feature.count + column] != first }
        }
        func inputs(_ table: FeatureTable, _ index: Int) -> [Double] {
            [1] + varying.map { table.features[index * Feature.count + $0] }
        }
        let k = varying.count + 1
        var a = [Double](repeating: 0, count: k * k), b = [Double](repeating: 0, count: k)
        for row in 0..<training.rowCount {
            let x = inputs(training, row)
            for i in 0..<k {
                b[i] += x[i] * training.counts[row]
                for j in 0..<k { a[i * k + j] += x[i] * x[j] }
            }
        }
        guard let beta = solve(a, b, size: k) else { return nil }
        let predictions = (0..<validation.rowCount).map { index in
            zip(beta, inputs(validation, index)).map(*).reduce(0, +)
        }
        return wholeCounts
            ? mse(predictions, validation.counts) : Metrics(predictions: predictions, counts: validation.counts).mse
    }

    /// Gaussian elimination with partial pivoting; nil for a singular system.
    static func solve(_ matrix: [Double], _ rhs: [Double], size n: Int) -> [Double]? {
        var a = matrix, b = rhs
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0 * n + column]) < abs(a[$1 * n + column]) }!
            guard abs(a[pivot * n + column]) > 1e-12 else { return nil }
            if pivot != column {
                for j in 0..<n { a.swapAt(pivot * n + j, column * n + j) }
                b.swapAt(pivot, column)
            }
            for row in (column + 1)..<n {
                let factor = a[row * n + column] / a[column * n + column]
                for j in column..<n { a[row * n + j] -= factor * a[column * n + j] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            let rest = ((row + 1)..<n).map { a[row * n + $0] * x[$0] }.reduce(0, +)
            x[row] = (b[row] - rest) / a[row * n + row]
        }
        return x
    }

    /// The MSE of `predictions` made whole, non-negative counts, as the network's are.
    static func mse(_ predictions: [Double], _ counts: [Double]) -> Double {
        Metrics(predictions: predictions.map { predictedCount(beta: $0) }, counts: counts).mse
    }
}
