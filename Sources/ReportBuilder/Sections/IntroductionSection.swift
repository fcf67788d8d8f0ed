import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// The title, and how to read every table: seeds, the verdicts' test and its levels, margins.
struct IntroductionSection: ReportSection {
    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        ReportMarkdown.introduction(results, pipeline: pipeline)
    }
}

extension ReportMarkdown {
    /// The title, and how to read every table: seeds, the verdicts' test and its levels, margins.
    static func introduction(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        // The levels of the sequential designs, each once: "1.7%" (Pocock, five looks).
        let levels = Set(
            pipeline.designs.values.filter { $0.looks > 1 }.map {
                "at \(MarginMarkdown.percent($0.alpha)), Pocock's boundary for \($0.looks) looks"
            }
        ).sorted()
        // Experiments that grew past their declared seeds, each once, in table order (not a
        // dictionary's, which would reorder the sentence from run to run).
        var grown: [(name: String, seeds: Int)] = []
        for row in results.tableOrder.compactMap({ results.tables[$0] }).flatMap(\.rows)
        where row.seeds.count > pipeline.seeds(of: row.experiment).count
            && !grown.contains(where: { $0.name == row.experiment })
        {
            grown.append((row.experiment, row.seeds.count))
        }
        let extra = grown.map { "`\($0.name)` \($0.seeds)" }
        return "# The lab report, reproduced\n\n" + findings(results) + """
            Made by `make report` from `\(results.provenance.data.path)`; do not edit by hand. Every published
            number is one run; every reproduced one is a distribution over seeds: \(seedWords(pipeline))\(extra.isEmpty ? "" : "; more where a cell needed them (\(extra.joined(separator: ", ")) seeds)").
            A table shows the median with the lowest and highest seed in brackets; "difference" is
            (median − published) / published. The verdict is an equivalence test of the published run against
            one run of ours (`pipeline/STATISTICS.md`): ✓ **reproduced** when the interval for their difference,
            mean ± t·sd·√(1 + 1/n) with each side at 5%\(levels.isEmpty ? "" : " (\(levels.joined(separator: "; ")), for the experiments whose seeds grow while a cell is undecided)"), lies inside the
            published value ± its table's margin, ✗ **not reproduced** when it lies outside, **?** inconclusive
            otherwise. Each table declares its margin and why (`pipeline/tables.json`), shown under it;
            `make check` holds each validation and training MSE cell to the verdict declared for it; epoch
            counts are reported, not gated. "One run" says whether the published number lies inside the 95%
            interval for one run of ours (yes) or not (no). The settings shown are those the runs recorded.


            """
    }
}
