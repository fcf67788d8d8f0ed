import BikeModel

/// A unit's activation in a declared network: f and f' at a unit's input. The report's four,
/// the identity (a linear output) and leaky ReLU with its declared slope below 0. The
/// exponential is the project's own (`TaylorExp`), so a value is the same bits on any x86-64,
/// and the lane form (`activate`, eight units at once) is the scalar form lane by lane.
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

    /// `valueAndSlope` lane by lane, in place on `count` vectors of `values`, `stride` apart,
    /// their slopes into `slopes` at the same places: the case chosen once, each loop's function
    /// inlined. The same bits as the scalar form (`LaneNetworkTests`).
    func activate(_ values: CheckedPointer<Lanes>, slopes: CheckedPointer<Lanes>, count: Int, stride: Int) {
        @inline(__always) func each(_ f: (Lanes) -> (value: Lanes, slope: Lanes)) {
            for q in 0..<count { (values[q * stride], slopes[q * stride]) = f(values[q * stride]) }
        }
        switch self {
        case .sigmoid: each { SigmoidUnit.valueAndSlope(lanes: $0) }
        case .tanh: each { TanhUnit.valueAndSlope(lanes: $0) }
        case .relu: each { Self.relu($0) }
        case .identity: each { ($0, Lanes(repeating: 1)) }
        case .elu(let a): each { Self.elu(a, $0) }
        case .leakyReLU(let slope): each { Self.leakyReLU(slope, $0) }
        }
    }

    @inline(__always)
    static func relu(_ x: Lanes) -> (value: Lanes, slope: Lanes) {
        let above = x .> 0
        return (Lanes.zero.replacing(with: x, where: above), Lanes.zero.replacing(with: 1, where: above))
    }

    @inline(__always)
    static func elu(_ a: Double, _ x: Lanes) -> (value: Lanes, slope: Lanes) {
        let above = x .> 0, e = TaylorExp.exp(x)
        return ((a * (e - 1)).replacing(with: x, where: above), (a * e).replacing(with: 1, where: above))
    }

    @inline(__always)
    static func leakyReLU(_ slope: Double, _ x: Lanes) -> (value: Lanes, slope: Lanes) {
        let above = x .> 0
        return ((slope * x).replacing(with: x, where: above), Lanes(repeating: slope).replacing(with: 1, where: above))
    }
}
