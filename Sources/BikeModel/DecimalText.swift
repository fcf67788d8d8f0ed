/// A number as a CSV cell may write it: decimal notation only, `[+-]digits[.digits][e[+-]digits]`,
/// finite. Swift's `Double(_:)` also reads hexadecimal floats (`0x1p-2`), "inf" and "nan", and
/// stops at a NUL byte (`0.24\0GARBAGE` reads as 0.24): none of these is data.
public enum DecimalText {
    public static func double<S: StringProtocol>(_ text: S) -> Double? {
        var sawDigit = false, sawPoint = false, sawExponent = false, exponentDigits = true
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                if sawExponent { exponentDigits = true }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard index == 0 || (sawExponent && !exponentDigits && previousIsExponent(text, index)) else {
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
        }
        guard sawDigit, exponentDigits, let value = Double(String(text)), value.isFinite else { return nil }
        return value
    }

    static func previousIsExponent<S: StringProtocol>(_ text: S, _ index: Int) -> Bool {
        let previous = text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: index - 1)]
        return previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E")
    }
}
