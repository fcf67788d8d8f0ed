import Artifacts
import BikeModel
import Foundation

/// figures/report.md: the results for a reader, every number beside its published twin, every
/// setting as the runs used it.
public enum ReportMarkdown {
    public static func text(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        let stated = pipeline.published.headline.stated_range
        let gate = (pipeline.tables.tolerances["val_mse"] ?? nil).map { "±\(String(format: "%g", 100 * $0))%" } ?? "their tolerances"
        var md = """
        # The lab report, reproduced

        Made by `make report` from `\(results.provenance.data.path)`; do not edit by hand. Each reproduced
        number is the median over the seeds of its experiment (\(results.provenance.seeds)), with the lowest and highest seed
        in brackets; "difference" is (median − published) / published. Validation and training MSE
        are gated at \(gate) by `make check`; epoch counts are reported, not gated
        (the report's come from one run each). The settings shown are those the runs recorded.

        ## Headline


        """
        if let headline = results.headline.reproduced["val_mse"], stated.count == 2 {
            let inside = (min(stated[0], stated[1])...max(stated[0], stated[1])).contains(headline.median)
            md += """
            The report's headline validation MSE is **\(readable(pipeline.published.headline.val_mse))**, "stable within \(readable(stated[0]))–\(readable(stated[1]))".
            Reproduced: **\(readable(headline.median))** (\(readable(headline.min))–\(readable(headline.max))), \(String(format: "%+.1f%%", 100 * results.headline.relativeDifference)) —
            \(inside ? "inside" : "outside") the stated range\(results.headline.settings.map { ", with \(SettingsText.describe([$0]).common)" } ?? "").

            """
            md += departures(results.headline.departures ?? [])
        }
        md += "\n![Loss curve of one headline run](loss-curve.png)\n\n\n"
        for (number, name) in results.tableOrder.enumerated() {
            guard let table = results.tables[name] else { continue }
            md += "## Table \(number + 1): \(table.title)\n\n"
            let common = SettingsText.describe(table.rows.map(\.settings)).common
            md += "The published title above states the report's settings; the runs used \(common).\n\n"
            let labels = table.columns.filter { column in table.rows.allSatisfy { $0.reproduced[column] == nil } }
            let measured = table.columns.filter { !labels.contains($0) }
            var header = ["configuration as run"] + labels.map { "\(columnName($0)) (published)" }
            for column in measured { header += ["\(columnName(column)): published", "reproduced", "difference"] }
            md += "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
            for row in table.rows {
                var cells = [row.label + (row.departures.isEmpty ? "" : " ⚠")] + labels.map { row.published[$0]?.description ?? "—" }
                for column in measured {
                    let spread = row.reproduced[column]
                    let published = row.published[column]?.number
                    let difference = row.relativeDifference[column].map { String(format: "%+.1f%%", 100 * $0) } ?? "—"
                    let mark = row.tolerance[column].map { abs(row.relativeDifference[column] ?? .infinity) <= $0 && row.departures.isEmpty ? " ✓" : " ✗" } ?? ""
                    cells += [published.map(readable) ?? "—", spread.map { "\(readable($0.median)) (\(readable($0.min))–\(readable($0.max)))" } ?? "—", difference + mark]
                }
                md += "| " + cells.joined(separator: " | ") + " |\n"
            }
            for row in table.rows where !row.departures.isEmpty {
                md += "\n⚠ \(row.label): " + departures(row.departures).trimmingCharacters(in: .newlines)
            }
            if name == "early_stopping" {
                md += "\nBoth epochs of each row (the report does not say which its row without early stopping shows):\n\n"
                md += "| row | best epoch | validation MSE at best | training MSE at best | last epoch | validation MSE at last | training MSE at last |\n|---|---|---|---|---|---|---|\n"
                for row in table.rows {
                    let values = ["best_epoch", "val_mse_best_epoch", "train_mse_best_epoch", "epochs_run", "val_mse_last_epoch", "train_mse_last_epoch"]
                        .map { row.reproduced[$0].map { readable($0.median) } ?? "—" }
                    md += "| \(row.label) | " + values.joined(separator: " | ") + " |\n"
                }
            }
            md += "\nThe report concludes: \(table.publishedConclusion).\n\n"
            md += "![Table \(number + 1): validation MSE per epoch](\(table.figure))\n\n"
        }
        md += "## The report's conclusions, tested\n\n"
        for conclusion in results.conclusions {
            md += "- \(conclusion.holds ? "**Holds**" : "**Does not hold**"): \(conclusion.claim) — \(conclusion.evidence)\n"
        }
        md += """

        ## The headline model up close

        ![Predicted against actual demand](predicted-vs-actual.png)

        ![Mean demand by hour of day](hourly.png)

        """
        md += beyond(results)
        md += """

        ## Provenance

        - Data: `\(results.provenance.data.path)`, SHA-256 `\(results.provenance.data.sha256)`.
        - Package version \(results.provenance.packageVersion); seeds \(results.provenance.seeds); published numbers from `\(results.provenance.published)`.
        - Built from Swift sources with SHA-256 `\(results.provenance.sourcesDigest ?? "not recorded")` (\(results.provenance.toolchain ?? "toolchain not recorded")) and declarations with SHA-256 `\(results.provenance.pipelineDigest ?? "not recorded")`: digests of content, so committing the results does not change them.
        - Experiments (`pipeline/experiments/`):

        """
        for (name, spec) in pipeline.experiments where !pipeline.isSweep(name) {
            md += "  - `\(name)`: \(spec.description). `train \(spec.trainArguments.joined(separator: " "))` on `\(spec.data.variant)`.\n"
        }
        if let sweeps = pipeline.beyond.learningRateSweeps {
            md += "  - Learning-rate sweeps (`pipeline/beyond.json`): each experiment of the \(sweeps.tables.joined(separator: " and ")) tables at \(sweeps.factors.map(formatNumber).joined(separator: ", ")) × its learning rate, seeds \(sweeps.seeds) (\(pipeline.experiments.filter { pipeline.isSweep($0.name) }.count) experiments, `build/runs/sweep-*`).\n"
        }
        return md
    }

