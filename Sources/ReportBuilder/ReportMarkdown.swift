import Artifacts
import BikeModel
import Foundation
import Statistics

/// figures/report.md: the results for a reader, every number beside its published twin, every
/// setting as the runs used it.
public enum ReportMarkdown {
    public static func text(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        var md = introduction(results, pipeline: pipeline)
        md += headline(results, pipeline: pipeline)
        md += lossCurve(results)
        for (number, name) in results.tableOrder.enumerated() {
            guard let table = results.tables[name] else { continue }
            md += tableSection(table, number: number + 1, name: name, results: results)
        }
        md += conclusions(results)
        md += "\n" + ReadingMarkdown.sections(results)
        md += "\n## The headline model up close\n\n"
        if let closeUp = results.close_up { md += closeUp.finding + "\n\n" }
        md += """
            ![Predicted against actual demand](predicted-vs-actual.png)

            ![Mean demand by hour of day](hourly.png)

            """
        md += beyond(results)
        md += studies(results, pipeline: pipeline)
        md += provenance(results, pipeline: pipeline)
        return md
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
                \.spec.seeds)
        ).sorted()
        var words = "seeds \(tableSeeds.joined(separator: " or ")) per experiment"
        if let sweeps = pipeline.beyond.learningRateSweeps {
            words += ", \(sweeps.seeds) per learning-rate sweep point"
        }
        for seeds in Set(pipeline.studies.map(\.spec.seeds)).sorted() {
            words +=
                ", \(seeds) per point of \(pipeline.studies.filter { $0.spec.seeds == seeds }.map { "`\($0.name)`" }.joined(separator: " and "))"
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

    /// The sections that answer what the report left open, each opening with its finding.
    static func beyond(_ results: ReportResults) -> String {
        var md = "\n## Beyond the report\n\n"
        if let sweeps = results.learning_rate_sweeps {
            md +=
                "### Were the learning rates tuned?\n\n\(results.learning_rate_sweeps_finding ?? "") Each configuration of Tables 1 and 2 was rerun over a log grid of learning rates around the report's choice:\n\n"
            for sweep in sweeps { md += "- \(sweep.finding)\n" }
            md +=
                "\n| configuration | "
                + (sweeps.first?.points.map { "×\(formatNumber($0.factor))" } ?? []).joined(separator: " | ")
                + " |\n|---|"
            md += String(repeating: "---|", count: sweeps.first?.points.count ?? 0) + "\n"
            for sweep in sweeps {
                md +=
                    "| \(sweep.configuration) | "
                    + sweep.points.map { point in
                        var value = point.val_mse.map { readable($0.median) } ?? "diverged"
                        if point.converged == false { value += " †" }
                        if point.learning_rate == sweep.best_learning_rate { value += " (best)" }
                        let mark = point.factor == 1 ? "**\(value)**" : value
                        return point.diverged_seeds.isEmpty || point.val_mse == nil
                            ? mark : "\(mark) (\(point.diverged_seeds.count) diverged)"
                    }.joined(separator: " | ") + " |\n"
            }
            md +=
                "\nMedian validation MSE at each multiple of the report's learning rate (bold: the report's choice; †: not converged, some seed hit the epoch limit or diverged; \"best\": its seeds all beat every other converged rate's). In the figures, hollow markers are the points that did not converge.\n\n"
            for table in Set(sweeps.map(\.table)).sorted(by: {
                (results.tableOrder.firstIndex(of: $0) ?? 0) < (results.tableOrder.firstIndex(of: $1) ?? 0)
            }) {
                let number = (results.tableOrder.firstIndex(of: table) ?? 0) + 1
                md +=
                    "![Learning-rate sweep of Table \(number): \(results.tables[table]?.title ?? table)](sweep-\(table).png)\n\n"
            }
        }
        if let baselines = results.baselines, let finding = results.baselines_finding {
            md +=
                "### Does the network earn its keep?\n\n\(finding)\n\n| predictor | validation MSE | what it is |\n|---|---|---|\n"
            for b in baselines {
                md +=
                    "| \(b.name) | \(readable(b.val_mse))\(b.val_mse_range.map { " (\(readable($0.min))–\(readable($0.max)))" } ?? "") | \(b.description) |\n"
            }
            md += "\n"
        }
        if let leak = results.leak_free_encoding {
            md +=
                "### Did the encoding leak the answer?\n\n\(leak.finding)\n\n| encoding | validation MSE |\n|---|---|\n"
            for (name, spread) in [
                ("means fitted on the training rows only (leak-free)", leak.val_mse),
                ("means from all rows, exact (leaky)", leak.leaky_exact_means),
                ("the report's integer tables (leaky, rounded)", leak.report_tables), ("raw codes", leak.raw_codes)
            ] {
                md += "| \(name) | \(readable(spread.median)) (\(readable(spread.min))–\(readable(spread.max))) |\n"
            }
            md += "\n"
        }
        if let contiguous = results.contiguous_split {
            md += "### The split the report warned against\n\n\(contiguous.finding)\n\n"
        }
        if let holdout = results.holdout_2012 {
            md += "### The year after: 2012\n\n\(holdout.finding)\n\n"
            func s(_ spread: Spread) -> String {
                "\(readable(spread.median)) (\(readable(spread.min))–\(readable(spread.max)))"
            }
            md +=
                "Median over the \(holdout.seeds.count) headline seeds, lowest and highest in brackets; \(holdout.rows) hours of 2012 (mean demand \(readable(holdout.mean_2012)); 2011: \(readable(holdout.mean_2011))).\n\n"
            md += "| inputs | MSE | RMSE | MAE | R² | mean predicted 2012 |\n|---|---|---|---|---|---|\n"
            md +=
                "| as trained | \(s(holdout.mse)) | \(s(holdout.rmse)) | \(s(holdout.mae)) | \(String(format: "%.3f", holdout.r2.median)) | \(s(holdout.mean_predicted_2012)) |\n"
            for (input, zeroed) in (holdout.zeroed_inputs ?? [:]).sorted(by: { $0.key < $1.key }) {
                md += "| \(input) set to 0 | \(s(zeroed.mse)) | — | — | — | \(s(zeroed.mean_predicted_2012)) |\n"
            }
            md += "\n![The headline model on 2012, by month](holdout-2012.png)\n"
        }
        md += "\n" + ReadingMarkdown.acceptance(results)
        return md
    }

    static func columnName(_ column: String) -> String {
        [
            "val_mse": "validation MSE", "train_mse": "training MSE", "epochs_run": "epochs run",
            "best_epoch": "best epoch",
            "t": "t (%)", "eta": "learning rate", "early_stopping": "early stopping"
        ][column] ?? column
    }
}
