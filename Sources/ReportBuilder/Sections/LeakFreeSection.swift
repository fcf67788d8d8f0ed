import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// Did the encoding leak the answer? Category means fitted on the training rows only, beside
/// the report's leaky means and raw codes.
struct LeakFreeSection: ReportSection {
    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        if let declared = context.pipeline.beyond.leakFreeEncoding {
            results.beyond.leakFreeEncoding = try context.beyondRuns.leakFree(declared)
        }
    }

    /// Its median within half to three times the headline's.
    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        let headline = results.headline.reproduced[Measure.validationMSE.key]?.median ?? .nan
        return Checks.beyondItems(
            "leak_free_encoding", declared: pipeline.beyond.leakFreeEncoding != nil, results.beyond.leakFreeEncoding
        ) { leak in
            // A headline that is missing, negative or not a number bounds nothing: it fails.
            headline.isFinite && headline > 0 && (0.5 * headline...3 * headline).contains(leak.validationMSE.median)
                ? []
                : [
                    "leak_free_encoding: median \(readable(leak.validationMSE.median)) is not within half to three times the headline \(readable(headline))"
                ]
        }
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String { ReportMarkdown.leakFree(results) }
}

extension ReportMarkdown {
    /// The encodings' table, after its finding.
    static func leakFree(_ results: ReportResults) -> String {
        var md = ""
        if let leak = results.beyond.leakFreeEncoding {
            md +=
                "### Did the encoding leak the answer?\n\n\(leak.finding)\n\n| encoding | validation MSE |\n|---|---|\n"
            for (name, spread) in [
                ("means fitted on the training rows only (leak-free)", leak.validationMSE),
                ("means from all rows, exact (leaky)", leak.leakyExactMeans),
                ("the report's integer tables (leaky, rounded)", leak.reportTables), ("raw codes", leak.rawCodes)
            ] {
                md += "| \(name) | \(readable(spread.median)) (\(readable(spread.min))–\(readable(spread.max))) |\n"
            }
            md += "\n"
        }
        return md
    }
}

extension BeyondRuns {
    /// Category means fitted on the training rows only, beside the report's leaky means.
    func leakFree(_ lf: PipelineSpec.Beyond.LeakFree) throws -> BeyondResults.LeakFree {
        let (leakFree, leaky, tables, raw) = (
            try spread(lf.leakFree), try spread(lf.leakyExact), try spread(lf.report), try spread(lf.raw)
        )
        let share = (leakFree.median - leaky.median) / (raw.median - leaky.median)
        let finding =
            "Fitting the category means on the training rows only gives \(n(leakFree.median)) against \(n(leaky.median)) with the same means computed from all rows (the report's leak) and \(n(tables.median)) with the report's rounded tables; raw codes give \(n(raw.median)). The leak was worth \(String(format: "%.1f%%", 100 * share)) of encoding's advantage: "
            + (abs(share) < 0.05
                ? "encoding's gain is real, not an artefact of the leak."
                : "a noticeable part of the gain came from the validation rows' own targets.")
        return BeyondResults.LeakFree(
            validationMSE: leakFree, leakyExactMeans: leaky, reportTables: tables, rawCodes: raw,
            leakShareOfAdvantage: share, finding: finding)
    }
}
