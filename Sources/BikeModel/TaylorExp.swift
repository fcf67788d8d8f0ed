/// The project's own e^x, for one value and for eight lanes, with the same operations in the same
/// order in both, so both give the same bits on any x86-64 and any vector width. libm's `exp` is
/// a call per value that no loop can vectorise.
///
/// Method (Cody and Waite, "Software Manual for the Elementary Functions", 1980, ch. 6):
/// x = k ln 2 + r with k = round(x / ln 2) and |r| <= ln 2 / 2, ln 2 split in two parts so that
/// k ln 2 is subtracted exactly; e^r by its Taylor polynomial to degree 13 (the remainder,
/// |r|^14 / 14!, is under 1e-17 of e^r), in Estrin's scheme; 2^k put into the exponent bits.
/// Every multiply-add is fused (`LaneArithmetic.addingProduct`): fewer operations and one
/// rounding each, and the same bits with or without the FMA instruction.
/// Its largest relative error against libm over the inputs training meets is a few units in
/// the last place (`VectorisedTests` bounds it by 2 ulp). Below -708 it gives 0 and above
/// 709 infinity: there e^x is subnormal or near overflow, and no unit uses it.
public enum TaylorExp {
    public static let lowest = -708.0
    public static let highest = 709.0
    @usableFromInline static let log2e = 1.4426950408889634
    @usableFromInline static let ln2High = 0.6931471803691238  // 0x3FE62E42FEE00000: k ln2High is exact for |k| < 2^20
    @usableFromInline static let ln2Low = 1.9082149292705877e-10  // ln 2 - ln2High
    /// 1.5 * 2^52: adding it rounds to a whole number (ties to even), which its low bits then hold.
    @usableFromInline static let roundingShift = 6_755_399_441_055_744.0

    @inlinable @inline(__always)
    public static func exp(_ x: Double) -> Double {
        if x < lowest { return 0 }
        if x > highest { return .infinity }
        let (shifted, r) = reduced(x)
        let scale = Double(bitPattern: (shifted.bitPattern &+ 1023) &<< 52)
        return polynomial(r) * scale
    }

    /// `exp` without checking the range's ends: the same bits for inputs from `lowest` to
    /// `highest` (and NaN); past them a number that means nothing, for callers that discard it.
    @inlinable @inline(__always)
    static func expWithinRange(_ x: Lanes) -> Lanes {
        let (shifted, r) = reduced(x)
        let bits = unsafeBitCast(shifted, to: SIMD8<UInt64>.self)
        let scale = unsafeBitCast((bits &+ 1023) &<< 52, to: Lanes.self)
        return polynomial(r) * scale
    }

    @inlinable @inline(__always)
    public static func exp(_ x: Lanes) -> Lanes {
        var result = expWithinRange(x)
        result.replace(with: 0, where: x .< lowest)
        result.replace(with: .infinity, where: x .> highest)
        return result
    }

    /// x = k ln 2 + r: x log2(e) plus `roundingShift` (whose low bits then hold k), and r.
    @inlinable @inline(__always)
    static func reduced<T: LaneArithmetic>(_ x: T) -> (shifted: T, r: T) {
        let shifted = T(repeating: roundingShift).addingProduct(log2e, x)
        let k = shifted - roundingShift
        return (shifted, x.addingProduct(-ln2High, k).addingProduct(-ln2Low, k))
    }

    /// 1 + r + r^2/2! + ... + r^13/13! in Estrin's scheme (Knuth, TAOCP vol. 2, 4.6.4): pairs of
    /// terms, then pairs of pairs, each c + d r one fused multiply-add, so the chain of
    /// dependent operations is 4 long, not Horner's 13.
    @inlinable @inline(__always)
    static func polynomial<T: LaneArithmetic>(_ r: T) -> T {
        @inline(__always) func pair(_ c: Double, _ d: Double) -> T { T(repeating: c).addingProduct(d, r) }
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let s0 = (1 + r).addingProduct(pair(0.5, 0.16666666666666666), r2)
        let s1 = pair(0.041666666666666664, 0.008333333333333333).addingProduct(
            pair(0.001388888888888889, 0.0001984126984126984), r2)
        let s2 = pair(2.48015873015873e-05, 2.7557319223985893e-06).addingProduct(
            pair(2.755731922398589e-07, 2.505210838544172e-08), r2)
        let s3 = pair(2.08767569878681e-09, 1.6059043836821613e-10)
        return s0.addingProduct(s1, r4).addingProduct(s2.addingProduct(s3, r4), r8)
    }
}
