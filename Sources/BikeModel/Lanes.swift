/// Eight doubles side by side, one AVX-512 register: the batch methods push eight rows of a
/// batch through the network at once. Every operation on them is lane by lane (IEEE add,
/// multiply, divide, compare, select), so a lane holds the bits the scalar code gives for its
/// row, on any x86-64 (without AVX-512 the compiler uses two AVX or four SSE registers: the
/// same bits).
public typealias Lanes = SIMD8<Double>

extension SIMD8 where Scalar == Double {
    /// The sum of the lanes in one fixed order, so that it does not depend on how the machine
    /// folds a vector.
    @inline(__always)
    var laneSum: Double { ((self[0] + self[1]) + (self[2] + self[3])) + ((self[4] + self[5]) + (self[6] + self[7])) }

    /// Eight vectors added in `laneSum`'s order, lane by lane.
    @inline(__always)
    static func laneSum(_ parts: CheckedPointer<Self>) -> Self {
        ((parts[0] + parts[1]) + (parts[2] + parts[3])) + ((parts[4] + parts[5]) + (parts[6] + parts[7]))
    }

    /// Lane i holds i: compared with a count, it masks the lanes past a batch's end.
    @inline(__always)
    static var laneIndex: Self { Self(0, 1, 2, 3, 4, 5, 6, 7) }
}

/// The arithmetic one value and eight lanes share, so that a formula written once (the
/// exponential's reduction and polynomial) runs on either with the same operations in the
/// same order: the same bits per lane.
public protocol LaneArithmetic {
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func + (a: Double, b: Self) -> Self
    static func + (a: Self, b: Double) -> Self
    static func - (a: Self, b: Double) -> Self
    static func * (a: Double, b: Self) -> Self
    static func * (a: Self, b: Double) -> Self
    /// self + a b, rounded once (IEEE 754's fused multiply-add): one instruction where the
    /// machine has FMA, libm's correctly rounded `fma` where it has not, so the same bits.
    func addingProduct(_ a: Self, _ b: Self) -> Self
    func addingProduct(_ a: Double, _ b: Self) -> Self
    init(repeating value: Double)
}

extension Double: LaneArithmetic {
    /// The one value: what the lanes' `init(repeating:)` is for a scalar.
    @inline(__always)
    public init(repeating value: Double) { self = value }
}

extension SIMD8: LaneArithmetic where Scalar == Double {}
