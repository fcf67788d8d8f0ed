/// Up to eight networks side by side, network k in lane k of every parameter: SGD's rows depend
/// each on the one before, so its vector lanes can only hold several seeds, each fed the same
/// row. Every lane runs the operations of `stochasticPass` and `evaluateBlocks` for its own
/// network in their order, so it holds the bits each gives that network alone
/// (`SeedLanesTests`). Lanes past the networks given repeat the first; nothing reads them.
struct SeedLanes {
    let hiddenUnits: Int
    let count: Int
    private(set) var parameters: [Lanes]

    init(_ networks: [Network]) {
        precondition((1...Lanes.scalarCount).contains(networks.count))
        precondition(networks.allSatisfy { $0.hiddenUnits == networks[0].hiddenUnits })
        hiddenUnits = networks[0].hiddenUnits
        count = networks.count
        parameters = (0..<networks[0].parameters.count).map { index in
            Lanes((0..<Lanes.scalarCount).map { networks[min($0, networks.count - 1)].parameters[index] })
        }
    }

    /// Network `k` as it stands.
    func network(_ k: Int) -> Network {
        Network(hiddenUnits: hiddenUnits, parameters: parameters.map { $0[k] })
    }

    /// One SGD epoch of every lane's network over `data`, row after row.
    mutating func stochasticEpoch<F: HiddenActivation>(_ unit: F.Type, _ data: FeatureTable, learningRate eta: Double) {
        let q = hiddenUnits, layout = ParameterLayout(hiddenUnits: q)
        parameters.withUnsafeMutableBufferPointer { p in
            data.features.withUnsafeBufferPointer { x in
                data.counts.withUnsafeBufferPointer { y in
                    withScratch(of: Lanes.self, count: 2 * q) { scratch in
                        let p = CheckedPointer(p), b = scratch, slope = scratch + q
                        for row in 0..<data.rowCount {
                            let xr = CheckedPointer(x) + row * Network.inputs
                            let beta = forward(unit, p, q: q, x: xr, b: b, slope: slope)
                            let g = outputError(beta: beta, count: Lanes(repeating: y[row]))
                            let active = g .!= 0
                            if !any(active) { continue }
                            if all(active) {
                                addUpdate(into: p, layout: layout, scale: eta, g: g, x: xr, b: b, slope: slope)
                            } else {
                                addUpdate(
                                    into: p, layout: layout, scale: eta, g: g, active: active, x: xr, b: b, slope: slope
                                )
                            }
                        }
                    }
                }
            }
        }
    }

    /// Each lane's mean squared error over `data`, summed as `evaluateBlocks` sums it: row r
    /// into the partial sum r mod 8, the eight added as `laneSum` adds them.
    func meanSquaredErrors<F: HiddenActivation>(_ unit: F.Type, _ data: FeatureTable) -> Lanes {
        let q = hiddenUnits, n = data.rowCount
        let width = Lanes.scalarCount
        var total = Lanes.zero
        parameters.withUnsafeBufferPointer { p in
            data.features.withUnsafeBufferPointer { x in
                data.counts.withUnsafeBufferPointer { y in
                    withScratch(of: Lanes.self, count: 2 * q + width) { scratch in
                        func squaredError(_ row: Int) -> Lanes {
                            let beta = forward(
                                unit, CheckedPointer(p), q: q, x: CheckedPointer(x) + row * Network.inputs, b: scratch,
                                slope: scratch + q)
                            let rounded = beta.rounded(.toNearestOrEven)
                            let error =
                                Lanes(repeating: y[row]) - Lanes.zero.replacing(with: rounded, where: rounded .> 0)
                            return error * error
                        }
                        let sums = scratch + 2 * q
                        sums.update(repeating: .zero, count: width)
                        for row in 0..<n { sums[row % width] += squaredError(row) }
                        total = Lanes.laneSum(sums)
                    }
                }
            }
        }
        return total / Double(n)
    }
}

