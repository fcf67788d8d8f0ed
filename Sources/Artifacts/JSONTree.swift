import BikeModel
import Foundation

/// A JSON document parsed with the line of every value and key, so that a refusal can name the
/// line a user must edit (Foundation's decoder names none). Strict RFC 8259: no comments, no
/// trailing commas, no duplicate keys, decimal numbers only; nesting is bounded.
public struct JSONTree: Sendable {
    public indirect enum Value: Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSONTree])
        /// Members in file order, each with the line of its key.
        case object([Member])
    }

    public struct Member: Sendable {
        public var key: String
        public var line: Int
        public var value: JSONTree
    }

    public var value: Value
    /// 1-based line where the value starts.
    public var line: Int

    /// The deepest nesting accepted: declarations are a few levels deep, and a bound keeps a
    /// hostile file from exhausting the stack.
    public static let maximumDepth = 64
    /// The most keys one object may have: far above any artifact's (a results file's largest
    /// object has some hundreds), and each key is checked against the others in constant time.
    public static let maximumKeys = 100_000

    public init(value: Value, line: Int) {
        self.value = value
        self.line = line
    }

    public static func parse(_ bytes: [UInt8], file: String) throws -> JSONTree {
        var parser = Parser(bytes: bytes, file: file)
        parser.skipSpace()
        let tree = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return tree
    }

    /// Reads and parses a file, naming it in any error.
    public static func load(_ path: String, maximumBytes: Int = 16 << 20) throws -> JSONTree {
        let data = try FileBytes.read(path, maximumBytes: maximumBytes)
        return try parse([UInt8](data), file: path)
    }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONTree? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The line of the value at a decoding path (keys and array indices), or of the deepest
    /// value on the way that exists: where an error about it is placed.
    public func line(at path: [String]) -> Int { deepest(path).tree.line }

    /// The value at a decoding path, or nil when there is none.
    public func node(at path: [String]) -> JSONTree? {
        let (node, found) = deepest(path)
        return found ? node : nil
    }

    private func deepest(_ path: [String]) -> (tree: JSONTree, found: Bool) {
        var node = self
        for key in path {
            switch node.value {
            case .object(let members):
                guard let member = members.first(where: { $0.key == key }) else { return (node, false) }
                node = member.value
            case .array(let items):
                guard let index = Int(key), items.indices.contains(index) else { return (node, false) }
                node = items[index]
            default: return (node, false)
            }
        }
        return (node, true)
    }

    struct Parser {
        let bytes: [UInt8]
        let file: String
        var index = 0
        var line = 1

        init(bytes: [UInt8], file: String) {
            self.bytes = bytes
            self.file = file
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }

        func error(_ message: String) -> InputError { InputError(file: file, line: line, message) }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0D: index += 1
                case 0x0A:
                    index += 1
                    line += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws -> JSONTree {
            guard depth < JSONTree.maximumDepth else {
                throw error("nested deeper than \(JSONTree.maximumDepth) levels")
            }
            guard index < bytes.count else { throw error("the file ends where a value was expected") }
            let start = line
            switch bytes[index] {
            case UInt8(ascii: "{"):
                return try object(depth: depth, line: start)
            case UInt8(ascii: "["):
                return try array(depth: depth, line: start)
            case UInt8(ascii: "\""):
                return JSONTree(value: .string(try string()), line: start)
            case UInt8(ascii: "t"):
                try literal("true")
                return JSONTree(value: .bool(true), line: start)
            case UInt8(ascii: "f"):
                try literal("false")
                return JSONTree(value: .bool(false), line: start)
            case UInt8(ascii: "n"):
                try literal("null")
                return JSONTree(value: .null, line: start)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return JSONTree(value: .number(try number()), line: start)
            default:
                throw error(
                    "unexpected character \(Quoted(String(decoding: [bytes[index]], as: UTF8.self))) where a value was expected"
                )
            }
        }

        /// An object from its opening brace: keys once each, at most `maximumKeys`.
        mutating func object(depth: Int, line start: Int) throws -> JSONTree {
            index += 1
            var members: [Member] = []
            var seen = Set<String>()
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return JSONTree(value: .object([]), line: start)
            }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw error("expected a key in double quotes")
                }
                let keyLine = line
                let key = try string()
                guard seen.insert(key).inserted else {
                    throw error("the key \(Quoted(key)) appears twice in one object")
                }
                guard seen.count <= JSONTree.maximumKeys else {
                    throw error("an object has more than \(JSONTree.maximumKeys) keys")
                }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw error("expected ':' after the key \(Quoted(key))")
                }
                index += 1
                skipSpace()
                members.append(Member(key: key, line: keyLine, value: try value(depth: depth + 1)))
                skipSpace()
                guard index < bytes.count else { throw error("the file ends inside an object") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return JSONTree(value: .object(members), line: start)
                }
                throw error("expected ',' or '}' in an object")
            }
        }

        /// An array from its opening bracket.
        mutating func array(depth: Int, line start: Int) throws -> JSONTree {
            index += 1
            var items: [JSONTree] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return JSONTree(value: .array([]), line: start)
            }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard index < bytes.count else { throw error("the file ends inside an array") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return JSONTree(value: .array(items), line: start)
                }
                throw error("expected ',' or ']' in an array")
            }
        }

        mutating func literal(_ word: String) throws {
            let expected = Array(word.utf8)
            guard bytes[index...].starts(with: expected) else { throw error("expected \(word)") }
            index += expected.count
        }

        /// A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, finite as a Double.
        mutating func number() throws -> Double {
            let start = index
            func digits() -> Int {
                let from = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                return index - from
            }
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
                throw error("a number needs a digit after '-'")
            }
            if bytes[index] == UInt8(ascii: "0") { index += 1 } else { _ = digits() }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw error("a number needs digits after its decimal point") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard digits() > 0 else { throw error("a number needs digits in its exponent") }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let value = Double(text), value.isFinite else {
                throw error("the number \(Quoted(text)) is too large")
            }
            return value
        }

        mutating func string() throws -> String {
            index += 1  // the opening quote
            var out: [UInt8] = []
            while true {
                guard index < bytes.count else { throw error("the file ends inside a string") }
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    guard let text = String(validating: out, as: UTF8.self) else {
                        throw error("a string is not UTF-8 text")
                    }
                    return text
                case UInt8(ascii: "\\"):
                    guard index + 1 < bytes.count else { throw error("the file ends inside a string") }
                    let escape = bytes[index + 1]
                    index += 2
                    switch escape {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar) {
                            guard bytes[index...].starts(with: Array("\\u".utf8)) else {
                                throw error("a lone surrogate in a \\u escape")
                            }
                            index += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else {
                                throw error("a lone surrogate in a \\u escape")
                            }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else {
                            throw error("a lone surrogate in a \\u escape")
                        }
                        out += Array(String(Character(unicode)).utf8)
                    default: throw error("unknown escape '\\\(String(decoding: [escape], as: UTF8.self))' in a string")
                    }
                default:
                    guard byte >= 0x20 else {
                        throw error("a control character inside a string (write it as an escape)")
                    }
                    out.append(byte)
                    index += 1
                }
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count,
                let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else {
                throw error("expected four hex digits after \\u")
            }
            index += 4
            return value
        }
    }
}
