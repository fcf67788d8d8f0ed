import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// "Beyond the report": the heading of the sections that answer what the report left open,
/// each a section of its own that measures, checks and words its part.
struct BeyondSection: ReportSection {
    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String { "\n## Beyond the report\n\n" }
}

/// The runs beyond.json names, each looked up with an error that names that file.
struct BeyondRuns {
    typealias Sweep = BeyondResults.Sweep
    typealias SweepPoint = BeyondResults.SweepPoint
    typealias Baseline = BeyondResults.Baseline
    typealias Holdout = BeyondResults.Holdout
    let pipeline: PipelineSpec
    let runs: [String: ExperimentRuns]

    func experiment(_ name: String) throws -> ExperimentRuns {
        guard let found = runs[name] else {
            throw InputError(file: pipeline.folder + "/beyond.json", "no runs of experiment '\(name)'")
        }
        return found
    }

    /// Its validation MSE over the seeds, with their values.
    func spread(_ name: String) throws -> Spread {
        guard let spread = try experiment(name).spreadWithValues(Measure.validationMSE.key) else {
            throw InputError(file: pipeline.folder + "/beyond.json", "experiment '\(name)' has no validation MSE")
        }
        return spread
    }

    func n(_ value: Double) -> String { readable(value) }
}

extension ResultsContext {
    var beyondRuns: BeyondRuns { BeyondRuns(pipeline: pipeline, runs: experiments) }
}

extension Checks {
    /// A section beyond.json declares: one passed item, or one item per way it fails. Present
    /// and finite is all it asks; a baseline that beats the network, or a learning rate better
    /// than the report's, is a finding, not a failure.
    static func beyondItems<Part>(
        _ section: String, declared: Bool, _ part: Part?, failures: (Part) -> [String]
    ) -> [CheckItem] {
        guard declared else { return [] }
        let name = "\(section) declared in beyond.json: present and plausible"
        let failed = part.map(failures) ?? ["results.json has no \(section) section"]
        guard !failed.isEmpty else { return [CheckItem(suite: "beyond the report", name: name)] }
        return failed.map { CheckItem(suite: "beyond the report", name: name, failure: $0) }
    }
}
