import Artifacts
import BikeModel

/// Where the pipeline keeps each file: one naming, shared by the plan and the report builder.
public struct PipelinePaths: Sendable {
    public init() {}

    public struct Run: Sendable {
        public var models: PlanPath
        public var history: PlanPath
    }

    /// The whole file `data` encodes: its own file's, or DATA's.
    public func encoded(_ data: ExperimentSpec.DataSpec) -> PlanPath {
        PlanPath(.build, "data/encoded-\(data.fileStem.map { "\($0)-" } ?? "")\(data.encoding.rawValue).csv")
    }
    /// The raw data file `data` starts from: DATA unless it names one of its own.
    public func source(_ data: ExperimentSpec.DataSpec) -> PlanPath {
        data.file.map { PlanPath(.project, $0) } ?? .data
    }
    public func training(_ data: ExperimentSpec.DataSpec) -> PlanPath {
        PlanPath(.build, "data/\(data.variant)/training.csv")
    }
    public func validation(_ data: ExperimentSpec.DataSpec) -> PlanPath {
        PlanPath(.build, "data/\(data.variant)/validation.csv")
    }
    public func run(_ name: String) -> Run {
        Run(models: PlanPath(.build, "runs/\(name)/models.json"), history: PlanPath(.build, "runs/\(name)/history.csv"))
    }
    /// Where `make run` trains a variant: apart from the runs the report reads.
    public func variant(_ name: String) -> Run {
        Run(
            models: PlanPath(.build, "variants/\(name)/models.json"),
            history: PlanPath(.build, "variants/\(name)/history.csv"))
    }
}
