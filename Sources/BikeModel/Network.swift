import Statistics

/// The report's network: d = 12 inputs, q hidden units, one ReLU output.
///
/// All parameters live in one contiguous array, laid out by `ParameterLayout`, so that a step,
/// a gradient, a copy of the best weights and a finiteness check are each one plain loop.
public struct Network: Equatable, Sendable {
    public static let inputs = Feature.count

    public let hiddenUnits: Int
    public var parameters: [Double]

    public var layout: ParameterLayout { ParameterLayout(hiddenUnits: hiddenUnits) }
    public var gammaOffset: Int { layout.gamma }
    public var wOffset: Int { layout.w }
    public var thetaOffset: Int { layout.theta }
    public static func parameterCount(hiddenUnits q: Int) -> Int { ParameterLayout(hiddenUnits: q).count }

    public init(hiddenUnits: Int, parameters: [Double]) {
        precondition(parameters.count == Network.parameterCount(hiddenUnits: hiddenUnits))
        self.hiddenUnits = hiddenUnits
        self.parameters = parameters
    }

    /// Every weight and bias uniform on [0, 1), as the report starts. Drawn in the order the
    /// model file lists them: inputToHidden row by row (input i, then unit h), hiddenBias,
    /// hiddenToOutput, outputBias.
    public init(hiddenUnits q: Int, seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let layout = ParameterLayout(hiddenUnits: q)
        var network = Network(hiddenUnits: q, parameters: [Double](repeating: 0, count: layout.count))
        for i in 0..<Network.inputs {
            for h in 0..<q { network.parameters[layout.v(i, h)] = random.nextUnit() }
        }
        for index in layout.gamma..<layout.count { network.parameters[index] = random.nextUnit() }
        self = network
    }

    public var isFinite: Bool { parameters.allSatisfy(\.isFinite) }

    // Named views for reading and for the model file.
    public func v(_ i: Int, _ h: Int) -> Double { parameters[layout.v(i, h)] }
    public var gamma: ArraySlice<Double> { parameters[gammaOffset..<wOffset] }
    public var w: ArraySlice<Double> { parameters[wOffset..<thetaOffset] }
    public var theta: Double { parameters[thetaOffset] }

    /// beta, the output unit's input, for one example (no rounding).
    public func beta(_ x: [Double], activation: Activation, exponential: Exponential = .exact) -> Double {
        precondition(x.count == Network.inputs)
        return parameters.withUnsafeBufferPointer { p in
            x.withUnsafeBufferPointer { x in
                withScratch(of: Double.self, count: 2 * hiddenUnits) { scratch in
                    func beta<F: HiddenActivation>(_ unit: F.Type) -> Double {
                        forward(
                            unit, CheckedPointer(p), q: hiddenUnits, x: CheckedPointer(x), b: scratch,
                            slope: scratch + hiddenUnits)
                    }
                    return switch HiddenUnit(activation, exponential) {
                    case .sigmoid: beta(SigmoidUnit.self)
                    case .tanh: beta(TanhUnit.self)
                    case .relu: beta(ReLUUnit.self)
                    case .elu: beta(ELUUnit.self)
                    case .guardedSigmoid: beta(GuardedSigmoidUnit.self)
                    case .guardedTanh: beta(GuardedTanhUnit.self)
                    case .guardedELU: beta(GuardedELUUnit.self)
                    }
                }
            }
        }
    }
}

/// The forward pass of METHOD.md for one example:
///   alpha_h = sum_i v[i][h] x_i + gamma_h,  b_h = f(alpha_h),  beta = sum_h w_h b_h + theta.
/// Fills b_h and f'(alpha_h); returns beta. The 12-term sum runs as four partial sums: a
/// single running sum is a chain of 12 dependent additions, three times slower here.
@inline(__always)
func forward<F: HiddenActivation>(
    _: F.Type, _ p: CheckedPointer<Double>, q: Int, x: CheckedPointer<Double>,
    b: CheckedPointer<Double>, slope: CheckedPointer<Double>
) -> Double {
    assert(Network.inputs == 12, "the four partial sums below cover 12 inputs")
    let layout = ParameterLayout(hiddenUnits: q)
    let w = p + layout.w
    var beta = p[layout.theta]
    for h in 0..<q {
        (b[h], slope[h]) = F.valueAndSlope(hiddenInput(p, unit: h, layout: layout, x: x))
        beta += b[h] * w[h]
    }
    return beta
}

