/// The regression gate of `make check`: recomputes every gated cell from the published and the
/// reproduced numbers (trusting no verdict stored in the results) and names each failure.
public enum ResultsCheck {
    public static func failures(_ results: ReportResults, pipeline: PipelineSpec) -> [String] {
        var failures: [String] = []
        for (number, table) in pipeline.tables.tables.enumerated() {
            guard let reproduced = results.tables[table.name], reproduced.rows.count == table.rows.count else {
                failures.append("table \(number + 1) '\(table.name)' is missing or has the wrong number of rows")
                continue
            }
            for (index, row) in reproduced.rows.enumerated() {
                let place = "table \(number + 1) '\(table.name)', row \(index + 1) (\(row.label))"
                if !row.divergedSeeds.isEmpty { failures.append("\(place): seeds \(row.divergedSeeds.map(String.init).joined(separator: ", ")) diverged") }
                for (column, cell) in row.published.sorted(by: { $0.key < $1.key }) {
                    guard let gate = pipeline.tables.tolerances[column] ?? nil, let published = cell.number else { continue }
                    guard let median = row.reproduced[column]?.median, median.isFinite else {
                        failures.append("\(place), \(column): no reproduced value")
                        continue
                    }
                    let difference = (median - published) / published
                    if abs(difference) > gate {
                        failures.append("\(place), \(column): reproduced median \(readable(median)) is \(String(format: "%+.1f%%", 100 * difference)) from the published \(readable(published)) (tolerance ±\(String(format: "%g", 100 * gate))%)")
                    }
                }
            }
        }
        let range = pipeline.published.headline.stated_range
        if let median = results.headline.reproduced["val_mse"]?.median {
            if !(range[0]...range[1]).contains(median) {
                failures.append("headline: reproduced median validation MSE \(readable(median)) is outside the report's stated range \(readable(range[0]))–\(readable(range[1]))")
            }
        } else {
            failures.append("headline: no reproduced validation MSE")
        }
        for (id, expected) in pipeline.tables.conclusions.expected.sorted(by: { $0.key < $1.key }) {
            guard let conclusion = results.conclusions.first(where: { $0.id == id }) else {
                failures.append("conclusion '\(id)' is missing from the results")
                continue
            }
            if conclusion.holds != expected {
                failures.append("conclusion '\(id)' \(expected ? "no longer holds" : "now holds, though it was expected not to"): \(conclusion.evidence)")
            }
        }
        return failures
    }
}
