import Artifacts
import BikeModel

/// A file the plan names, under one of the Makefile's folders. Its relative part is a checked
/// path (`Declared.pathProblem`), so it can stand unquoted in a make rule.
public struct PlanPath: Hashable, Sendable, Comparable {
    public enum Root: String, Sendable {
        /// $(B): the results folder (build/).
        case build = "B"
        /// $(FIG): the committed figures and report (figures/).
        case figures = "FIG"
        /// $(PIPELINE): the declarations (pipeline/).
        case pipeline = "PIPELINE"
        /// $(TOOLS_STAMPS): what the build step records (build/tools/).
        case tools = "TOOLS_STAMPS"
        /// The project folder itself (the holdout data, say).
        case project = ""
    }

    public var root: Root
    public var relative: String

    public init(_ root: Root, _ relative: String) {
        precondition(Declared.pathProblem(relative) == nil, "unchecked path \(relative)")
        self.root = root
        self.relative = relative
    }

    /// $(DATA): the raw data file, a Makefile setting.
    public static let data = PlanPath(raw: "$(DATA)")

    /// A folder itself: `$(FIG)`.
    public static func folder(_ root: Root) -> PlanPath { PlanPath(raw: "$(\(root.rawValue))") }

    private init(raw: String) {
        root = .project
        relative = raw
    }

    /// As it stands in a rule: `$(B)/runs/headline/models.json`.
    public var make: String { root == .project ? relative : "$(\(root.rawValue))/\(relative)" }

    /// The sidecar of a CSV artifact, which make must treat as an output of the same rule.
    public var sidecar: PlanPath {
        var copy = self
        copy.relative += ".meta.json"
        return copy
    }

    public var folder: String {
        let make = self.make
        return make.lastIndex(of: "/").map { String(make[..<$0]) } ?? "."
    }

    public static func < (a: PlanPath, b: PlanPath) -> Bool { a.make < b.make }
}
