/// Four doubles side by side, one AVX register: the batch methods push four rows of a batch
/// through the network at once. Every operation on them is lane by lane (IEEE add, multiply,
/// divide, compare, select), so a lane holds the bits the scalar code gives for its row, on
/// any x86-64 (without AVX the compiler uses two SSE registers: the same bits). Swift's
/// eight-wide vector is split into 128-bit halves on this machine; the four-wide one is not.
public typealias Lanes = SIMD4<Double>

extension SIMD4 where Scalar == Double {
    /// The four values at `pointer`, which need not be aligned.
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Double>) -> Self {
        UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }

    /// The sum of the lanes in one fixed order, so that it does not depend on how the machine
    /// folds a vector.
    @inline(__always)
    var laneSum: Double { (self[0] + self[1]) + (self[2] + self[3]) }

    /// Lane i holds i: compared with a count, it masks the lanes past a batch's end.
    @inline(__always)
    static var laneIndex: Self { Self(0, 1, 2, 3) }
}

/// The arithmetic one value and four lanes share, so that a formula written once (the
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
    /// The one value: what four lanes' `init(repeating:)` is for a scalar.
    @inline(__always)
    public init(repeating value: Double) { self = value }
}

extension SIMD4: LaneArithmetic where Scalar == Double {}
