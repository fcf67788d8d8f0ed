/// The three ways the report walks down the gradient. None shuffles: examples go in file order.
public enum GradientDescent: String, CaseIterable, Sendable, Codable {
    /// One update after every example.
    case sgd
    /// One update per epoch: the mean of every example's update.
    case bgd
    /// One update per mini-batch of consecutive examples (the last, shorter batch too).
    case mgd

    /// The report's learning rate for each method with elu (Table 2).
    public var reportLearningRate: Double {
        switch self {
        case .sgd: 0.000002
        case .bgd: 0.001
        case .mgd: 0.0001
        }
    }
}

extension Network {
    /// One pass over `data`: an epoch of the chosen method at learning rate `eta`.
    public mutating func trainEpoch(
        _ data: FeatureTable, activation: Activation, exponential: Exponential = .exact, method: GradientDescent,
        learningRate eta: Double, batchSize: Int
    ) {
        switch HiddenUnit(activation, exponential) {
        case .sigmoid: trainEpoch(SigmoidUnit.self, data, method, eta, batchSize)
        case .tanh: trainEpoch(TanhUnit.self, data, method, eta, batchSize)
        case .relu: trainEpoch(ReLUUnit.self, data, method, eta, batchSize)
        case .elu: trainEpoch(ELUUnit.self, data, method, eta, batchSize)
        case .guardedSigmoid: trainEpoch(GuardedSigmoidUnit.self, data, method, eta, batchSize)
        case .guardedTanh: trainEpoch(GuardedTanhUnit.self, data, method, eta, batchSize)
        case .guardedELU: trainEpoch(GuardedELUUnit.self, data, method, eta, batchSize)
        }
    }

    private mutating func trainEpoch<F: HiddenActivation>(
        _ unit: F.Type, _ data: FeatureTable, _ method: GradientDescent,
        _ eta: Double, _ batchSize: Int
    ) {
        // The report's q = 5 gets a copy of the loops in which q is a constant: unrolled, with
        // the same operations in the same order, so the same bits, some 10% sooner.
        if hiddenUnits == 5 {
            epoch(unit, q: 5, data, method, eta, batchSize)
        } else {
            epoch(unit, q: hiddenUnits, data, method, eta, batchSize)
        }
    }

    @inline(__always)
    private mutating func epoch<F: HiddenActivation>(
        _ unit: F.Type, q: Int, _ data: FeatureTable, _ method: GradientDescent,
        _ eta: Double, _ batchSize: Int
    ) {
        let n = data.rowCount
        parameters.withUnsafeMutableBufferPointer { p in
            data.features.withUnsafeBufferPointer { x in
                data.counts.withUnsafeBufferPointer { y in
                    let p = p.baseAddress!, x = x.baseAddress!, y = y.baseAddress!
                    switch method {
                    case .sgd:
                        stochasticPass(unit, p, q: q, x: x, y: y, rows: 0..<n, eta: eta)
                    case .bgd:
                        batchStep(unit, p, q: q, x: x, y: y, rows: 0..<n, eta: eta)
                    case .mgd:
                        for start in stride(from: 0, to: n, by: batchSize) {
                            batchStep(unit, p, q: q, x: x, y: y, rows: start..<min(start + batchSize, n), eta: eta)
                        }
                    }
                }
            }
        }
    }
}

/// The output error of one example: g = relu'(beta) (y - round(relu(beta))). The report trains
/// on the rounded count, a whole number of bikes.
@inline(__always)
func outputError(beta: Double, count: Double) -> Double {
    beta > 0 ? count - beta.rounded(.toNearestOrEven) : 0
}

/// One example's update, METHOD.md's
///   w_h += s g b_h,  gamma_h += s e_h,  v[i][h] += s e_h x_i,  theta += s g,
/// with e_h = f'(alpha_h) w_h g from the weights `p` as they were before it, added into `target`:
/// the weights themselves for SGD (s = eta), the batch's sum for BGD and MGD (s = 1, which
/// multiplies exactly, so the sum is the plain one). Written once for both.
@inline(__always)
func addUpdate(
    into target: UnsafeMutablePointer<Double>, weights p: UnsafePointer<Double>, layout: ParameterLayout, scale: Double,
    g: Double, x: UnsafePointer<Double>, b: UnsafePointer<Double>, slope: UnsafePointer<Double>
) {
    let w = p + layout.w
    let targetGamma = target + layout.gamma, targetW = target + layout.w
    for h in 0..<layout.hiddenUnits {
        let e = slope[h] * w[h] * g
        targetW[h] += scale * b[h] * g
        targetGamma[h] += scale * e
        let v = target + layout.unit(h)
        for i in 0..<Network.inputs { v[i] += scale * x[i] * e }
    }
    target[layout.theta] += scale * g
}

/// SGD: after each example, the update of every weight from the weights before it.
@inline(__always)
func stochasticPass<F: HiddenActivation>(
    _ unit: F.Type, _ p: UnsafeMutablePointer<Double>, q: Int,
    x: UnsafePointer<Double>, y: UnsafePointer<Double>,
    rows: Range<Int>, eta: Double
) {
    let d = Network.inputs, layout = ParameterLayout(hiddenUnits: q)
    withScratch(count: 2 * q) { scratch in
        let b = scratch, slope = scratch + q
        for row in rows {
            let xr = x + row * d
            let g = outputError(beta: forward(unit, p, q: q, x: xr, b: b, slope: slope), count: y[row])
            if g == 0 { continue }
            addUpdate(into: p, weights: p, layout: layout, scale: eta, g: g, x: xr, b: b, slope: slope)
        }
    }
}

/// BGD and MGD: the same updates summed over `rows` with the weights held fixed, then applied
/// once, divided by the number of rows.
@inline(__always)
func batchStep<F: HiddenActivation>(
    _ unit: F.Type, _ p: UnsafeMutablePointer<Double>, q: Int,
    x: UnsafePointer<Double>, y: UnsafePointer<Double>,
    rows: Range<Int>, eta: Double
) {
    let d = Network.inputs, layout = ParameterLayout(hiddenUnits: q), count = layout.count
    withScratch(count: count + 2 * q) { scratch in
        let step = scratch, b = scratch + count, slope = b + q
        step.update(repeating: 0, count: count)
        for row in rows {
            let xr = x + row * d
            let g = outputError(beta: forward(unit, p, q: q, x: xr, b: b, slope: slope), count: y[row])
            if g == 0 { continue }
            addUpdate(into: step, weights: p, layout: layout, scale: 1, g: g, x: xr, b: b, slope: slope)
        }
        let scale = eta / Double(rows.count)
        for index in 0..<count { p[index] += scale * step[index] }
    }
}

/// Scratch memory on the stack: the compiler then knows it aliases neither the weights nor the
/// data, and keeps them in registers (heap scratch made the batch loops twice as slow).
@inline(__always)
func withScratch<R>(count: Int, _ body: (UnsafeMutablePointer<Double>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { body($0.baseAddress!) }
}
