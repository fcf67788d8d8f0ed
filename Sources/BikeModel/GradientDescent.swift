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

/// Which loop runs a batch method's epoch: the same arithmetic for each row, summed in another
/// order. The plain one reads like METHOD.md and is what the vectorised one is tested against.
public enum EpochLoop: String, CaseIterable, Sendable {
    /// BGD and MGD push eight rows of a batch at once through the network (`Lanes`); SGD, whose
    /// rows come one after another, eight units of a row (`UnitLanes`), to the same bits.
    case vectorised
    /// Row after row, as the equations read.
    case reference
}

extension Network {
    /// One pass over `data`: an epoch of the chosen method at learning rate `eta`. SGD's rows
    /// depend each on the one before, so it runs row after row in either loop (the vectorised
    /// one with a row's units in lanes).
    public mutating func trainEpoch(
        _ data: FeatureTable, activation: Activation, exponential: Exponential = .exact, method: GradientDescent,
        learningRate eta: Double, batchSize: Int, loop: EpochLoop = .vectorised
    ) {
        trainEpoch(
            data, activation: activation, exponential: exponential, method: method, learningRate: eta,
            batchSize: batchSize, loop: loop, cache: nil)
    }

    /// `trainEpoch` consulting the run's `cache` (the vectorised batch loop only; SGD and the
    /// plain loop pass it by): `data` must be the training rows it was made for.
    mutating func trainEpoch(
        _ data: FeatureTable, activation: Activation, exponential: Exponential, method: GradientDescent,
        learningRate eta: Double, batchSize: Int, loop: EpochLoop, cache: HiddenLayerCache?
    ) {
        switch HiddenUnit(activation, exponential) {
        case .sigmoid: epoch(SigmoidUnit.self, data, method, eta, batchSize, loop, cache)
        case .tanh: epoch(TanhUnit.self, data, method, eta, batchSize, loop, cache)
        case .relu: epoch(ReLUUnit.self, data, method, eta, batchSize, loop, cache)
        case .elu: epoch(ELUUnit.self, data, method, eta, batchSize, loop, cache)
        case .guardedSigmoid: epoch(GuardedSigmoidUnit.self, data, method, eta, batchSize, loop, cache)
        case .guardedTanh: epoch(GuardedTanhUnit.self, data, method, eta, batchSize, loop, cache)
        case .guardedELU: epoch(GuardedELUUnit.self, data, method, eta, batchSize, loop, cache)
        }
    }

