/// The report's prediction: the output rounded to a whole, non-negative count,
/// max(round(beta), 0).
@inline(__always)
public func predictedCount(beta: Double) -> Double {
    let rounded = beta.rounded(.toNearestOrEven)
    return rounded > 0 ? rounded : 0
}

/// Error measures of rounded predictions against actual counts.
public struct Metrics: Codable, Equatable, Sendable {
    public var rows: Int
    public var mse: Double
    public var rmse: Double
    public var mae: Double
    /// 1 - SSE / SST: the share of the variance in counts the model explains.
    public var r2: Double

    public init(predictions: [Double], counts: [Double]) {
        precondition(predictions.count == counts.count && !counts.isEmpty)
        let n = Double(counts.count)
        let mean = counts.reduce(0, +) / n
        var squared = 0.0, absolute = 0.0, total = 0.0
        for (p, y) in zip(predictions, counts) {
            squared += (y - p) * (y - p)
            absolute += abs(y - p)
            total += (y - mean) * (y - mean)
        }
        rows = counts.count
        mse = squared / n
        rmse = mse.squareRoot()
        mae = absolute / n
        r2 = total > 0 ? 1 - squared / total : 0
    }
}

extension Network {
    /// The rounded prediction for every row of `data`.
    public func predictions(_ data: FeatureTable, activation: Activation) -> [Double] {
        var result = [Double](repeating: 0, count: data.rowCount)
        result.withUnsafeMutableBufferPointer { out in
            forEachBeta(data, activation: activation) { row, beta in out[row] = predictedCount(beta: beta) }
        }
        return result
    }

    /// The report's validation MSE, mean((y - max(round(beta), 0))^2), without keeping predictions.
    public func meanSquaredError(_ data: FeatureTable, activation: Activation) -> Double {
        var sum = 0.0
        data.counts.withUnsafeBufferPointer { y in
            forEachBeta(data, activation: activation) { row, beta in
                let error = y[row] - predictedCount(beta: beta)
                sum += error * error
            }
        }
        return sum / Double(data.rowCount)
    }

    @inline(__always)
    func forEachBeta(_ data: FeatureTable, activation: Activation, _ body: (Int, Double) -> Void) {
        switch activation {
        case .sigmoid: forEachBeta(SigmoidUnit.self, data, body)
        case .tanh: forEachBeta(TanhUnit.self, data, body)
        case .relu: forEachBeta(ReLUUnit.self, data, body)
        case .elu: forEachBeta(ELUUnit.self, data, body)
        }
    }

    @inline(__always)
    private func forEachBeta<F: HiddenActivation>(_ unit: F.Type, _ data: FeatureTable, _ body: (Int, Double) -> Void) {
        let q = hiddenUnits
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * q)
        defer { scratch.deallocate() }
        parameters.withUnsafeBufferPointer { p in
            data.features.withUnsafeBufferPointer { x in
                for row in 0..<data.rowCount {
                    body(row, forward(unit, p.baseAddress!, q: q, x: x.baseAddress! + row * Network.inputs, b: scratch, slope: scratch + q))
                }
            }
        }
    }
}
