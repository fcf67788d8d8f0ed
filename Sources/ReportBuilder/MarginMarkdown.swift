import Artifacts
import BikeModel
import Foundation
import Pipeline
import Statistics

/// The paragraph under a table on its margins: how tight a margin each gated cell would still
/// pass, and which cells other configurations' runs would pass too (STATISTICS.md).
package enum MarginMarkdown {
    static func table(_ table: ReportResults.Table, cap: Int? = nil) -> String? {
        var margins: [String] = [], shared: [String] = [], declared = Set<Double>()
        var gated = 0, apart = 0
        for row in table.rows {
            let cells = table.columns.map(row.cell).filter(\.isGated)
            for cell in cells {
                guard let smallest = cell.reproduced?.smallestMargin, let margin = cell.margin else { continue }
                gated += 1
                declared.insert(margin)
                let name = cells.count > 1 ? "\(row.label), \(ReportMarkdown.columnName(cell.column))" : row.label
                margins.append("\(name) \(percent(smallest))")
                let others = cell.alsoReproducedBy ?? []
                if !others.isEmpty { shared.append("\(name): \(others.map { "`\($0)`" }.joined(separator: ", "))") }
                if others.isEmpty && cell.verdict == .reproduced { apart += 1 }
            }
        }
        guard gated > 0 else { return nil }
        let margin = declared.sorted().map { "±" + percent($0) }.joined(separator: " or ")
        var text = table.marginRationale.map { "Margin: \(margin), declared in `pipeline/tables.json`: \($0) " } ?? ""
        text += "The smallest margin at which each gated cell would be reproduced: \(margins.joined(separator: "; "))."
        text +=
            " At the declared \(margin), \(apart) of \(gated) gated cells tell their configuration apart (reproduced by its own runs and by no other experiment's of the tables and the headline)"
        text +=
            shared.isEmpty
            ? "; no other experiment's runs would reproduce any of them."
            : "; other experiments' runs would reproduce \(shared.joined(separator: "; "))."
        return text + openCells(table, cap: cap)
    }

    /// What keeps the table's inconclusive gated cells open: said once for the table when one
    /// cause holds for all of them, cell by cell otherwise.
    static func openCells(_ table: ReportResults.Table, cap: Int?) -> String {
        var open: [(name: String, cause: OpenCause?, seeds: Int?)] = []
        for row in table.rows {
            let cells = table.columns.map(row.cell).filter(\.isGated)
            for cell in cells where cell.verdict == .inconclusive {
                let name = cells.count > 1 ? "\(row.label), \(ReportMarkdown.columnName(cell.column))" : row.label
                open.append((name, cell.reproduced?.cause, cell.reproduced?.seedsToDecide))
            }
        }
        guard let first = open.first else { return "" }
        func words(_ cause: OpenCause?, _ seeds: Int?) -> String {
            ReportMarkdown.openCauseWords(cause, seeds: seeds, cap: cap) ?? "undecided"
        }
        if open.allSatisfy({ $0.cause == first.cause && $0.seeds == first.seeds }) {
            let which =
                open.count == 1 ? "The one inconclusive cell (\(first.name))" : "All \(open.count) inconclusive cells"
            return " \(which): \(words(first.cause, first.seeds))."
        }
        return " Inconclusive: " + open.map { "\($0.name), \(words($0.cause, $0.seeds))" }.joined(separator: "; ") + "."
    }

    /// The headline's sentence: its smallest passing margin and who else would pass it.
    static func headline(smallest: Double, others: [String], reproduced: Bool) -> String {
        let names = others.map { "`\($0)`" }.joined(separator: ", ")
        return "It would be reproduced at a margin of \(percent(smallest)) or more; at the declared one "
            + (others.isEmpty
                ? "no other experiment's runs of the tables would be."
                : reproduced
                    ? "the runs of \(names) would be too: the headline does not tell its configuration apart from theirs."
                    : "the runs of \(names) would be.")
    }

    /// A share as a percentage, to two significant digits below 1%.
    package static func percent(_ share: Double) -> String {
        let value = 100 * share
        return (value < 1 ? String(format: "%.2f", value) : String(format: "%.1f", value)) + "%"
    }
}
