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
    public func predictions(
        _ data: FeatureTable, activation: Activation, exponential: Exponential = .exact, loop: EpochLoop = .vectorised
    ) -> [Double] {
        var result = [Double](repeating: 0, count: data.rowCount)
        result.withUnsafeMutableBufferPointer { out in
            _ = evaluate(data, unit: HiddenUnit(activation, exponential), loop, predictions: CheckedPointer(out))
        }
        return result
    }

    /// The report's validation MSE, mean((y - max(round(beta), 0))^2). The squared errors are
    /// whole numbers, summed exactly in any order (below 2^53, so in any run that has not
    /// diverged): both loops give the same bits.
    public func meanSquaredError(
        _ data: FeatureTable, activation: Activation, exponential: Exponential = .exact, loop: EpochLoop = .vectorised
    ) -> Double {
        evaluate(data, unit: HiddenUnit(activation, exponential), loop, predictions: nil)
    }

    /// `meanSquaredError` over the run's `table`, its b_h kept in or served from `cache` while
    /// the hidden layer holds still (the same bits: the same forward pass or its kept result).
    func meanSquaredError(
        _ data: FeatureTable, activation: Activation, exponential: Exponential, cache: HiddenLayerCache?,
        table: HiddenLayerCache.Table
    ) -> Double {
        let (source, kept) =
            cache.map { cache in parameters.withUnsafeBufferPointer { cache.source(of: table, CheckedPointer($0)) } }
            ?? (.compute, nil)
        return evaluate(
            data, unit: HiddenUnit(activation, exponential), .vectorised, predictions: nil, kept: kept, source: source)
    }

    /// One forward pass over `data`: the MSE, and each prediction when `predictions` is given;
    /// the lanes' pass's b_h into or from a `HiddenLayerCache`'s `kept` blocks as `source` says.
    private func evaluate(
        _ data: FeatureTable, unit: HiddenUnit, _ loop: EpochLoop, predictions: CheckedPointer<Double>?,
        kept: CheckedPointer<Lanes>? = nil, source: HiddenLayerCache.Source = .compute
    ) -> Double {
        switch unit {
        case .sigmoid: evaluate(SigmoidUnit.self, data, loop, predictions, kept, source)
        case .tanh: evaluate(TanhUnit.self, data, loop, predictions, kept, source)
        case .relu: evaluate(ReLUUnit.self, data, loop, predictions, kept, source)
        case .elu: evaluate(ELUUnit.self, data, loop, predictions, kept, source)
        case .guardedSigmoid: evaluate(GuardedSigmoidUnit.self, data, loop, predictions, kept, source)
        case .guardedTanh: evaluate(GuardedTanhUnit.self, data, loop, predictions, kept, source)
        case .guardedELU: evaluate(GuardedELUUnit.self, data, loop, predictions, kept, source)
        }
    }

    private func evaluate<F: HiddenActivation>(
        _ unit: F.Type, _ data: FeatureTable, _ loop: EpochLoop, _ predictions: CheckedPointer<Double>?,
        _ kept: CheckedPointer<Lanes>?, _ source: HiddenLayerCache.Source
    ) -> Double {
        guard data.rowCount > 0 else { return .nan }
        return loop == .reference
            ? evaluateRows(unit, data, predictions)
            : evaluateBlocks(unit, data, predictions, kept: kept, source: source)
    }

    /// Row after row.
    private func evaluateRows<F: HiddenActivation>(
        _ unit: F.Type, _ data: FeatureTable, _ predictions: CheckedPointer<Double>?
    ) -> Double {
        let q = hiddenUnits
        var sum = 0.0
        parameters.withUnsafeBufferPointer { p in
            data.features.withUnsafeBufferPointer { x in
                data.counts.withUnsafeBufferPointer { y in
                    withScratch(of: Double.self, count: 2 * q) { scratch in
                        for row in 0..<data.rowCount {
                            let beta = forward(
                                unit, CheckedPointer(p), q: q, x: CheckedPointer(x) + row * Network.inputs, b: scratch,
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

    /// Eight rows at a time (`FeatureTable.rowLanes`), two blocks per step as the batch loop
    /// runs them (the second may be the padding block past the end); the lanes past the last row
    /// count nothing. With `kept` (a `HiddenLayerCache`'s blocks), b_h goes there (`.keep`) or
    /// comes from there (`.reuse`) instead of scratch.
    private func evaluateBlocks<F: HiddenActivation>(
        _ unit: F.Type, _ data: FeatureTable, _ predictions: CheckedPointer<Double>?,
        kept: CheckedPointer<Lanes>?, source: HiddenLayerCache.Source
    ) -> Double {
        let q = hiddenUnits, n = data.rowCount, width = Lanes.scalarCount
        var sum = Lanes.zero
        parameters.withUnsafeBufferPointer { p in
            data.rowLanes.withUnsafeBufferPointer { x in
                data.countLanes.withUnsafeBufferPointer { y in
                    withScratch(of: Lanes.self, count: 4 * q) { scratch in
                        let p = CheckedPointer(p), x = CheckedPointer(x)
                        /// One block's squared errors into `sum`, its predictions into `predictions`.
                        func add(_ block: Int, _ beta: Lanes) {
                            let rows = min(width, n - block * width)
                            guard rows > 0 else { return }
                            let rounded = beta.rounded(.toNearestOrEven)
                            let predicted = Lanes.zero.replacing(with: rounded, where: rounded .> 0)
                            var error = y[block] - predicted
                            if rows < width { error.replace(with: 0, where: Lanes.laneIndex .>= Double(rows)) }
                            sum += error * error
                            if let predictions {
                                for lane in 0..<rows { predictions[block * width + lane] = predicted[lane] }
                            }
                        }
                        for block in stride(from: 0, to: (n + width - 1) / width, by: 2) {
                            let b = kept.map { $0 + block * q } ?? scratch
                            if source != .reuse {
                                let x0 = x + block * Network.inputs
                                hiddenInputs(p, q: q, x: (x0, x0 + Network.inputs), alpha: (b, b + q))
                                F.activate(b, slope: scratch + 2 * q, units: 2 * q)
                            }
                            add(block, output(p, q: q, b: b))
                            add(block + 1, output(p, q: q, b: b + q))
                        }
                    }
                }
            }
        }
        return sum.laneSum / Double(n)
    }
}
