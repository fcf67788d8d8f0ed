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
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                if sawExponent { exponentDigits = true }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                // A sign opens the number or its exponent, right after the e.
                guard previous == nil || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else {
                    return nil
                }
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
        guard sawDigit, exponentDigits, let value = Double(String(text)), value.isFinite else { return nil }
        return value
    }
}
