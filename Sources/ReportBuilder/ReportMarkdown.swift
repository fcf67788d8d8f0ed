import Artifacts
import BikeModel
import Foundation
import Pipeline
import Statistics

/// figures/report.md: the results for a reader, every number beside its published twin, every
/// setting as the runs used it.
public enum ReportMarkdown {
    /// Every section's text, in the report's order (`ReportSections.all`).
    public static func text(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        text(results, pipeline: pipeline, sections: ReportSections.all(pipeline))
    }

    static func text(_ results: ReportResults, pipeline: PipelineSpec, sections: [any ReportSection]) -> String {
        sections.map { $0.markdown(results, pipeline: pipeline) }.joined()
    }

    /// The sweep points that read their configuration's own runs (at 1 × its rate), in words.
    static func sweepReuse(_ pipeline: PipelineSpec) -> String {
        let reused = pipeline.sweeps.flatMap(\.points).filter { pipeline.reused[$0.experiment] != nil }.count
        return reused == 0
            ? ""
            : "; \(reused) point\(reused == 1 ? "" : "s") read the runs of the configuration \(reused == 1 ? "it sweeps" : "they sweep")"
    }

    /// The caption's word on curves that coincide by construction: rows that ran the same
    /// settings but for early stopping are the same runs until it stops the first.
    static func coincidenceNote(_ rows: [ReportResults.Row]) -> String? {
        for (i, a) in rows.enumerated() {
            for b in rows.dropFirst(i + 1) where a.settings.earlyStopping != b.settings.earlyStopping {
                var same = a.settings
                same.earlyStopping = b.settings.earlyStopping
                guard same == b.settings else { continue }
                let stopped = a.settings.earlyStopping ? a : b, full = a.settings.earlyStopping ? b : a
                return
                    "The curves \"\(stopped.label)\" and \"\(full.label)\" are the same runs, seed for seed, until early stopping ends the first: they coincide by construction, and the markers on each tell them apart."
            }
        }
        return nil
    }

    /// The seeds declared, in words.
    static func seedWords(_ pipeline: PipelineSpec) -> String {
        let tableSeeds = Set(
            pipeline.experiments.filter { !pipeline.isSweep($0.name) && !pipeline.isStudyPoint($0.name) }.map(
                \.spec.seeds.text)
        ).sorted()
        var words = "seeds \(tableSeeds.joined(separator: " or ")) per experiment"
        if let sweeps = pipeline.beyond.learningRateSweeps {
            words += ", \(sweeps.seeds) per learning-rate sweep point"
        }
        for seeds in Set(pipeline.studies.map(\.spec.seeds.text)).sorted() {
            words +=
                ", \(seeds) per point of \(pipeline.studies.filter { $0.spec.seeds.text == seeds }.map { "`\($0.name)`" }.joined(separator: " and "))"
        }
        return words
    }

    static func interval(_ bounds: [Double]) -> String { "\(readable(bounds[0]))–\(readable(bounds[1]))" }

    /// The verdict cell: ✓/✗/? for a gated cell, and whether the published number could be one run.
    static func verdictWords(_ spread: Spread?) -> String {
        guard let spread else { return "—" }
        var words: [String] = []
        switch spread.verdict {
        case .reproduced?: words.append("✓ reproduced")
        case .notReproduced?: words.append("✗ not reproduced")
        case .inconclusive?: words.append("? inconclusive")
        case nil: break
        }
        if let one = spread.consistentWithOneRun { words.append("one run: \(one ? "yes" : "no")") }
        return words.isEmpty ? "—" : words.joined(separator: "; ")
    }

    /// Where the published headline falls in our distribution, plainly.
    static func headlinePlace(_ headline: Spread, published: Double, gate: String, why: String?) -> String {
        guard let pi = headline.predictionInterval, let n = headline.seeds,
            let equivalence = headline.equivalenceInterval
        else { return "" }
        let above = published > headline.max, below = published < headline.min
        var text =
            "The published \(readable(published)) lies \(above ? "above all \(n) of our seeds" : below ? "below all \(n) of our seeds" : "among our seeds")"
        let outside = published < pi[0] || published > pi[1]
        text += ", and \(outside ? "outside" : "inside") the 95% interval for one run of ours (\(interval(pi)))"
        text +=
            outside
            ? ": as a single run of this method as we run it, it is unlikely"
            : ": it could be one of our runs"
        if let p = headline.oneRunPValue { text += " (one-run t-test p = \(ReadingProse.p(p)))" }
        let reason =
            why.map { " — " + $0.prefix(1).lowercased() + $0.dropFirst().trimmingCharacters(in: ["."]) + " —" } ?? ""
        let verdict: String
        switch headline.verdict {
        case .reproduced?: verdict = "wholly inside: **reproduced**"
        case .notReproduced?: verdict = "wholly outside: **not reproduced**"
        default: verdict = "across an edge: **inconclusive**"
        }
        text +=
            ". Within the declared margin of \(gate)\(reason) the interval for one run against ours, \(interval(equivalence)), lies \(verdict)."
        return text
    }

    /// "probability 1.00, 95% bounds 0.74–1.00 over 10 effective runs".
    static func probabilityWords(_ probability: Double?, _ bounds: [Double]?, _ runs: Double?) -> String {
        var text = "probability \(probability.map { String(format: "%.2f", $0) } ?? "—")"
        if let bounds, bounds.count == 2 {
            text += ", 95% bounds \(String(format: "%.2f", bounds[0]))–\(String(format: "%.2f", bounds[1]))"
        }
        if let runs {
            text += " over \(runs == runs.rounded() ? "\(Int(runs))" : String(format: "%.1f", runs)) effective runs"
        }
        return text
    }

    /// A sentence naming each setting a run departs from its published configuration in.
    static func departures(_ list: [Departure]) -> String {
        guard !list.isEmpty else { return "" }
        return "Departs from the published settings: "
            + list.map { "\($0.setting) \($0.run) (published \($0.published))" }.joined(separator: "; ")
            + ". It does not reproduce the published cells, and `make check` fails on it.\n"
    }

    static func columnName(_ column: String) -> String {
        ["t": "t (%)", "eta": "learning rate", "early_stopping": "early stopping"][column]
            ?? Measure.words(forKey: column)
    }
}
