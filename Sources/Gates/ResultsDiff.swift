import Artifacts
import BikeModel
import Foundation
import Pipeline
import ReportBuilder

/// Every number, verdict and sentence of one results.json against another: the drift gate of
/// `make check` and `report diff`. The pipeline is bit-deterministic, so with no tolerance any
/// moved number is a change someone must either fix or commit.
public struct ResultsDiff: Sendable {
    public struct Change: Codable, Equatable, Sendable {
        public enum Kind: String, Codable, Sendable {
            /// A conclusion's verdict (`holds`) or another true/false.
            case verdict
            case number
            case text
            case added
            case removed
        }
        public var kind: Kind
        /// Where it is: the section, then keys, with list items named by what they are.
        public var location: String
        public var old: String
        public var new: String
        /// (new − old) / |old| for numbers; nil where the old number was 0 (no share of it to
        /// give, and JSON has no infinity).
        public var relativeChange: Double?
        /// The numbers themselves, for scripts (the texts above are for readers).
        public var oldNumber: Double?
        public var newNumber: Double?
    }

    public var changes: [Change]
    /// How many numbers were compared.
    public var numbersCompared: Int
    public var tolerance: Double

    /// The parts that say how a file was made, not what it found: the inputs' digests change
    /// with any byte of a run, and the numbers they stand for are compared themselves.
    static let skipped: Set<String> = ["artifact"]

    public init(old: JSONTree, new: JSONTree, tolerance: Double) {
        self.tolerance = tolerance
        var changes: [Change] = []
        var compared = 0
        func text(_ tree: JSONTree) -> String {
            switch tree.value {
            case .null: "null"
            case .bool(let b): "\(b)"
            case .number(let n):
                abs(n) < 1 || readable(n) == formatNumber(n) ? formatNumber(n) : "\(readable(n)) (\(formatNumber(n)))"
            case .string(let s): s
            case .array(let items): "[\(items.count) items]"
            case .object(let members): "{\(members.count) keys}"
            }
        }
        func walk(_ a: JSONTree?, _ b: JSONTree?, _ location: String) {
            switch (a?.value, b?.value) {
            case (nil, nil): return
            case (nil, _): changes.append(Change(kind: .added, location: location, old: "—", new: b.map(text) ?? ""))
            case (_, nil): changes.append(Change(kind: .removed, location: location, old: a.map(text) ?? "", new: "—"))
            case (.object(let x)?, .object(let y)?):
                let keys = (x.map(\.key) + y.map(\.key).filter { key in !x.contains { $0.key == key } })
                for key in keys where !(location.isEmpty && ResultsDiff.skipped.contains(key)) {
                    walk(
                        x.first { $0.key == key }?.value, y.first { $0.key == key }?.value,
                        location.isEmpty ? key : "\(location).\(key)")
                }
            case (.array(let x)?, .array(let y)?):
                let xs = ResultsDiff.named(x), ys = ResultsDiff.named(y)
                let names = xs.map(\.0) + ys.map(\.0).filter { name in !xs.contains { $0.0 == name } }
                for name in names {
                    walk(xs.first { $0.0 == name }?.1, ys.first { $0.0 == name }?.1, "\(location)[\(name)]")
                }
            case (.number(let x)?, .number(let y)?):
                compared += 1
                let relative = x == 0 ? (y == 0 ? 0 : .infinity) : (y - x) / abs(x)
                if x != y && abs(relative) > tolerance {
                    changes.append(
                        Change(
                            kind: .number, location: location, old: text(a!), new: text(b!),
                            relativeChange: relative.isFinite ? relative : nil,
                            oldNumber: x, newNumber: y))
                }
            case (.bool(let x)?, .bool(let y)?):
                if x != y { changes.append(Change(kind: .verdict, location: location, old: "\(x)", new: "\(y)")) }
            case (.string(let x)?, .string(let y)?):
                if x != y {
                    changes.append(
                        Change(
                            kind: location.hasSuffix(".verdict") ? .verdict : .text, location: location, old: x, new: y)
                    )
                }
            case (.null?, .null?): return
            default:
                changes.append(Change(kind: .text, location: location, old: text(a!), new: text(b!)))
            }
        }
        walk(old, new, "")
        // Verdicts first: a conclusion that turned is the news; then moved numbers, then the rest.
        let order: [Change.Kind] = [.verdict, .number, .added, .removed, .text]
        self.changes = changes.enumerated().sorted {
            (order.firstIndex(of: $0.element.kind)!, $0.offset) < (order.firstIndex(of: $1.element.kind)!, $1.offset)
        }.map(\.element)
        numbersCompared = compared
    }

