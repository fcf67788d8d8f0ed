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
        results.beyond.leakFreeEncoding = context.beyond.leakFreeEncoding
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