    /// A sentence naming each setting a run departs from its published configuration in.
    static func departures(_ list: [Departure]) -> String {
        guard !list.isEmpty else { return "" }
        return "Departs from the published settings: " + list.map { "\($0.setting) \($0.run) (published \($0.published))" }.joined(separator: "; ")
            + ". It does not reproduce the published cells, and `make check` fails on it.\n"
    }

    /// The sections that answer what the report left open, each opening with its finding.
    static func beyond(_ results: ReportResults) -> String {
        var md = "\n## Beyond the report\n\n"
        if let sweeps = results.learning_rate_sweeps {
            md += "### Were the learning rates tuned?\n\n\(results.learning_rate_sweeps_finding ?? "") Each configuration of Tables 1 and 2 was rerun over a log grid of learning rates around the report's choice:\n\n"
            for sweep in sweeps { md += "- \(sweep.finding)\n" }
            md += "\n| configuration | " + (sweeps.first?.points.map { "×\(formatNumber($0.factor))" } ?? []).joined(separator: " | ") + " |\n|---|"
            md += String(repeating: "---|", count: sweeps.first?.points.count ?? 0) + "\n"
            for sweep in sweeps {
                md += "| \(sweep.configuration) | " + sweep.points.map { point in
                    let value = point.val_mse.map { readable($0.median) } ?? "diverged"
                    let mark = point.factor == 1 ? "**\(value)**" : value
                    return point.diverged_seeds.isEmpty || point.val_mse == nil ? mark : "\(mark) (\(point.diverged_seeds.count) diverged)"
                }.joined(separator: " | ") + " |\n"
            }
            md += "\nMedian validation MSE at each multiple of the report's learning rate (bold: the report's choice).\n\n"
            for table in Set(sweeps.map(\.table)).sorted() { md += "![Learning-rate sweep: \(table)](sweep-\(table).png)\n\n" }
        }
        if let baselines = results.baselines, let finding = results.baselines_finding {
            md += "### Does the network earn its keep?\n\n\(finding)\n\n| predictor | validation MSE | what it is |\n|---|---|---|\n"
            for b in baselines { md += "| \(b.name) | \(readable(b.val_mse))\(b.val_mse_range.map { " (\(readable($0.min))–\(readable($0.max)))" } ?? "") | \(b.description) |\n" }
            md += "\n"
        }
        if let leak = results.leak_free_encoding {
            md += "### Did the encoding leak the answer?\n\n\(leak.finding)\n\n| encoding | validation MSE |\n|---|---|\n"
            for (name, spread) in [("means fitted on the training rows only (leak-free)", leak.val_mse), ("means from all rows, exact (leaky)", leak.leaky_exact_means),
                                   ("the report's integer tables (leaky, rounded)", leak.report_tables), ("raw codes", leak.raw_codes)] {
                md += "| \(name) | \(readable(spread.median)) (\(readable(spread.min))–\(readable(spread.max))) |\n"
            }
            md += "\n"
        }
        if let contiguous = results.contiguous_split {
            md += "### The split the report warned against\n\n\(contiguous.finding)\n\n"
        }
        if let holdout = results.holdout_2012 {
            md += "### The year after: 2012\n\n\(holdout.finding)\n\n"
            md += "| rows | MSE | RMSE | MAE | R² | mean demand 2011 | mean demand 2012 | mean predicted 2012 |\n|---|---|---|---|---|---|---|---|\n"
            md += "| \(holdout.rows) | \(readable(holdout.mse)) | \(readable(holdout.rmse)) | \(readable(holdout.mae)) | \(String(format: "%.3f", holdout.r2)) | \(readable(holdout.mean_2011)) | \(readable(holdout.mean_2012)) | \(readable(holdout.mean_predicted_2012)) |\n\n"
            md += "![The headline model on 2012, by month](holdout-2012.png)\n"
        }
        return md
    }

    static func columnName(_ column: String) -> String {
        ["val_mse": "validation MSE", "train_mse": "training MSE", "epochs_run": "epochs run", "best_epoch": "best epoch",
         "t": "t (%)", "eta": "learning rate", "early_stopping": "early stopping"][column] ?? column
    }
}
