/// Which exponential the hidden units call. The report's text describes the true one; the
/// program that produced its numbers called a guarded one whose guard has a sign slip
/// (METHOD.md, "The program as it ran"), so both are settings of `train`.
public enum Exponential: String, CaseIterable, Sendable, Codable {
    /// e^x, as the report's text describes.
    case exact
    /// The report's program: 1e40 above 100, 1e-40 below 100 (meant for below -100), e^100 at 100.
    case guarded

    /// The report's program's exponential. For every input the network meets it is 1e-40.
    @inline(__always)
    public static func guardedExp(_ x: Double) -> Double {
        if x > 100 { return 1e40 }
        if x < 100 { return 1e-40 }
        return TaylorExp.exp(x)
    }

    /// `guardedExp` lane by lane; the true exponential is computed only when a lane needs it
    /// (exactly 100, or NaN, which it passes on).
    @inline(__always)
    public static func guardedExp(lanes x: Lanes) -> Lanes {
        let guarded = Lanes(repeating: 1e-40).replacing(with: 1e40, where: x .> 100)
        if all((x .> 100) .| (x .< 100)) { return guarded }
        return TaylorExp.exp(x).replacing(with: guarded, where: (x .> 100) .| (x .< 100))
    }
}

/// sigmoid through the guarded exponential: 1 / (1 + 1e-40) rounds to 1.0 for alpha > -100, so
/// the slope s (1 - s) is exactly 0 and the unit is a constant.
public enum GuardedSigmoidUnit: HiddenActivation {
    @inline(__always) public static func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double) {
        let s = 1 / (1 + Exponential.guardedExp(-alpha))
        return (s, s * (1 - s))
    }

    @inline(__always) public static func valueAndSlope(lanes alpha: Lanes) -> (value: Lanes, slope: Lanes) {
        let e = Exponential.guardedExp(lanes: -alpha)
        // What every unit meets: 1 + 1e-40 rounds to 1, so s is 1 and its slope 0, the bits the
        // division below gives, without dividing.
        if all(e .== 1e-40) { return (Lanes(repeating: 1), .zero) }
        let s = 1 / (1 + e)
        return (s, s * (1 - s))
    }
}

/// tanh as the report's program writes it, 2 sigmoid(2 alpha) - 1 with the guarded sigmoid:
/// 1.0 with slope 0 for alpha > -50.
public enum GuardedTanhUnit: HiddenActivation {
    @inline(__always) public static func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double) {
        let t = 2 * GuardedSigmoidUnit.valueAndSlope(2 * alpha).value - 1
        return (t, 1 - t * t)
    }

    @inline(__always) public static func valueAndSlope(lanes alpha: Lanes) -> (value: Lanes, slope: Lanes) {
        let t = 2 * GuardedSigmoidUnit.valueAndSlope(lanes: 2 * alpha).value - 1
        return (t, 1 - t * t)
    }
}

/// elu through the guarded exponential: alpha above 0, a (1e-40 - 1) = -0.1 at or below it, with
/// slope a 1e-40 = 1e-41 there: a ReLU shifted down by 0.1 that passes almost no gradient.
public enum GuardedELUUnit: HiddenActivation {
    @inline(__always) public static func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double) {
        if alpha > 0 { return (alpha, 1) }
        let e = Exponential.guardedExp(alpha)
        return (Activation.eluAlpha * (e - 1), Activation.eluAlpha * e)
    }

    @inline(__always) public static func valueAndSlope(lanes alpha: Lanes) -> (value: Lanes, slope: Lanes) {
        let active = alpha .> 0
        let e = Exponential.guardedExp(lanes: alpha)
        let value = (Activation.eluAlpha * (e - 1)).replacing(with: alpha, where: active)
        return (value, (Activation.eluAlpha * e).replacing(with: 1, where: active))
    }
}

/// A hidden unit as the training loops run it: the activation and the exponential it calls.
/// Each case is a type of its own (`HiddenActivation`), so the loops are specialised for it.
public enum HiddenUnit: Sendable {
    case sigmoid, tanh, relu, elu
    case guardedSigmoid, guardedTanh, guardedELU

    public init(_ activation: Activation, _ exponential: Exponential) {
        switch (activation, exponential) {
        case (.sigmoid, .exact): self = .sigmoid
        case (.tanh, .exact): self = .tanh
        case (.elu, .exact): self = .elu
        case (.sigmoid, .guarded): self = .guardedSigmoid
        case (.tanh, .guarded): self = .guardedTanh
        case (.elu, .guarded): self = .guardedELU
        // ReLU calls no exponential.
        case (.relu, _): self = .relu
        }
    }

    /// f and f' of this unit at `alpha`, through its type: what the tests pin.
    public func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double) {
        switch self {
        case .sigmoid: SigmoidUnit.valueAndSlope(alpha)
        case .tanh: TanhUnit.valueAndSlope(alpha)
        case .relu: ReLUUnit.valueAndSlope(alpha)
        case .elu: ELUUnit.valueAndSlope(alpha)
        case .guardedSigmoid: GuardedSigmoidUnit.valueAndSlope(alpha)
        case .guardedTanh: GuardedTanhUnit.valueAndSlope(alpha)
        case .guardedELU: GuardedELUUnit.valueAndSlope(alpha)
        }
    }
}
