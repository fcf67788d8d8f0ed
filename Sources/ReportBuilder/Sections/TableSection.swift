import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// One of the report's tables: its rows as run, published and reproduced, judged at its
/// margin, and its figure of the rows' validation curves.
struct TableSection: ReportSection {
    /// From 1, as the report numbers its tables.
    let number: Int
    let name: String

    func table(_ pipeline: PipelineSpec) -> PipelineSpec.TableSpec { pipeline.tables.tables[number - 1] }

    func addRules(to plan: inout PlanBuilder) { plan.addTableFigure(number: number, table: table(plan.pipeline)) }

    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        results.figures[table(context.pipeline).figure.file] =
            "Table \(number): validation MSE per epoch of each configuration, median over seeds with a min–max band."
    }

    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        Checks.cells(results, pipeline: pipeline, number: number, table: table(pipeline))
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        results.tables[name].map {
            ReportMarkdown.tableSection($0, number: number, name: name, results: results, cap: pipeline.tables.maxSeeds)
        } ?? ""
    }
}

extension PlanBuilder {
    /// Table `number`'s comparison figure, labelled with the settings its rows differ in.
    mutating func addTableFigure(number: Int, table: PipelineSpec.TableSpec) {
        var seen = Set<String>()
        let rows = table.rows.map(\.experiment).filter { seen.insert($0).inserted }
        let specs = rows.compactMap(pipeline.experiment)
        let description = SettingsText.describe(specs, brief: true)
        let figure = PlanPath(.figures, table.figure.file)
        var arguments: [PlanArgument] = ["compare"]
        for (row, spec) in zip(rows, specs) {
            arguments += ["--curve", .labelled(description.label(spec), paths.run(row).history)]
        }
        arguments += ["--title", .literal("Table \(number) reproduced: \(description.common)")]
        if table.figure.logY { arguments.append("--log-y") }
        add(
            PlanRule(
                id: "figure-\(table.figure.file)", targets: [figure],
                inputs: rows.flatMap { [paths.run($0).history, paths.run($0).history.sidecar] },
                tool: .plot, arguments: arguments + ["-o", .path(figure)]))
        goals.append(figure)
    }
}

extension ReportMarkdown {
    /// Table `number`: its rows as run, published and reproduced, its margins, its readings,
    /// the report's conclusion and its figure.
    static func tableSection(
        _ table: ReportResults.Table, number: Int, name: String, results: ReportResults, cap: Int? = nil
    ) -> String {
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
            for cell in measured.map(row.cell) {
                // A row that ran other settings reproduces nothing, whatever its numbers.
                let verdict =
                    row.departures.isEmpty || !cell.isGated ? verdictWords(cell.reproduced) : "✗ other settings"
                cells += [
                    cell.published?.number.map(readable) ?? "—",
                    cell.reproduced.map { "\(readable($0.median)) (\(readable($0.min))–\(readable($0.max)))" }
                        ?? "—",
                    cell.difference.map { String(format: "%+.1f%%", 100 * $0) } ?? "—", verdict
                ]
            }
            md += "| " + cells.joined(separator: " | ") + " |\n"
        }
        for row in table.rows where !row.departures.isEmpty {
            md += "\n⚠ \(row.label): " + departures(row.departures).trimmingCharacters(in: .newlines)
        }
        if let margins = MarginMarkdown.table(table, cap: cap) { md += "\n" + margins + "\n" }
        if name == "early_stopping" {
            md +=
                "\nBoth epochs of each row (the report does not say which its row without early stopping shows):\n\n"
            md +=
                "| row | best epoch | validation MSE at best | training MSE at best | last epoch | validation MSE at last | training MSE at last |\n|---|---|---|---|---|---|---|\n"
            for row in table.rows {
                let values = [
                    Measure.bestEpoch, .validationMSEAtBestEpoch, .trainingMSEAtBestEpoch, .epochsRun,
                    .validationMSEAtLastEpoch, .trainingMSEAtLastEpoch
                ]
                .map { row.reproduced[$0.key].map { readable($0.median) } ?? "—" }
                md += "| \(row.label) | " + values.joined(separator: " | ") + " |\n"
            }
        }
        md += "\n" + ReadingMarkdown.table(table, order: results.whichReading?.order ?? [])
        md += "The report concludes: \(table.publishedConclusion).\n\n"
        md += "![Table \(number): validation MSE per epoch](\(table.figure))\n\n"
        if let note = coincidenceNote(table.rows) { md += note + "\n\n" }
        return md
    }
}

extension Checks {
    /// A table's rows: a row's settings and seeds, then each gated cell's verdict.
    static func cells(
        _ results: ReportResults, pipeline: PipelineSpec, number: Int, table: PipelineSpec.TableSpec
    ) -> [CheckItem] {
        var items: [CheckItem] = []
        guard let reproduced = results.tables[table.name], reproduced.rows.count == table.rows.count else {
            items.append(
                CheckItem(
                    suite: "cells", name: "table \(number) '\(table.name)'",
                    failure: "table \(number) '\(table.name)' is missing or has the wrong number of rows"))
            return items
        }
        for (index, row) in reproduced.rows.enumerated() {
            let place = "table \(number) '\(table.name)', row \(index + 1) (\(row.label))"
            var problems: [String] = []
            if !row.divergedSeeds.isEmpty {
                problems.append(
                    "\(place): seeds \(row.divergedSeeds.map(String.init).joined(separator: ", ")) diverged")
            }
            // A run with other settings does not reproduce the published cell, whatever its numbers.
            for departure in row.departures {
                problems.append(
                    "\(place): ran with \(departure.setting) \(departure.run) where the report used \(departure.published), so it does not reproduce the published row"
                )
            }
            // The row's own check: it ran the published configuration, and no seed diverged.
            items.append(
                CheckItem(
                    suite: "cells", name: "\(place): settings and seeds",
                    failure: problems.isEmpty ? nil : problems.joined(separator: "; "),
                    row: place, isRowCheck: true))
            for (column, cell) in row.published.sorted(by: { $0.key < $1.key }) {
                guard let gate = pipeline.tables.margin(column, table: table.name), let published = cell.number
                else { continue }
                let name = "\(place), \(column)"
                items.append(
                    CheckItem(
                        suite: "cells", name: name,
                        failure: cellFailure(
                            name, row.reproduced[column], published: published, tolerance: gate,
                            design: pipeline.design(of: row.experiment),
                            expected: table.rows[index].expected?[column] ?? .reproduced),
                        row: place))
            }
        }
        return items
    }
}
