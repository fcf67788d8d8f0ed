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
    public var meanActual: Double
    public var meanPredicted: Double

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
        meanActual = mean
        meanPredicted = predictions.reduce(0, +) / n
    }
}

extension Network {
    /// The rounded prediction for every row of `data`.
    public func predictions(_ data: FeatureTable, activation: Activation, exponential: Exponential = .exact)
        -> [Double]
    {
        var result = [Double](repeating: 0, count: data.rowCount)
        result.withUnsafeMutableBufferPointer { out in
            _ = evaluate(data, unit: HiddenUnit(activation, exponential), predictions: out.baseAddress)
        }
        return result
    }

    /// The report's validation MSE, mean((y - max(round(beta), 0))^2).
    public func meanSquaredError(_ data: FeatureTable, activation: Activation, exponential: Exponential = .exact)
        -> Double
    {
        evaluate(data, unit: HiddenUnit(activation, exponential), predictions: nil)
    }

    /// One forward pass over `data`: the MSE, and each prediction when `predictions` is given.
    private func evaluate(_ data: FeatureTable, unit: HiddenUnit, predictions: UnsafeMutablePointer<Double>?)
        -> Double
    {
        switch unit {
        case .sigmoid: evaluate(SigmoidUnit.self, data, predictions)
        case .tanh: evaluate(TanhUnit.self, data, predictions)
        case .relu: evaluate(ReLUUnit.self, data, predictions)
        case .elu: evaluate(ELUUnit.self, data, predictions)
        case .guardedSigmoid: evaluate(GuardedSigmoidUnit.self, data, predictions)
        case .guardedTanh: evaluate(GuardedTanhUnit.self, data, predictions)
        case .guardedELU: evaluate(GuardedELUUnit.self, data, predictions)
        }
    }

    private func evaluate<F: HiddenActivation>(
        _ unit: F.Type, _ data: FeatureTable, _ predictions: UnsafeMutablePointer<Double>?
    ) -> Double {
        // As in training: q = 5, the report's, as a constant the compiler unrolls; same bits.
        hiddenUnits == 5 ? evaluate(unit, q: 5, data, predictions) : evaluate(unit, q: hiddenUnits, data, predictions)
    }

    @inline(__always)
    private func evaluate<F: HiddenActivation>(
        _ unit: F.Type, q: Int, _ data: FeatureTable, _ predictions: UnsafeMutablePointer<Double>?
    ) -> Double {
        var sum = 0.0
        parameters.withUnsafeBufferPointer { p in
            data.features.withUnsafeBufferPointer { x in
                data.counts.withUnsafeBufferPointer { y in
                    withScratch(count: 2 * q) { scratch in
                        for row in 0..<data.rowCount {
                            let beta = forward(
                                unit, p.baseAddress!, q: q, x: x.baseAddress! + row * Network.inputs, b: scratch,
                                slope: scratch + q)
                            let predicted = predictedCount(beta: beta)
                            predictions?[row] = predicted
                            sum += (y[row] - predicted) * (y[row] - predicted)
                        }
                    }
                }
            }
        }
        return sum / Double(data.rowCount)
    }
}