/// `forward` for one row through every lane's network: the same sums in the same order.
@inline(__always)
private func forward<F: HiddenActivation>(
    _: F.Type, _ p: CheckedPointer<Lanes>, q: Int, x: CheckedPointer<Double>,
    b: CheckedPointer<Lanes>, slope: CheckedPointer<Lanes>
) -> Lanes {
    let layout = ParameterLayout(hiddenUnits: q)
    let w = p + layout.w
    var beta = p[layout.theta]
    for h in 0..<q {
        let v = p + layout.unit(h)
        let s0 = x[0] * v[0] + x[4] * v[4] + x[8] * v[8]
        let s1 = x[1] * v[1] + x[5] * v[5] + x[9] * v[9]
        let s2 = x[2] * v[2] + x[6] * v[6] + x[10] * v[10]
        let s3 = x[3] * v[3] + x[7] * v[7] + x[11] * v[11]
        (b[h], slope[h]) = F.valueAndSlope(lanes: p[layout.gamma + h] + ((s0 + s1) + (s2 + s3)))
        beta += b[h] * w[h]
    }
    return beta
}

/// `addUpdate` with the weights as their own target, lane by lane, every lane's row updating.
@inline(__always)
private func addUpdate(
    into p: CheckedPointer<Lanes>, layout: ParameterLayout, scale: Double, g: Lanes,
    x: CheckedPointer<Double>, b: CheckedPointer<Lanes>, slope: CheckedPointer<Lanes>
) {
    let w = p + layout.w
    for h in 0..<layout.hiddenUnits {
        let e = slope[h] * w[h] * g
        w[h] += scale * b[h] * g
        p[layout.gamma + h] += scale * e
        let v = p + layout.unit(h)
        for i in 0..<Network.inputs { v[i] += scale * x[i] * e }
    }
    p[layout.theta] += scale * g
}

/// The same where some lanes' output error is 0: those lanes stay as they are, as
/// `stochasticPass` skips that row (adding a zero could turn a weight of -0 into +0).
@inline(never)
private func addUpdate(
    into p: CheckedPointer<Lanes>, layout: ParameterLayout, scale: Double, g: Lanes,
    active: SIMDMask<Lanes.MaskStorage>, x: CheckedPointer<Double>, b: CheckedPointer<Lanes>,
    slope: CheckedPointer<Lanes>
) {
    func add(_ target: CheckedPointer<Lanes>, _ delta: Lanes) {
        target[0].replace(with: target[0] + delta, where: active)
    }
    let w = p + layout.w
    for h in 0..<layout.hiddenUnits {
        let e = slope[h] * w[h] * g
        add(w + h, scale * b[h] * g)
        add(p + layout.gamma + h, scale * e)
        let v = p + layout.unit(h)
        for i in 0..<Network.inputs { add(v + i, scale * x[i] * e) }
    }
    add(p + layout.theta, scale * g)
}

/// SGD for several seeds at once, up to eight to a vector, each run the bits `train` gives it
/// alone: the same epochs, the same rule, the same checkpoints. `settings` differ only in
/// their seeds.
public func trainStochastic(
    seeds settings: [TrainingSettings], training: FeatureTable, validation: FeatureTable,
    initial: Network? = nil, recordTrainingMSE: Bool = false
) -> [TrainingRun] {
    precondition((1...Lanes.scalarCount).contains(settings.count) && settings.allSatisfy { $0.method == .sgd })
    let first = settings[0]
    var progress = settings.map {
        TrainingProgress($0, network: initial ?? Network(hiddenUnits: $0.hiddenUnits, seed: $0.seed))
    }
    var lanes = SeedLanes(progress.map(\.network))
    func epochs<F: HiddenActivation>(_ unit: F.Type) {
        for epoch in 0..<first.maxEpochs where progress.contains(where: { !$0.finished }) {
            lanes.stochasticEpoch(unit, training, learningRate: first.learningRate)
            let validationMSE = lanes.meanSquaredErrors(unit, validation)
            let trainingMSE = recordTrainingMSE ? lanes.meanSquaredErrors(unit, training) : nil
            for k in progress.indices where !progress[k].finished {
                _ = progress[k].observe(epoch: epoch, after: lanes.network(k), validationMSE: validationMSE[k]) {
                    trainingMSE?[k]
                }
            }
        }
    }
    switch HiddenUnit(first.activation, first.exponential) {
    case .sigmoid: epochs(SigmoidUnit.self)
    case .tanh: epochs(TanhUnit.self)
    case .relu: epochs(ReLUUnit.self)
    case .elu: epochs(ELUUnit.self)
    case .guardedSigmoid: epochs(GuardedSigmoidUnit.self)
    case .guardedTanh: epochs(GuardedTanhUnit.self)
    case .guardedELU: epochs(GuardedELUUnit.self)
    }
    return progress.map { $0.run(training: training, validation: validation) }
}
