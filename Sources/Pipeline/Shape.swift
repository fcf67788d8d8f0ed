import Artifacts
import BikeModel
import Plan
import Stages

/// The allowed form of a declaration file: which keys, which types, which ranges. A file is
/// checked against its shape before anything is read from it, so a mistyped key or a value out
/// of range is refused at `report plan`, naming the file, the line and the nearest known key.
public indirect enum Shape: Sendable {
    /// Named members; any other key is refused.
    case object([String: Field])
    /// Any keys, each value of one shape (the published tables by name, say).
    case map(key: Text, value: Shape)
    case array(Shape, count: ClosedRange<Int>)
    case text(Text)
    case integer(ClosedRange<Int>)
    case number(ClosedRange<Double>)
    case bool
    /// The shape, or null.
    case nullable(Shape)
    /// Any JSON value: a transcription kept for readers, never read by the pipeline.
    case anything

    public struct Field: Sendable {
        public var shape: Shape
        public var isRequired: Bool

        public static func required(_ shape: Shape) -> Field { Field(shape: shape, isRequired: true) }
        public static func optional(_ shape: Shape) -> Field { Field(shape: shape, isRequired: false) }
    }

    /// What a string may hold.
    public enum Text: Sendable {
        case any
        /// Printable text, no control characters: labels, titles, descriptions.
        case line
        /// A name that is also a file name and a make word: [A-Za-z0-9][A-Za-z0-9._-]*.
        case name
        /// A path inside the project: names separated by '/', no '..', not absolute.
        case path
        case seeds
        case oneOf([String])
    }

    /// Checks `tree`, naming the first problem with its file, line and key path.
    public func check(_ tree: JSONTree, file: String, path: [String] = []) throws {
        func fail(_ message: String, line: Int = tree.line) -> InputError {
            InputError(file: file, line: line, (path.isEmpty ? "" : "\(path.joined(separator: ".")): ") + message)
        }
        switch (self, tree.value) {
        case (.anything, _): return
        case (.nullable, .null): return
        case (.nullable(let inner), _): try inner.check(tree, file: file, path: path)
        case (.object(let fields), .object(let members)):
            for member in members {
                guard let field = fields[member.key] else {
                    let hint =
                        Shape.nearest(member.key, among: Array(fields.keys)).map { " (did you mean \"\($0)\"?)" } ?? ""
                    let known = fields.keys.sorted().joined(separator: ", ")
                    throw fail("unknown key \(Quoted(member.key))\(hint); known keys: \(known)", line: member.line)
                }
                try field.shape.check(member.value, file: file, path: path + [member.key])
            }
            for (key, field) in fields.sorted(by: { $0.key < $1.key })
            where field.isRequired && !members.contains(where: { $0.key == key }) {
                throw fail("missing key \"\(key)\"")
            }
        case (.map(let keyText, let shape), .object(let members)):
            for member in members {
                if let problem = keyText.problem(member.key) {
                    throw fail("key \(Quoted(member.key)): \(problem)", line: member.line)
                }
                try shape.check(member.value, file: file, path: path + [member.key])
            }
        case (.array(let shape, let count), .array(let items)):
            guard count.contains(items.count) else {
                throw fail(
                    count.lowerBound == count.upperBound
                        ? "expected \(count.lowerBound) items, found \(items.count)"
                        : "expected \(count.lowerBound) to \(count.upperBound) items, found \(items.count)")
            }
            for (index, item) in items.enumerated() { try shape.check(item, file: file, path: path + ["\(index)"]) }
        case (.text(let text), .string(let value)):
            if let problem = text.problem(value) { throw fail(problem) }
        case (.integer(let range), .number(let value)):
            guard value == value.rounded(), let whole = Int(exactly: value) else {
                throw fail("expected a whole number, found \(formatNumber(value))")
            }
            guard range.contains(whole) else {
                throw fail("\(whole) is out of range (\(range.lowerBound) to \(range.upperBound))")
            }
        case (.number(let range), .number(let value)):
            guard range.contains(value) else {
                throw fail(
                    "\(formatNumber(value)) is out of range (\(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound)))"
                )
            }
        case (.bool, .bool): return
        default:
            throw fail("expected \(description), found \(tree.value.kind)")
        }
    }

    var description: String {
        switch self {
        case .object, .map: "an object"
        case .array: "an array"
        case .text(.oneOf(let words)): "one of \(words.map { "\"\($0)\"" }.joined(separator: ", "))"
        case .text: "a string"
        case .integer: "a whole number"
        case .number: "a number"
        case .bool: "true or false"
        case .nullable(let inner): "\(inner.description) or null"
        case .anything: "a value"
        }
    }

    /// The known key closest to a mistyped one, when it is close enough to be a likely typo:
    /// case, '-', '_' and spaces are ignored, then at most a third of the letters may differ.
    static func nearest(_ key: String, among known: [String]) -> String? {
        func folded(_ s: String) -> [Character] { Array(s.lowercased().filter { !"-_ ".contains($0) }) }
        let target = folded(key)
        let scored = known.map { ($0, editDistance(folded($0), target)) }.min {
            $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0)
        }
        guard let (best, distance) = scored, distance <= max(1, max(target.count, folded(best).count) / 3) else {
            return nil
        }
        return best
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension Shape.Text {
    /// Why `value` is not of this kind, or nil when it is.
    func problem(_ value: String) -> String? {
        switch self {
        case .any: return nil
        case .line:
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                return "\(Quoted(value)) contains a control character"
            }
            return value.count > 500 ? "longer than 500 characters" : nil
        case .name: return Declared.nameProblem(value)
        case .path: return Declared.pathProblem(value)
        case .seeds:
            do { _ = try SeedList(value) } catch { return "\(error)" }
            return nil
        case .oneOf(let words):
            return words.contains(value)
                ? nil : "\(Quoted(value)) is not one of \(words.map { "\"\($0)\"" }.joined(separator: ", "))"
        }
    }
}

extension JSONTree.Value {
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "true/false"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