    /// List items by the name they carry (an experiment, an id, a name, a factor), or by index.
    static func named(_ items: [JSONTree]) -> [(String, JSONTree)] {
        var seen: [String: Int] = [:]
        return items.enumerated().map { index, item in
            var name = "\(index)"
            for key in ["experiment", "id", "name", "configuration", "factor", "epoch"] {
                switch item[key]?.value {
                case .string(let s)?: name = s
                case .number(let n)?: name = "\(key) \(formatNumber(n))"
                default: continue
                }
                break
            }
            seen[name, default: 0] += 1
            return (seen[name]! > 1 ? "\(name) #\(seen[name]!)" : name, item)
        }
    }

    public var isEmpty: Bool { changes.isEmpty }

    /// A table fit to paste as a pull-request comment.
    public func markdown(old: String, new: String) -> String {
        guard !changes.isEmpty else {
            return
                "No change between \(old) and \(new): \(readable(Double(numbersCompared))) numbers compared\(tolerance > 0 ? " (tolerance ±\(percent(tolerance)))" : ", none moved").\n"
        }
        var out = "### results.json: \(old) → \(new)\n\n"
        let verdicts = changes.filter { $0.kind == .verdict }
        if !verdicts.isEmpty {
            out += "**Verdicts that changed**\n\n"
            for change in verdicts { out += "- `\(change.location)`: \(change.old) → **\(change.new)**\n" }
            out += "\n"
        }
        let numbers = changes.filter { $0.kind == .number }
        if !numbers.isEmpty {
            out +=
                "**Numbers that moved** (\(numbers.count) of \(numbersCompared)\(tolerance > 0 ? ", beyond ±\(percent(tolerance))" : ""))\n\n| where | old | new | change |\n|---|---|---|---|\n"
            for change in numbers {
                out +=
                    "| `\(change.location)` | \(change.old) | **\(change.new)** | \(change.relativeChange.map { String(format: "%+.2f%%", 100 * $0) } ?? (change.kind == .number ? "from 0" : "")) |\n"
            }
            out += "\n"
        }
        let others = changes.filter { $0.kind != .verdict && $0.kind != .number }
        if !others.isEmpty {
            out += "**Other changes**\n\n"
            for change in others {
                out +=
                    "- `\(change.location)` (\(change.kind.rawValue)): \(ResultsDiff.short(change.old)) → \(ResultsDiff.short(change.new))\n"
            }
            out += "\n"
        }
        return out
    }

    func percent(_ value: Double) -> String { String(format: "%g%%", 100 * value) }

    /// A sentence shortened for a table cell or a terminal line.
    static func short(_ text: String) -> String { text.count > 160 ? String(text.prefix(157)) + "…" : text }
}

/// Reads a file as it was at a git revision, from the repository the file is in.
public enum GitRevision {
    public enum Outcome {
        case found(Data)
        /// No git, no repository, or no such revision: the drift check cannot run.
        case unavailable(String)
        /// The revision exists but does not hold the file.
        case absent
        /// The committed file is larger than a results file may be: refused unread.
        case tooLarge(String)
    }

    /// The most bytes a committed results file may have (today's is under 1 MB).
    public static let maximumBytes = 64 << 20

    public static func file(_ path: String, at revision: String, maximumBytes: Int = maximumBytes) -> Outcome {
        let folder = FilePath.folder(of: path), name = String(path.split(separator: "/").last ?? "")
        func git(_ arguments: [String]) -> (Int32, Data) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", folder] + arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { return (127, Data()) }
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, data)
        }
        guard git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"]).0 == 0 else {
            return .unavailable(
                git(["rev-parse", "--git-dir"]).0 == 0
                    ? "no revision '\(revision)' in this repository" : "not a git checkout (no history to compare with)"
            )
        }
        let place = "\(revision):./\(name)"
        let (sized, size) = git(["cat-file", "-s", place])
        guard sized == 0 else { return .absent }
        let bytes = Int(String(decoding: size, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? .max
        guard bytes <= maximumBytes else {
            return .tooLarge(
                "\(revision):\(path) is \(bytes) bytes, more than the \(maximumBytes) a results file may have: refused unread"
            )
        }
        let (status, data) = git(["show", place])
        return status == 0 ? .found(data) : .absent
    }
}
