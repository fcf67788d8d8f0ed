import Artifacts
import BikeModel

/// One step of the pipeline: the files it writes, every file it reads, and the one tool
/// invocation that makes them.
public struct PlanRule: Sendable {
    /// A stable name, used for the rule's stamp file.
    public var id: String
    public var targets: [PlanPath]
    public var inputs: [PlanPath]
    public var tool: Tool
    public var arguments: [PlanArgument]
    /// Shown on stderr when the rule starts.
    public var progress: String?
    /// How many seeds it trains side by side: the cores it can use (Makeflow's CORES).
    public var seeds = 1

    public init(
        id: String, targets: [PlanPath], inputs: [PlanPath], tool: Tool, arguments: [PlanArgument],
        progress: String? = nil, seeds: Int = 1
    ) {
        self.id = id
        self.targets = targets
        self.inputs = inputs
        self.tool = tool
        self.arguments = arguments
        self.progress = progress
        self.seeds = seeds
    }
}
