import Foundation

/// A number as a reader of the report wants it: thousands grouped, no decimals for whole
/// numbers or from 100 up (5,213; 59), one below (52.5), three below 1 (0.709).
public func readable(_ value: Double) -> String {
    guard value.isFinite else { return "\(value)" }
    let decimals = abs(value) >= 100 || value == value.rounded() ? 0 : abs(value) >= 1 ? 1 : 3
    let text = String(format: "%.\(decimals)f", value)
    let sign = text.hasPrefix("-") ? "-" : ""
    let parts = text.drop { $0 == "-" }.split(separator: ".", maxSplits: 1)
    var whole = ""
    for (index, digit) in parts[0].reversed().enumerated() {
        if index > 0 && index % 3 == 0 { whole.append(",") }
        whole.append(digit)
    }
    return sign + String(whole.reversed()) + (parts.count > 1 ? "." + parts[1] : "")
}

/// Number text that reads back to the same Double: integers without a fraction, the rest in
/// Swift's shortest round-trip form.
public func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}
