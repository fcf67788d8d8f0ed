import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// Where every number came from: the data, the sources, the declarations, each experiment's command.
struct ProvenanceSection: ReportSection {
    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        ReportMarkdown.provenance(results, pipeline: pipeline)
    }
}

extension ReportMarkdown {
    /// Where every number came from: the data, the sources, the declarations, each experiment's command.
    static func provenance(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        var md = ""
        md += """

            ## Provenance

            - Data: `\(results.provenance.data.path)`, SHA-256 `\(results.provenance.data.sha256)`.
            - Package version \(results.provenance.packageVersion); \(seedWords(pipeline)); published numbers from `\(results.provenance.published)`.
            - Built from Swift sources with SHA-256 `\(results.provenance.sourcesDigest ?? "not recorded")` (\(results.provenance.toolchain ?? "toolchain not recorded")) and declarations with SHA-256 `\(results.provenance.pipelineDigest ?? "not recorded")`: digests of content, so committing the results does not change them.
            - Experiments (`pipeline/experiments/`):

            """
        for (name, spec) in pipeline.experiments where !pipeline.isSweep(name) && !pipeline.isStudyPoint(name) {
            md +=
                "  - `\(name)`: \(spec.description). `train \(spec.trainArguments.joined(separator: " "))` on `\(spec.data.variant)`.\n"
        }
        if let sweeps = pipeline.beyond.learningRateSweeps {
            md +=
                "  - Learning-rate sweeps (`pipeline/beyond.json`): each experiment of the \(sweeps.tables.joined(separator: " and ")) tables at \(sweeps.factors.map(formatNumber).joined(separator: ", ")) × its learning rate, seeds \(sweeps.seeds) (\(pipeline.experiments.filter { pipeline.isSweep($0.name) }.count) experiments, `build/runs/sweep-*`\(sweepReuse(pipeline))).\n"
        }
        for study in pipeline.studies {
            let own = study.points.filter { pipeline.reused[$0.experiment] == nil }.count
            md +=
                "  - Study `\(study.name)` (`pipeline/studies/\(study.name).json`): `\(study.spec.base)` with \(study.spec.grid.map { "\($0.setting) ∈ {\($0.values.map(ExperimentSetting.text).joined(separator: ", "))}" }.joined(separator: " × ")), seeds \(study.spec.seeds) (\(own) experiments, `build/runs/study-\(study.name)-*`\(own < study.points.count ? "; \(study.points.count - own) point\(study.points.count - own == 1 ? "" : "s") read the runs of an experiment with the same settings" : "")).\n"
        }
        return md
    }
}
