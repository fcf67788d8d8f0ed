import Foundation

/// Text from a file, quoted for a message: at most 60 characters, control and escape
/// characters shown as escapes, so an echoed value can neither flood nor drive the terminal.
public struct Quoted: CustomStringConvertible, Sendable {
    public var text: String
    public init(_ text: String) { self.text = text }

    public var description: String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 60 {
                out += "…"
                break
            }
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F..<0xA0: out += String(format: "\\u%04X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return "\"" + out + "\""
    }
}
