import Artifacts
import BikeModel
import Pipeline

/// Whether a gated cell tells its configuration apart: the other experiments of the tables and
/// the headline whose runs would pass the same published number at the same margin (the same
/// equivalence test the cell's own verdict is, at each experiment's own level; STATISTICS.md).
enum CellMargins {
    /// The experiments the report's tables and headline run, each once, sorted.
    static func candidates(_ pipeline: PipelineSpec) -> [String] {
        Array(Set(pipeline.tables.tables.flatMap { $0.rows.map(\.experiment) } + [pipeline.tables.headline.experiment]))
            .sorted()
    }

    /// For each gated column of a cell (`published`, `tolerance`) of `experiment`, the other
    /// candidates reproduced at that margin.
    static func others(
        of experiment: String, published: [String: JSONValue], tolerance: [String: Double], candidates: [String],
        pipeline: PipelineSpec, runs: (String) throws -> ExperimentRuns
    ) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for (column, margin) in tolerance {
            guard let value = published[column]?.number, value != 0 else { continue }
            out[column] = try candidates.filter { other in
                guard other != experiment, let spread = try runs(other).spread(column) else { return false }
                return spread.judged(published: value, tolerance: margin, alpha: pipeline.design(of: other).alpha)
                    .verdict == .reproduced
            }
        }
        return out
    }
}
