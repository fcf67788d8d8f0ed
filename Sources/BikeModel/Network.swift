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
/// four rows' lanes in the same order).
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

/// `forward` for four rows at once, lane i being row i: the same operations in the same order,
/// so each lane holds the bits `forward` gives for its row.
@inline(__always)
func forward<F: HiddenActivation>(
    _: F.Type, _ p: CheckedPointer<Double>, q: Int, x: CheckedPointer<Lanes>,
    b: CheckedPointer<Lanes>, slope: CheckedPointer<Lanes>
) -> Lanes {
    hiddenInputs(p, q: q, x: x, alpha: b)
    F.activate(b, slope: slope, units: q)
    return output(p, q: q, b: b)
}

/// alpha_h of four rows for every unit h, into `alpha`: `forward`'s first step, the sums of
/// `hiddenInput` in its order. The six inputs of s0 and s1 are loaded once for every unit, then
/// the six of s2 and s3: loading all twelve again for each unit made this step wait on loads.
@inline(__always)
func hiddenInputs(_ p: CheckedPointer<Double>, q: Int, x: CheckedPointer<Lanes>, alpha: CheckedPointer<Lanes>) {
    let layout = ParameterLayout(hiddenUnits: q)
    do {
        let x0 = x[0], x4 = x[4], x8 = x[8], x1 = x[1], x5 = x[5], x9 = x[9]
        for h in 0..<q {
            let v = p + layout.unit(h)
            alpha[h] = (x0 * v[0] + x4 * v[4] + x8 * v[8]) + (x1 * v[1] + x5 * v[5] + x9 * v[9])
        }
    }
    let x2 = x[2], x6 = x[6], x10 = x[10], x3 = x[3], x7 = x[7], x11 = x[11]
    for h in 0..<q {
        let v = p + layout.unit(h)
        let s2 = x2 * v[2] + x6 * v[6] + x10 * v[10], s3 = x3 * v[3] + x7 * v[7] + x11 * v[11]
        alpha[h] = p[layout.gamma + h] + (alpha[h] + (s2 + s3))
    }
}

/// beta of four rows from their units' outputs b: `forward`'s last step.
@inline(__always)
func output(_ p: CheckedPointer<Double>, q: Int, b: CheckedPointer<Lanes>) -> Lanes {
    let layout = ParameterLayout(hiddenUnits: q)
    let w = p + layout.w
    var beta = Lanes(repeating: p[layout.theta])
    for h in 0..<q { beta += b[h] * w[h] }
    return beta
}
