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
