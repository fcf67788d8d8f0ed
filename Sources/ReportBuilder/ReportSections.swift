import Artifacts
import BikeModel
import Statistics

/// The report's sections, each from the results (and the declarations) alone.
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
        return """
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
    }

    /// The headline: the published number, ours, their verdict, and the joint analysis of the text's reading.
    static func headline(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        let stated = pipeline.published.headline.stated_range
        let gate = pipeline.tables.headlineMargin.map { "±" + MarginMarkdown.percent($0) } ?? "its tolerance"
        var md = ""
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
        return md
    }

    /// The printed loss log against the runs it came from, and the headline run's curve.
    static func lossCurve(_ results: ReportResults) -> String {
        var md = ""
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
        return md
    }

    /// Table `number`: its rows as run, published and reproduced, its margins, its readings,
    /// the report's conclusion and its figure.
    static func tableSection(_ table: ReportResults.Table, number: Int, name: String, results: ReportResults) -> String
    {
        var md = ""
        md += "## Table \(number): \(table.title)\n\n"
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
        md += "![Table \(number): validation MSE per epoch](\(table.figure))\n\n"
        if let note = coincidenceNote(table.rows) { md += note + "\n\n" }
        return md
    }

    /// The report's conclusions, each with its probability over combinations of seeds.
    static func conclusions(_ results: ReportResults) -> String {
        var md = ""
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
        return md
    }

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
