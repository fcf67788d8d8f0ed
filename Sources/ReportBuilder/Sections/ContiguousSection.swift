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
        if let declared = context.pipeline.beyond.contiguousSplit {
            results.beyond.contiguousSplit = try context.beyondRuns.contiguous(declared)
        }
    }

    /// Its median a positive number.
    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        Checks.beyondItems(
            "contiguous_split", declared: pipeline.beyond.contiguousSplit != nil, results.beyond.contiguousSplit
        ) { contiguous in
            let median = contiguous.validationMSE.median
            return median.isFinite && median > 0 ? [] : ["contiguous_split: median is not a positive number"]
        }
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

extension BeyondRuns {
    /// The first part of the year for training and the rest for validation.
    func contiguous(_ cs: PipelineSpec.Beyond.Contiguous) throws -> BeyondResults.Contiguous {
        let (contiguous, interleaved) = (try spread(cs.experiment), try spread(cs.interleaved))
        let share = try experiment(cs.experiment).settings.trainShare
        let worse = contiguous.median / interleaved.median - 1
        let finding =
            "Training on the first \(share)% of the year and validating on the rest gives \(n(contiguous.median)) (\(n(contiguous.min))–\(n(contiguous.max))) against the interleaved split's \(n(interleaved.median)) (\(String(format: "%+.0f%%", 100 * worse))): the validation months are ones the network never trained on. "
            + (worse > 0.05
                ? "The report's warning holds, though the cost is \(worse > 0.3 ? "large" : "moderate")."
                : "The report's warning does not show here.")
        return BeyondResults.Contiguous(validationMSE: contiguous, interleaved: interleaved, finding: finding)
    }
}
