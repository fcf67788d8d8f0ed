import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// "Beyond the report": the heading of the sections that answer what the report left open
/// (each a section of its own), and the check that every one beyond.json declares is present
/// and plausible.
struct BeyondSection: ReportSection {
    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        Checks.beyondItems(results, pipeline: pipeline)
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String { "\n## Beyond the report\n\n" }
}

extension Checks {
    /// The sections declared in beyond.json: present, and their numbers plausible.
    static func beyondItems(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        var items: [CheckItem] = []
        let beyondFailures = beyond(results, pipeline: pipeline)
        items.append(
            CheckItem(
                suite: "beyond the report", name: "sections declared in beyond.json present and plausible",
                failure: beyondFailures.first))
        for failure in beyondFailures.dropFirst() {
            items.append(
                CheckItem(
                    suite: "beyond the report", name: "sections declared in beyond.json present and plausible",
                    failure: failure))
        }
        return items
    }

    /// Sanity bounds on the sections beyond the report that pipeline/beyond.json declares:
    /// present and finite. A baseline that beats the network, or a learning rate better than
    /// the report's, is a finding, not a failure.
    static func beyond(_ results: ReportResults, pipeline: PipelineSpec) -> [String] {
        var failures: [String] = []
        let declared = pipeline.beyond
        let headline = results.headline.reproduced[Measure.validationMSE.key]?.median ?? .nan
        if declared.learningRateSweeps != nil {
            if let sweeps = results.beyond.learningRateSweeps {
                if sweeps.count != pipeline.sweeps.count {
                    failures.append(
                        "learning_rate_sweeps: \(sweeps.count) configurations, expected \(pipeline.sweeps.count)")
                }
                for sweep in sweeps
                where sweep.points.first(where: { $0.factor == 1 })?.validationMSE?.median.isFinite != true
                    && pipeline.beyond.learningRateSweeps?.factors.contains(1) == true
                {
                    failures.append(
                        "learning_rate_sweeps '\(sweep.configuration)': no finite validation MSE at the report's own learning rate"
                    )
                }
            } else {
                failures.append("results.json has no learning_rate_sweeps section")
            }
        }
        if declared.baselines != nil {
            if let baselines = results.beyond.baselines {
                let names = Set(baselines.map(\.name))
                for name in BaselineName.allCases.map(\.rawValue) where !names.contains(name) {
                    failures.append("baselines: '\(name)' is missing")
                }
                for b in baselines where !(b.validationMSE.isFinite && b.validationMSE > 0) {
                    failures.append("baselines '\(b.name)': validation MSE \(b.validationMSE) is not a positive number")
                }
            } else {
                failures.append("results.json has no baselines section")
            }
        }
        if declared.leakFreeEncoding != nil {
            if let leak = results.beyond.leakFreeEncoding {
                // A headline that is missing, negative or not a number bounds nothing: it fails.
                if !(headline.isFinite && headline > 0)
                    || !(0.5 * headline...3 * headline).contains(leak.validationMSE.median)
                {
                    failures.append(
                        "leak_free_encoding: median \(readable(leak.validationMSE.median)) is not within half to three times the headline \(readable(headline))"
                    )
                }
            } else {
                failures.append("results.json has no leak_free_encoding section")
            }
        }
        if declared.contiguousSplit != nil {
            if let contiguous = results.beyond.contiguousSplit {
                if !(contiguous.validationMSE.median.isFinite && contiguous.validationMSE.median > 0) {
                    failures.append("contiguous_split: median is not a positive number")
                }
            } else {
                failures.append("results.json has no contiguous_split section")
            }
        }
        if declared.holdout != nil {
            if let holdout = results.beyond.holdout2012 {
                if holdout.rows <= 0 || !holdout.mse.median.isFinite || holdout.r2.max > 1 || holdout.seeds.isEmpty {
                    failures.append(
                        "holdout_2012: implausible metrics (rows \(holdout.rows), median MSE \(holdout.mse.median), highest R² \(holdout.r2.max), \(holdout.seeds.count) seeds)"
                    )
                }
            } else {
                failures.append("results.json has no holdout_2012 section")
            }
        }
        return failures
    }
}
