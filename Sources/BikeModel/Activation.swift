/// The hidden layer's activation f. The output unit is always ReLU.
public enum Activation: String, CaseIterable, Sendable, Codable {
    case sigmoid, tanh, relu, elu

    /// elu's a: f(x) = a (e^x - 1) for x <= 0.
    public static let eluAlpha = 0.1
}

/// f and f' evaluated together, so elu and sigmoid spend one exp on both. Each activation is a
/// type of its own so that the training loops are specialised for it: no dispatch per unit.
/// The lane form is the scalar one lane by lane, bit for bit (`VectorisedTests`).
public protocol HiddenActivation {
    static func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double)
    static func valueAndSlope(lanes alpha: Lanes) -> (value: Lanes, slope: Lanes)
}

extension HiddenActivation {
    /// f and f' of `units` units' inputs at once, in place: one call per block of rows, in
    /// which the units' exponentials overlap.
    @inline(never)
    static func activate(_ alpha: CheckedPointer<Lanes>, slope: CheckedPointer<Lanes>, units: Int) {
        for h in 0..<units { (alpha[h], slope[h]) = valueAndSlope(lanes: alpha[h]) }
    }
}

public enum SigmoidUnit: HiddenActivation {
    @inlinable @inline(__always) public static func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double) {
        let s = 1 / (1 + TaylorExp.exp(-alpha))
        return (s, s * (1 - s))
    }

    @inlinable @inline(__always) public static func valueAndSlope(lanes alpha: Lanes) -> (value: Lanes, slope: Lanes) {
        let s = 1 / (1 + TaylorExp.exp(-alpha))
        return (s, s * (1 - s))
    }
}

/// tanh(a) = 1 - 2 / (e^(2a) + 1): one exponential, and no NaN at either end (1 and -1). Near
/// a = 0 its absolute error is that of the exponential, about 1e-16.
public enum TanhUnit: HiddenActivation {
    @inlinable @inline(__always) public static func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double) {
        let t = 1 - 2 / (TaylorExp.exp(2 * alpha) + 1)
        return (t, 1 - t * t)
    }

    @inlinable @inline(__always) public static func valueAndSlope(lanes alpha: Lanes) -> (value: Lanes, slope: Lanes) {
        let t = 1 - 2 / (TaylorExp.exp(2 * alpha) + 1)
        return (t, 1 - t * t)
    }
}

public enum ReLUUnit: HiddenActivation {
    @inline(__always) public static func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double) {
        alpha > 0 ? (alpha, 1) : (0, 0)
    }

    @inline(__always) public static func valueAndSlope(lanes alpha: Lanes) -> (value: Lanes, slope: Lanes) {
        let active = alpha .> 0
        return (Lanes.zero.replacing(with: alpha, where: active), Lanes.zero.replacing(with: 1, where: active))
    }
}

public enum ELUUnit: HiddenActivation {
    /// Far below zero e^alpha (under 1e-260) can move no weight, and letting it run on into
    /// subnormal numbers made a saturated run four times slower: 0 below this.
    static let negligible = -600.0

    @inline(__always) public static func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double) {
        if alpha > 0 { return (alpha, 1) }
        let e = alpha > negligible ? TaylorExp.exp(alpha) : 0
        return (Activation.eluAlpha * (e - 1), Activation.eluAlpha * e)
    }

    @inline(__always) public static func valueAndSlope(lanes alpha: Lanes) -> (value: Lanes, slope: Lanes) {
        let active = alpha .> 0
        // Mostly every lane is active, as in the scalar form's first line: then no exponential.
        if all(active) { return (alpha, Lanes(repeating: 1)) }
        // Only lanes from `negligible` to 0 keep e^alpha, so the exponential's range ends
        // (-708, 709) need no checking here: the same bits, some 5% sooner an epoch.
        let e = Lanes.zero.replacing(with: TaylorExp.expWithinRange(alpha), where: alpha .> negligible)
        let value = (Activation.eluAlpha * (e - 1)).replacing(with: alpha, where: active)
        let slope = (Activation.eluAlpha * e).replacing(with: 1, where: active)
        return (value, slope)
    }
}
