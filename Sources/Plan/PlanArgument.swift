import Artifacts
import BikeModel

/// One argument of a recipe: a path, whose make variable make expands, or literal text, which
/// neither make nor the shell may interpret.
public enum PlanArgument: Sendable, Hashable, ExpressibleByStringLiteral {
    case path(PlanPath)
    case literal(String)
    /// `TEXT=PATH`, as `plot compare --curve LABEL=HISTORY.csv` takes it.
    case labelled(String, PlanPath)

    public init(stringLiteral value: String) { self = .literal(value) }
}