/// alpha_h of one row: sum_i v[i][h] x_i + gamma_h, as four partial sums (`hiddenInputs` sums
/// eight rows' lanes in the same order).
@inline(__always)
func hiddenInput(_ p: CheckedPointer<Double>, unit h: Int, layout: ParameterLayout, x: CheckedPointer<Double>) -> Double
{
    let v = p + layout.unit(h)
    let s0 = x[0] * v[0] + x[4] * v[4] + x[8] * v[8]
    let s1 = x[1] * v[1] + x[5] * v[5] + x[9] * v[9]
    let s2 = x[2] * v[2] + x[6] * v[6] + x[10] * v[10]
    let s3 = x[3] * v[3] + x[7] * v[7] + x[11] * v[11]
    return p[layout.gamma + h] + ((s0 + s1) + (s2 + s3))
}

/// alpha_h of two blocks of eight rows (lane i of a block being its row i) for every unit h, into
/// `alpha`: `forward`'s first step, the sums of `hiddenInput` in its order, so each lane holds
/// the bits `forward` gives for its row. The six inputs of s0 and s1 are loaded once for every
/// unit, then the six of s2 and s3 (loading all twelve for each unit made this step wait on
/// loads), and each weight once for both blocks (the compiler cannot know that a store to alpha
/// leaves the weights alone, so a call per block loaded each twice).
@inline(__always)
func hiddenInputs(
    _ p: CheckedPointer<Double>, q: Int, x: (CheckedPointer<Lanes>, CheckedPointer<Lanes>),
    alpha: (CheckedPointer<Lanes>, CheckedPointer<Lanes>)
) {
    let layout = ParameterLayout(hiddenUnits: q)
    do {
        let (a, c) = x
        let a0 = a[0], a4 = a[4], a8 = a[8], a1 = a[1], a5 = a[5], a9 = a[9]
        let c0 = c[0], c4 = c[4], c8 = c[8], c1 = c[1], c5 = c[5], c9 = c[9]
        for h in 0..<q {
            let v = p + layout.unit(h)
            let v0 = v[0], v4 = v[4], v8 = v[8], v1 = v[1], v5 = v[5], v9 = v[9]
            alpha.0[h] = (a0 * v0 + a4 * v4 + a8 * v8) + (a1 * v1 + a5 * v5 + a9 * v9)
            alpha.1[h] = (c0 * v0 + c4 * v4 + c8 * v8) + (c1 * v1 + c5 * v5 + c9 * v9)
        }
    }
    let (a, c) = x
    let a2 = a[2], a6 = a[6], a10 = a[10], a3 = a[3], a7 = a[7], a11 = a[11]
    let c2 = c[2], c6 = c[6], c10 = c[10], c3 = c[3], c7 = c[7], c11 = c[11]
    for h in 0..<q {
        let v = p + layout.unit(h)
        let v2 = v[2], v6 = v[6], v10 = v[10], v3 = v[3], v7 = v[7], v11 = v[11], gamma = p[layout.gamma + h]
        let a23 = (a2 * v2 + a6 * v6 + a10 * v10) + (a3 * v3 + a7 * v7 + a11 * v11)
        let c23 = (c2 * v2 + c6 * v6 + c10 * v10) + (c3 * v3 + c7 * v7 + c11 * v11)
        alpha.0[h] = gamma + (alpha.0[h] + a23)
        alpha.1[h] = gamma + (alpha.1[h] + c23)
    }
}

/// beta of eight rows from their units' outputs b: `forward`'s last step.
@inline(__always)
func output(_ p: CheckedPointer<Double>, q: Int, b: CheckedPointer<Lanes>) -> Lanes {
    let layout = ParameterLayout(hiddenUnits: q)
    let w = p + layout.w
    var beta = Lanes(repeating: p[layout.theta])
    for h in 0..<q { beta += b[h] * w[h] }
    return beta
}
