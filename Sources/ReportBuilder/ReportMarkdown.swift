import Artifacts
import BikeModel
import Foundation
import Statistics

/// figures/report.md: the results for a reader, every number beside its published twin, every
/// setting as the runs used it.
public enum ReportMarkdown {
    public static func text(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        let stated = pipeline.published.headline.stated_range
        let gate = pipeline.tables.headlineMargin.map { "±" + MarginMarkdown.percent($0) } ?? "its tolerance"
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
        var md = """
            # The lab report, reproduced

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

            ## Headline


            """
        if let headline = results.headline.reproduced["val_mse"], stated.count == 2 {
            let published = pipeline.published.headline.val_mse
            let inside = (min(stated[0], stated[1])...max(stated[0], stated[1])).contains(headline.median)
            let seeds = headline.seeds ?? 0
            md +=
                "The report's headline validation MSE is **\(readable(published))**, \"stable within \(readable(stated[0]))–\(readable(stated[1]))\". "
            md +=
                "Reproduced over \(seeds) seeds: median **\(readable(headline.median))** (\(readable(headline.min))–\(readable(headline.max))), \(String(format: "%+.1f%%", 100 * results.headline.relativeDifference)), \(inside ? "inside" : "outside") the stated range\(results.headline.settings.map { ", with \(SettingsText.describe([$0]).common)" } ?? "").\n\n"
            md += headlinePlace(headline, published: published, gate: gate, why: results.headline.marginRationale)
            if let smallest = headline.smallestMargin, let others = results.headline.alsoReproducedBy?["val_mse"] {
                md +=
                    " "
                    + MarginMarkdown.headline(
                        smallest: smallest, others: others, reproduced: headline.verdict == .reproduced)
            }
            md += "\n\n"
            if let readings = results.headline.readings, let order = results.which_reading?.order {
                md +=
                    "Under each reading (below, \"Which reading are the published numbers?\"): "
                    + order.compactMap { name in
                        readings[name]?["val_mse"].map { "`\(name)` \(ReadingMarkdown.cell($0))" }
                    }.joined(separator: "; ") + ".\n\n"
            }
            md += departures(results.headline.departures ?? [])
            if let text = pipeline.readings.first(where: \.isText), let reading = results.readings?[text.name] {
                let labels = Dictionary(
                    (results.which_reading?.numbers ?? []).map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
                let shared = (results.which_reading?.numbers ?? []).filter { $0.cells.count > 1 }.map(\.cells)
                md += ReadingProse.joint(reading, name: text.name, labels: labels, shared: shared) + "\n\n"
            }
        }
        if let curve = results.loss_curve {
            let against =
                curve.experiment.map {
                    "The report also printed a run's validation MSE every ten epochs, as its headline run's. Its granularity (\"The printed loss log\", below) says it came from another split: it is set here against the runs of `\($0)`."
                } ?? "The report also printed its headline run's validation MSE every ten epochs."
            md += "\n\(against) \(curve.finding)\n\n"
            md += "| epoch | published | reproduced | 95% interval for one run | verdict |\n|---|---|---|---|---|\n"
            for row in curve.rows {
                let r = row.reproduced
                md +=
                    "| \(row.epoch) | \(readable(row.published)) | \(r.map { "\(readable($0.median)) (\(readable($0.min))–\(readable($0.max)))" } ?? "—") | \(r?.predictionInterval.map(interval) ?? "—") | \(verdictWords(r)) |\n"
            }
        }
        md += "\n![Loss curve of the headline run](loss-curve.png)\n\n\n"
        for (number, name) in results.tableOrder.enumerated() {
            guard let table = results.tables[name] else { continue }
            md += "## Table \(number + 1): \(table.title)\n\n"
            let common = SettingsText.describe(table.rows.map(\.settings)).common
            md += "The published title above states the report's settings; the runs used \(common).\n\n"
            let labels = table.columns.filter { column in table.rows.allSatisfy { $0.reproduced[column] == nil } }
            let measured = table.columns.filter { !labels.contains($0) }
            var header = ["configuration as run"] + labels.map { "\(columnName($0)) (published)" }
            for column in measured {
                header += ["\(columnName(column)): published", "reproduced", "difference", "verdict"]
            }
            md +=
                "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
            for row in table.rows {
                var cells =
                    [row.label + (row.departures.isEmpty ? "" : " ⚠")]
                    + labels.map { row.published[$0]?.description ?? "—" }
                for column in measured {
                    let spread = row.reproduced[column]
                    let published = row.published[column]?.number
                    let difference = row.relativeDifference[column].map { String(format: "%+.1f%%", 100 * $0) } ?? "—"
                    // A row that ran other settings reproduces nothing, whatever its numbers.
                    let verdict =
                        row.departures.isEmpty || row.tolerance[column] == nil
                        ? verdictWords(spread) : "✗ other settings"
                    cells += [
                        published.map(readable) ?? "—",
                        spread.map { "\(readable($0.median)) (\(readable($0.min))–\(readable($0.max)))" } ?? "—",
                        difference, verdict
                    ]
                }
                md += "| " + cells.joined(separator: " | ") + " |\n"
            }
            for row in table.rows where !row.departures.isEmpty {
                md += "\n⚠ \(row.label): " + departures(row.departures).trimmingCharacters(in: .newlines)
            }
            if let margins = MarginMarkdown.table(table) { md += "\n" + margins + "\n" }
            if name == "early_stopping" {
                md +=
                    "\nBoth epochs of each row (the report does not say which its row without early stopping shows):\n\n"
                md +=
                    "| row | best epoch | validation MSE at best | training MSE at best | last epoch | validation MSE at last | training MSE at last |\n|---|---|---|---|---|---|---|\n"
                for row in table.rows {
                    let values = [
                        "best_epoch", "val_mse_best_epoch", "train_mse_best_epoch", "epochs_run", "val_mse_last_epoch",
                        "train_mse_last_epoch"
                    ]
                    .map { row.reproduced[$0].map { readable($0.median) } ?? "—" }
                    md += "| \(row.label) | " + values.joined(separator: " | ") + " |\n"
                }
            }
            md += "\n" + ReadingMarkdown.table(table, order: results.which_reading?.order ?? [])
            md += "The report concludes: \(table.publishedConclusion).\n\n"
            md += "![Table \(number + 1): validation MSE per epoch](\(table.figure))\n\n"
            if let note = coincidenceNote(table.rows) { md += note + "\n\n" }
        }
        md += "## The report's conclusions, tested\n\n"
        md +=
            "Each claim is judged on single runs, as the report's tables are: the probability is the share of all combinations of seeds, one run of each configuration, that bear the claim out; its one-sided 95% bounds are Clopper–Pearson's at the effective number of runs the seeds are worth. A claim holds when the lower bound is at least 0.95, does not hold when the upper bound is at most 0.05, and is inconclusive otherwise: even every one of n seeds agreeing bounds the probability only above 0.05^(1/n), so holding needs \(ClaimProbability.runsToHold) seeds of each configuration or more (`pipeline/STATISTICS.md`).\n\n"
        for conclusion in results.conclusions {
            let verdict = conclusion.verdict ?? (conclusion.holds ? .holds : .doesNotHold)
            md +=
                "- **\(verdict.rawValue.prefix(1).uppercased() + verdict.rawValue.dropFirst())** (\(probabilityWords(conclusion.probability, conclusion.probabilityBounds, conclusion.effectiveRuns))): \(conclusion.claim) — \(conclusion.evidence)"
            if let tuned = conclusion.atTunedRates {
                let rates = tuned.learningRates.sorted { $0.key < $1.key }.map { "\($0.key) \(formatNumber($0.value))" }
                    .joined(separator: ", ")
                md +=
                    " At each configuration's tuned learning rate (\(rates)): **\(tuned.verdict.rawValue)** (\(probabilityWords(tuned.probability, tuned.probabilityBounds, nil))); \(tuned.evidence)"
                if tuned.verdict != verdict { md += " *The verdict depends on the report's choice of learning rates.*" }
            }
            md += "\n"
        }
        md += "\n" + ReadingMarkdown.sections(results)
        md += "\n## The headline model up close\n\n"
        if let closeUp = results.close_up { md += closeUp.finding + "\n\n" }
        md += """
            ![Predicted against actual demand](predicted-vs-actual.png)

            ![Mean demand by hour of day](hourly.png)

            """
        md += beyond(results)
        md += studies(results, pipeline: pipeline)
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
