import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// The split the report warned against: the first part of the year for training, the rest for
/// validation.
struct ContiguousSection: ReportSection {
    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        results.beyond.contiguousSplit = context.beyond.contiguousSplit
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String { ReportMarkdown.contiguous(results) }
}

extension ReportMarkdown {
    /// Its finding.
    static func contiguous(_ results: ReportResults) -> String {
        var md = ""
        if let contiguous = results.beyond.contiguousSplit {
            md += "### The split the report warned against\n\n\(contiguous.finding)\n\n"
        }
        return md
    }
}
