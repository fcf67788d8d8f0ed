import Artifacts
import BikeModel

/// Whether a gated cell tells its configuration apart: the other experiments of the tables and
/// the headline whose runs would pass the same published number at the same margin (their 90%
/// confidence interval inside it, as the cell's own verdict asks; STATISTICS.md).
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
        runs: (String) throws -> ExperimentRuns
    ) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for (column, margin) in tolerance {
            guard let value = published[column]?.number, value != 0 else { continue }
            out[column] = try candidates.filter { other in
                guard other != experiment, let interval = try runs(other).spread(column)?.confidenceInterval else {
                    return false
                }
                return CellVerdict.of(interval: interval, published: value, tolerance: margin) == .reproduced
            }
        }
        return out
    }
}
