import BikeModel

/// A unit's activation in a declared network: f and f' at a unit's input. The report's four,
/// the identity (a linear output) and leaky ReLU with its declared slope below 0. The
/// exponential is the project's own (`TaylorExp`), so a value is the same bits on any x86-64,
/// and the lane form (eight units at once) is the scalar form lane by lane.
public enum UnitFunction: Equatable, Sendable {
    case sigmoid, tanh, relu, identity
    /// x above 0, a (e^x − 1) at or below it.
    case elu(a: Double)
    /// x above 0, slope · x at or below it.
    case leakyReLU(slope: Double)

    public func valueAndSlope(_ x: Double) -> (value: Double, slope: Double) {
        switch self {
        case .sigmoid: SigmoidUnit.valueAndSlope(x)
        case .tanh: TanhUnit.valueAndSlope(x)
        case .relu: x > 0 ? (x, 1) : (0, 0)
        case .identity: (x, 1)
        case .elu(let a):
            if x > 0 { (x, 1) } else { (a * (TaylorExp.exp(x) - 1), a * TaylorExp.exp(x)) }
        case .leakyReLU(let slope): x > 0 ? (x, 1) : (slope * x, slope)
        }
    }

    @inline(__always)
    public func valueAndSlope(lanes x: Lanes) -> (value: Lanes, slope: Lanes) {
        let above = x .> 0
        switch self {
        case .sigmoid: return SigmoidUnit.valueAndSlope(lanes: x)
        case .tanh: return TanhUnit.valueAndSlope(lanes: x)
        case .relu: return (Lanes.zero.replacing(with: x, where: above), Lanes.zero.replacing(with: 1, where: above))
        case .identity: return (x, Lanes(repeating: 1))
        case .elu(let a):
            let e = TaylorExp.exp(x)
            return ((a * (e - 1)).replacing(with: x, where: above), (a * e).replacing(with: 1, where: above))
        case .leakyReLU(let slope):
            return (
                (slope * x).replacing(with: x, where: above), Lanes(repeating: slope).replacing(with: 1, where: above)
            )
        }
    }
}
