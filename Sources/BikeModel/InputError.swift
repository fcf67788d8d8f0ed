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
