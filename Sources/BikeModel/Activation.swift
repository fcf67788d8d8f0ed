import Foundation

/// The hidden layer's activation f. The output unit is always ReLU.
public enum Activation: String, CaseIterable, Sendable, Codable {
    case sigmoid, tanh, relu, elu

    /// elu's a: f(x) = a (e^x - 1) for x <= 0.
    public static let eluAlpha = 0.1
}

/// f and f' evaluated together, so elu and sigmoid spend one exp on both. Each activation is a
/// type of its own so that the training loops are specialised for it: no dispatch per unit.
public protocol HiddenActivation {
    static func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double)
}

public enum SigmoidUnit: HiddenActivation {
    @inline(__always) public static func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double) {
        let s = 1 / (1 + exp(-alpha))
        return (s, s * (1 - s))
    }
}

public enum TanhUnit: HiddenActivation {
    @inline(__always) public static func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double) {
        let t = Foundation.tanh(alpha)
        return (t, 1 - t * t)
    }
}

public enum ReLUUnit: HiddenActivation {
    @inline(__always) public static func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double) {
        alpha > 0 ? (alpha, 1) : (0, 0)
    }
}

public enum ELUUnit: HiddenActivation {
    @inline(__always) public static func valueAndSlope(_ alpha: Double) -> (value: Double, slope: Double) {
        if alpha > 0 { return (alpha, 1) }
        // Far below zero e^alpha (under 1e-260) can move no weight, and letting it run on into
        // subnormal numbers made a saturated run four times slower.
        let e = alpha > -600 ? exp(alpha) : 0
        return (Activation.eluAlpha * (e - 1), Activation.eluAlpha * e)
    }
}
