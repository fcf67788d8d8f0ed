/// A number as a CSV cell may write it: decimal notation only, `[+-]digits[.digits][e[+-]digits]`,
/// finite. Swift's `Double(_:)` also reads hexadecimal floats (`0x1p-2`), "inf" and "nan", and
/// stops at a NUL byte (`0.24\0GARBAGE` reads as 0.24): none of these is data.
public enum DecimalText {
    // Concrete entry points: a generic one called from another module ran unspecialised, and
    // reading a feature table spent most of a short run looking up generic metadata.
    public static func double(_ text: String) -> Double? { parse(text) }
    public static func double(_ text: Substring) -> Double? { parse(text) }

    @inline(__always)
    static func parse<S: StringProtocol>(_ text: S) -> Double? {
        var sawDigit = false, sawPoint = false, sawExponent = false, exponentDigits = true
        var previous: UInt8? = nil
        var exact = ExactDecimal()
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                if sawExponent { exponentDigits = true }
                exact.add(digit: byte &- UInt8(ascii: "0"), afterPoint: sawPoint, inExponent: sawExponent)
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                // A sign opens the number or its exponent, right after the e.
                guard previous == nil || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else {
                    return nil
                }
                if byte == UInt8(ascii: "-") { exact.negate(exponent: sawExponent) }
            case UInt8(ascii: "."):
                guard !sawPoint, !sawExponent else { return nil }
                sawPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard sawDigit, !sawExponent else { return nil }
                sawExponent = true
                exponentDigits = false
            default: return nil
            }
            previous = byte
        }
        guard sawDigit, exponentDigits else { return nil }
        if let value = exact.value { return value }
        guard let value = Double(String(text)), value.isFinite else { return nil }
        return value
    }
}

/// Clinger's fast path (1990): a decimal whose digits make a whole number m below 2^53 and whose
/// power of ten is at most 22 either way is m × 10^k or m / 10^k of two exact doubles, one IEEE
/// operation, so correctly rounded: the bits `strtod` gives. The CSVs' numbers (0.2879,
/// 1.44) all take it; any other falls back to `Double(_:)`.
struct ExactDecimal {
    private var mantissa: UInt64 = 0
    private var fractionDigits = 0
    private var exponent = 0
    private var negative = false, negativeExponent = false
    /// A digit past 2^53 or an exponent past any double's range: the slow path decides.
    private var tooLong = false

    private static let limit: UInt64 = 1 << 53
    private static let powers: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { value, _ in value * 10 } }

    mutating func add(digit: UInt8, afterPoint: Bool, inExponent: Bool) {
        if inExponent {
            exponent = min(exponent * 10 + Int(digit), 100_000)
            return
        }
        let (times10, overflow) = mantissa.multipliedReportingOverflow(by: 10)
        guard !overflow, times10 + UInt64(digit) < ExactDecimal.limit else {
            tooLong = true
            return
        }
        mantissa = times10 + UInt64(digit)
        if afterPoint { fractionDigits += 1 }
    }

    mutating func negate(exponent inExponent: Bool) {
        if inExponent { negativeExponent = true } else { negative = true }
    }

    /// The value when the fast path is exact, else nil.
    var value: Double? {
        guard !tooLong else { return nil }
        let magnitude: Double
        if mantissa == 0 {
            magnitude = 0
        } else {
            let power = (negativeExponent ? -exponent : exponent) - fractionDigits
            guard abs(power) <= 22 else { return nil }
            magnitude =
                power >= 0
                ? Double(mantissa) * ExactDecimal.powers[power] : Double(mantissa) / ExactDecimal.powers[-power]
        }
        return negative ? -magnitude : magnitude
    }
}
