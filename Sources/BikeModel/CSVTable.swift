import Foundation

/// A CSV file read into rows of text fields, each row remembering the line it started on so
/// that every later refusal can name it. Accepts what real files look like: LF or CRLF, a
/// UTF-8 byte-order mark, RFC 4180 quoted fields, no newline at the end.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        public var line: Int
        public var fields: [String]
    }

    public var file: String
    public var header: [String]
    public var headerLine: Int
    public var rows: [Row]

    /// Reads and parses `path`; `displayName` is what error messages call the file.
    public init(contentsOf path: String, displayName: String? = nil) throws {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: name, "cannot read the file (missing or unreadable)")
        }
        try self.init(bytes: [UInt8](data), file: name)
    }

    public init(bytes: [UInt8], file: String) throws {
        self.file = file
        var records = try CSVTable.parse(bytes, file: file)
        guard !records.isEmpty else { throw InputError(file: file, "the file is empty: expected a header row") }
        let first = records.removeFirst()
        header = first.fields
        headerLine = first.line
        rows = records
        if header.count == 1 && header[0].isEmpty {
            throw InputError(file: file, line: headerLine, "the header row is empty")
        }
        for row in rows where row.fields.count != header.count {
            let what = row.fields.count < header.count ? "short" : "long"
            throw InputError(
                file: file, line: row.line,
                "\(what) row: \(row.fields.count) fields where the header has \(header.count)")
        }
    }

    /// The index of each named column; refuses a missing or duplicated one.
    public func columnIndices(_ names: [String]) throws -> [Int] {
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if seen[name] != nil {
                throw InputError(file: file, line: headerLine, column: name, "the column appears twice in the header")
            }
            seen[name] = index
        }
        return try names.map { name in
            guard let index = seen[name] else {
                throw InputError(
                    file: file, line: headerLine, column: name,
                    "missing column (the header has: \(header.joined(separator: ", ")))")
            }
            return index
        }
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","),
        lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    /// A byte-level state machine: a field is quoted only when its first byte is a quote.
    static func parse(_ input: [UInt8], file: String) throws -> [Row] {
        var start = 0
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        // One byte-order mark is an editor's; a second would become part of the first column's name.
        if input.dropFirst(start).starts(with: [0xEF, 0xBB, 0xBF]) {
            throw InputError(file: file, line: 1, "a second byte-order mark follows the first: save the file again")
        }
        var parser = Parser(file: file)
        var index = start
        while index < input.count { index = try parser.read(input, at: index) }
        return try parser.finish()
    }

    /// The state between two bytes: the rows so far, the row and the field being read, and
    /// whether inside quotes.
    struct Parser {
        let file: String
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, rowLine = 1
        var quoted = false, fieldWasQuoted = false, rowHasContent = false

        mutating func finishField() throws {
            // ASCII, as data files are, is UTF-8 as it stands; `String(validating:)` costs a
            // generic lookup per field, most of reading a feature table, so only other text meets it.
            let text: String
            if field.allSatisfy({ $0 < 0x80 }) {
                text = String(decoding: field, as: UTF8.self)
            } else {
                guard let valid = String(validating: field, as: UTF8.self) else {
                    throw InputError(file: file, line: line, "the bytes are not UTF-8 text")
                }
                text = valid
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }

        mutating func finishRow() throws {
            try finishField()
            if fields.count == 1 && fields[0].isEmpty && !rowHasContent {
                fields.removeAll()
                rows.append(Row(line: rowLine, fields: []))  // a blank line: judged below
            } else {
                rows.append(Row(line: rowLine, fields: fields))
                fields.removeAll(keepingCapacity: true)
            }
            rowHasContent = false
        }

        /// Reads the byte at `index` (and the next, for a doubled quote or CR LF); returns
        /// where the next read starts.
        mutating func read(_ input: [UInt8], at index: Int) throws -> Int {
            let byte = input[index]
            if quoted {
                if byte == quote {
                    if index + 1 < input.count && input[index + 1] == quote {
                        field.append(quote)
                        return index + 2
                    }
                    quoted = false
                    let next = index + 1 < input.count ? input[index + 1] : lf
                    if next != comma && next != lf && next != cr {
                        throw InputError(file: file, line: line, "unexpected text after a closing quote")
                    }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                return index + 1
            }
            switch byte {
            case comma:
                try finishField()
                rowHasContent = true
            case lf, cr:
                try finishRow()
                line += 1
                rowLine = line
                if byte == cr && index + 1 < input.count && input[index + 1] == lf { return index + 2 }
            case quote:
                guard field.isEmpty && !fieldWasQuoted else {
                    throw InputError(file: file, line: line, "a quote inside an unquoted field")
                }
                quoted = true
                fieldWasQuoted = true
                rowHasContent = true
            default:
                field.append(byte)
            }
            return index + 1
        }

        /// The rows, once the input has ended: an open quote is an error, and blank lines may
        /// only end the file.
        mutating func finish() throws -> [Row] {
            if quoted { throw InputError(file: file, line: rowLine, "unterminated quoted field") }
            if !field.isEmpty || !fields.isEmpty || rowHasContent { try finishRow() }

            // Blank lines are allowed only at the very end of the file.
            while let last = rows.last, last.fields.isEmpty { rows.removeLast() }
            if let blank = rows.first(where: { $0.fields.isEmpty }) {
                throw InputError(file: file, line: blank.line, "blank line inside the data")
            }
            return rows
        }
    }

    /// Writes one CSV line, quoting only the fields that need it.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return field
        }.joined(separator: ",") + "\n"
    }
}
