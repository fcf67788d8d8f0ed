import Artifacts
import BikeModel
import Foundation
import Pipeline
import ReportBuilder

/// The drift part of `make check`: the rebuilt results against the ones committed at a git
/// revision. Results are deterministic, so any moved number is either a bug or a result that
/// must be committed; a checkout without history (a tarball) skips the comparison, saying so.
public enum DriftGate {
    public struct Outcome {
        public var item: CheckItem
        /// The comparison, when there was something to compare with.
        public var diff: ResultsDiff?
        /// Why there was nothing to compare with.
        public var notice: String?
    }

    /// `report diff --format json`.
    public struct Report: Codable, Sendable {
        public var against: String
        public var tolerance: Double
        public var numbersCompared: Int
        public var changes: [ResultsDiff.Change]

        public init(against: String, tolerance: Double, numbersCompared: Int, changes: [ResultsDiff.Change]) {
            self.against = against
            self.tolerance = tolerance
            self.numbersCompared = numbersCompared
            self.changes = changes
        }
    }

    public static func check(_ path: String, against revision: String, tolerance: Double) throws -> Outcome {
        let name = "drift against \(revision)"
        switch GitRevision.file(path, at: revision) {
        case .unavailable(let why):
            return Outcome(
                item: CheckItem(suite: "drift", name: name, skipped: why), notice: "drift gate skipped: \(why)")
        case .tooLarge(let why):
            return Outcome(item: CheckItem(suite: "drift", name: name, failure: why))
        case .absent:
            let why = "\(path) is not committed at \(revision)"
            return Outcome(
                item: CheckItem(suite: "drift", name: name, skipped: why), notice: "drift gate skipped: \(why)")
        case .found(let data):
            let old = try JSONTree.parse([UInt8](data), file: "\(revision):\(path)")
            let diff = ResultsDiff(old: old, new: try JSONTree.load(path), tolerance: tolerance)
            let moved = diff.changes.filter { $0.kind == .number }.count
            let failure =
                diff.isEmpty
                ? nil
                : "\(diff.changes.count) changes since \(revision) (\(moved) numbers moved\(tolerance > 0 ? " beyond ±\(String(format: "%g", 100 * tolerance))%" : "")): "
                    + diff.changes.prefix(5).map {
                        "\($0.location) \(ResultsDiff.short($0.old)) → \(ResultsDiff.short($0.new))"
                    }.joined(separator: "; ")
                    + (diff.changes.count > 5 ? "; …" : "") + ". If intended: commit the regenerated figures/."
            return Outcome(
                item: CheckItem(
                    suite: "drift",
                    name: diff.isEmpty
                        ? "no drift against \(revision) (\(readable(Double(diff.numbersCompared))) numbers compared)"
                        : name, failure: failure), diff: diff)
        }
    }
}

/// The checks as JUnit XML, the format CI services read test results in: one test suite per
/// group of checks, one test case per check, the numbers in the failure message.
public enum JUnitReport {
    public static func xml(_ items: [CheckItem], name: String) -> String {
        var suites: [String] = []
        for item in items where !suites.contains(item.suite) { suites.append(item.suite) }
        let failures = items.filter { $0.failure != nil }.count, skipped = items.filter { $0.skipped != nil }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"\(escape(name))\" tests=\"\(items.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\">\n"
        for suite in suites {
            let cases = items.filter { $0.suite == suite }
            out +=
                "  <testsuite name=\"\(escape(suite))\" tests=\"\(cases.count)\" failures=\"\(cases.filter { $0.failure != nil }.count)\" skipped=\"\(cases.filter { $0.skipped != nil }.count)\">\n"
            for item in cases {
                out += "    <testcase classname=\"\(escape(name + "." + suite))\" name=\"\(escape(item.name))\""
                if let failure = item.failure {
                    out +=
                        ">\n      <failure message=\"\(escape(ResultsDiff.short(failure)))\">\(escape(failure))</failure>\n    </testcase>\n"
                } else if let skipped = item.skipped {
                    out += ">\n      <skipped message=\"\(escape(skipped))\"/>\n    </testcase>\n"
                } else {
                    out += "/>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// Text as XML 1.0 allows it in an attribute or element: the five entities escaped, the
    /// control characters it forbids replaced.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