    private mutating func epoch<F: HiddenActivation>(
        _ unit: F.Type, _ data: FeatureTable, _ method: GradientDescent,
        _ eta: Double, _ batchSize: Int, _ loop: EpochLoop, _ cache: HiddenLayerCache?
    ) {
        let n = data.rowCount, q = hiddenUnits
        let batch = method == .bgd ? max(n, 1) : batchSize
        let batches = stride(from: 0, to: n, by: batch).lazy.map { $0..<min($0 + batch, n) }
        parameters.withUnsafeMutableBufferPointer { p in
            let p = CheckedPointer(p)
            if method == .sgd || loop == .reference {
                data.features.withUnsafeBufferPointer { x in
                    data.counts.withUnsafeBufferPointer { y in
                        let x = CheckedPointer(x), y = CheckedPointer(y)
                        if method == .sgd {
                            if loop == .reference {
                                return stochasticPass(unit, p, q: q, x: x, y: y, rows: 0..<n, eta: eta)
                            }
                            return stochasticPassByUnits(unit, p, q: q, x: x, y: y, rows: 0..<n, eta: eta)
                        }
                        for rows in batches { batchStep(unit, p, q: q, x: x, y: y, rows: rows, eta: eta) }
                    }
                }
                return
            }
            data.rowLanes.withUnsafeBufferPointer { x in
                data.countLanes.withUnsafeBufferPointer { y in
                    withScratch(of: Lanes.self, count: ParameterLayout(hiddenUnits: q).count + 4 * q) { scratch in
                        cache?.beginEpoch(p)
                        for rows in batches {
                            batchStep(
                                unit, p, q: q, x: CheckedPointer(x), y: CheckedPointer(y), rows: rows, eta: eta,
                                scratch: scratch, cache: cache)
                        }
                        cache?.endEpoch(p)
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
    into target: CheckedPointer<Double>, weights p: CheckedPointer<Double>, layout: ParameterLayout, scale: Double,
    g: Double, x: CheckedPointer<Double>, b: CheckedPointer<Double>, slope: CheckedPointer<Double>
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
    _ unit: F.Type, _ p: CheckedPointer<Double>, q: Int,
    x: CheckedPointer<Double>, y: CheckedPointer<Double>,
    rows: Range<Int>, eta: Double
) {
    let d = Network.inputs, layout = ParameterLayout(hiddenUnits: q)
    withScratch(of: Double.self, count: 2 * q) { scratch in
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
    _ unit: F.Type, _ p: CheckedPointer<Double>, q: Int,
    x: CheckedPointer<Double>, y: CheckedPointer<Double>,
    rows: Range<Int>, eta: Double
) {
    let d = Network.inputs, layout = ParameterLayout(hiddenUnits: q), count = layout.count
    withScratch(of: Double.self, count: count + 2 * q) { scratch in
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

/// BGD and MGD eight rows at a time, block by block of `FeatureTable.rowLanes`, two blocks per
/// step: each lane sums the updates of every eighth row of the batch, both blocks' added to the
/// running sums in one load and store (which halves the sums' memory traffic), and the lanes are
/// added at the end (`laneSum`). The forward pass is the same bits as in `batchStep` above; the
/// sums differ in their order and in that each product is fused into its sum (one rounding, not
/// two), so the two loops agree to rounding. Lanes outside the batch (a batch need not start or
/// end on a block) get g = 0. With a `cache` holding the layer still, each block's b_h and
/// f'(alpha_h) go into its kept block (`.keep`) or come from there with no hidden pass (`.reuse`).
@inline(__always)
func batchStep<F: HiddenActivation>(
    _ unit: F.Type, _ p: CheckedPointer<Double>, q: Int,
    x: CheckedPointer<Lanes>, y: CheckedPointer<Lanes>, rows: Range<Int>, eta: Double,
    scratch: CheckedPointer<Lanes>, cache: HiddenLayerCache?
) {
    let d = Network.inputs, width = Lanes.scalarCount
    let layout = ParameterLayout(hiddenUnits: q), count = layout.count
    let sum = scratch
    // Each block pair's b_h and f'(alpha_h): in scratch, or in the cache's blocks (q per block).
    let source = cache?.source(p) ?? .compute
    let kept = source == .compute ? nil : cache?.trainingBlocks
    let b = kept?.outputs ?? scratch + count, slope = kept?.slopes ?? scratch + count + 2 * q
    let perBlock = kept == nil ? 0 : q
    sum.update(repeating: .zero, count: count)
    /// The output errors of one block's rows from their beta, 0 in the lanes outside the batch.
    /// Inlined: as a call per block it took some 3% of an epoch.
    @inline(__always)
    func error(_ block: Int, _ beta: Lanes) -> Lanes {
        var g = outputError(beta: beta, count: y[block])
        let first = block * width
        if first < rows.lowerBound || first + width > rows.upperBound {
            let row = Lanes(repeating: Double(first)) + Lanes.laneIndex
            g.replace(with: 0, where: (row .< Double(rows.lowerBound)) .| (row .>= Double(rows.upperBound)))
        }
        return g
    }
    let blocks = (rows.lowerBound / width)..<((rows.upperBound + width - 1) / width)
    for block in stride(from: blocks.lowerBound, to: blocks.upperBound, by: 2) {
        // `forward` for both blocks, the two blocks' units activated in one go.
        let x0 = x + block * d, x1 = x0 + d
        let b = b + block * perBlock, slope = slope + block * perBlock
        if source != .reuse {
            hiddenInputs(p, q: q, x: (x0, x1), alpha: (b, b + q))
            F.activate(b, slope: slope, units: 2 * q)
        }
        let g0 = error(block, output(p, q: q, b: b)), g1 = error(block + 1, output(p, q: q, b: b + q))
        if g0 == .zero && g1 == .zero { continue }
        addUpdate(
            into: sum, weights: p, layout: layout, g: (g0, g1), x: (x0, x1),
            b: (b, b + q), slope: (slope, slope + q))
    }
    let scale = eta / Double(rows.count)
    for index in 0..<count { p[index] += scale * sum[index].laneSum }
}

/// `outputError` for eight rows.
@inline(__always)
func outputError(beta: Lanes, count: Lanes) -> Lanes {
    Lanes.zero.replacing(with: count - beta.rounded(.toNearestOrEven), where: beta .> 0)
}

/// `addUpdate` with s = 1 for two blocks of eight rows into eight running sums per parameter,
/// each product fused into its sum (`addingProduct`): a third fewer operations than multiplying,
/// adding the two blocks and adding that in. The blocks' 24 inputs are loaded once, not once per
/// unit (a store to a sum could, for all the compiler knows, change them), so the 12 sums are
/// written out: the loop over the inputs measured 6-9% slower an epoch.
@inline(__always)
func addUpdate(
    into sum: CheckedPointer<Lanes>, weights p: CheckedPointer<Double>, layout: ParameterLayout,
    g: (Lanes, Lanes), x: (CheckedPointer<Lanes>, CheckedPointer<Lanes>),
    b: (CheckedPointer<Lanes>, CheckedPointer<Lanes>),
    slope: (CheckedPointer<Lanes>, CheckedPointer<Lanes>)
) {
    let w = p + layout.w
    let sumGamma = sum + layout.gamma, sumW = sum + layout.w
    let a = x.0, c = x.1
    let a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5]
    let a6 = a[6], a7 = a[7], a8 = a[8], a9 = a[9], a10 = a[10], a11 = a[11]
    let c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5]
    let c6 = c[6], c7 = c[7], c8 = c[8], c9 = c[9], c10 = c[10], c11 = c[11]
    for h in 0..<layout.hiddenUnits {
        let e0 = slope.0[h] * w[h] * g.0, e1 = slope.1[h] * w[h] * g.1
        sumW[h] = sumW[h].addingProduct(b.0[h], g.0).addingProduct(b.1[h], g.1)
        // A unit with no slope in these rows (a constant or dead unit) adds zeros: adding ±0 to
        // a sum that is never -0 (it starts at +0) changes no bit, so skip it.
        if e0 == .zero && e1 == .zero { continue }
        sumGamma[h] += e0 + e1
        let v = sum + layout.unit(h)
        v[0] = v[0].addingProduct(a0, e0).addingProduct(c0, e1)
        v[1] = v[1].addingProduct(a1, e0).addingProduct(c1, e1)
        v[2] = v[2].addingProduct(a2, e0).addingProduct(c2, e1)
        v[3] = v[3].addingProduct(a3, e0).addingProduct(c3, e1)
        v[4] = v[4].addingProduct(a4, e0).addingProduct(c4, e1)
        v[5] = v[5].addingProduct(a5, e0).addingProduct(c5, e1)
        v[6] = v[6].addingProduct(a6, e0).addingProduct(c6, e1)
        v[7] = v[7].addingProduct(a7, e0).addingProduct(c7, e1)
        v[8] = v[8].addingProduct(a8, e0).addingProduct(c8, e1)
        v[9] = v[9].addingProduct(a9, e0).addingProduct(c9, e1)
        v[10] = v[10].addingProduct(a10, e0).addingProduct(c10, e1)
        v[11] = v[11].addingProduct(a11, e0).addingProduct(c11, e1)
    }
    sum[layout.theta] += g.0 + g.1
}

/// Scratch memory on the stack: the compiler then knows it aliases neither the weights nor the
/// data, and keeps them in registers (heap scratch made the batch loops twice as slow).
@inline(__always)
func withScratch<T, R>(of _: T.Type, count: Int, _ body: (CheckedPointer<T>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: T.self, capacity: count) { body(CheckedPointer($0)) }
}
