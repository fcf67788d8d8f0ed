import Foundation

/// A refusal of bad input that names the file, the line and the column, so a user can go
/// straight to the offending cell.
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    /// 1-based line of the file, or nil when the problem is the file as a whole.
    public var line: Int?
    public var column: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        // A file name is text too: a newline or an escape in it is shown, not obeyed.
        var place =
            file.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }
            ? Quoted(file).description : file
        if let line { place += ":\(line)" }
        if let column { place += ": column '\(column)'" }
        return "\(place): \(message)"
    }
}

/// A problem with options or settings, found before any work is done.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

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
