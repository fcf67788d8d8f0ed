import Foundation

/// A unit's activation in a declared network: f and f' at a unit's input. The report's four,
/// the identity (a linear output) and leaky ReLU with its declared slope below 0.
public enum UnitFunction: Equatable, Sendable {
    case sigmoid, tanh, relu, identity
    /// x above 0, a (e^x − 1) at or below it.
    case elu(a: Double)
    /// x above 0, slope · x at or below it.
    case leakyReLU(slope: Double)

    public func valueAndSlope(_ x: Double) -> (value: Double, slope: Double) {
        switch self {
        case .sigmoid:
            let s = 1 / (1 + exp(-x))
            return (s, s * (1 - s))
        case .tanh:
            let t = Foundation.tanh(x)
            return (t, 1 - t * t)
        case .relu: return x > 0 ? (x, 1) : (0, 0)
        case .identity: return (x, 1)
        case .elu(let a):
            if x > 0 { return (x, 1) }
            let e = exp(x)
            return (a * (e - 1), a * e)
        case .leakyReLU(let slope): return x > 0 ? (x, 1) : (slope * x, slope)
        }
    }
}
