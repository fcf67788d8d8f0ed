import Artifacts
import BikeModel
import Foundation
import Pipeline
import Statistics

extension AcceptanceCheck {
    /// The check's results from its runs' forecasts: each hour to predict is found in the
    /// labelled data by every column but `instant` and `cnt`, for its real count.
    static func results(
        _ pipeline: PipelineSpec, forecasts: [String: ForecastsFile], trainingRows: Int
    ) throws -> ReportResults.Acceptance? {
        guard let acceptance = pipeline.beyond.acceptance else { return nil }
        let hours = try realCounts(predict: acceptance.predict, labels: acceptance.labels)
        var runs: [ReportResults.Acceptance.Run] = []
        for run in pipeline.acceptanceRuns {
            guard let file = forecasts[run.name] else {
                throw InputError(file: pipeline.folder, "acceptance: no forecasts of '\(run.name)'")
            }
            guard file.rows == hours.count else {
                throw InputError(
                    file: run.name, "forecasts \(file.rows) hours, but \(acceptance.predict) has \(hours.count)")
            }
            let losses = file.seeds.map(\.trainingMSE)
            let errors = file.seeds.map { seed in
                zip(seed.predicted, hours).map { abs($0 - $1.actual) }.reduce(0, +) / Double(hours.count)
            }
            guard let loss = Spread.of(losses), let error = Spread.of(errors) else {
                throw InputError(file: run.name, "holds no forecast")
            }
            let configuration = acceptance.configurations.first { $0.name == run.configuration }
            runs.append(
                .init(
                    configuration: run.configuration, reading: run.reading,
                    description: configuration?.description ?? "", experiment: run.name, seeds: file.seeds.count,
                    trainingMSE: loss, belowBar: losses.filter { $0 < acceptance.lossBar }.count,
                    constantSeeds: file.seeds.filter { Set($0.predicted).count == 1 }.count,
                    predicted: hours.indices.map { index in Spread(file.seeds.map { $0.predicted[index] }) },
                    meanAbsoluteError: error))
        }
        return .init(
            lossBar: acceptance.lossBar, trainingRows: trainingRows, hours: hours, runs: runs,
            finding: finding(runs, bar: acceptance.lossBar))
    }

    /// Each row of `predict` with the count of the one row of `labels` that has every other
    /// column alike (`instant` aside: the course blanked it).
    static func realCounts(predict: String, labels: String) throws -> [ReportResults.Acceptance.Hour] {
        let wanted = try CSVTable(contentsOf: predict), known = try CSVTable(contentsOf: labels)
        let keys = wanted.header.filter { $0 != "instant" && $0 != Feature.target }
        let wantedColumns = try wanted.columnIndices(keys), knownColumns = try known.columnIndices(keys)
        let count = try known.columnIndices([Feature.target])[0]
        let day = keys.firstIndex(of: "dteday"), hour = keys.firstIndex(of: "hr")
        var index: [[String]: [CSVTable.Row]] = [:]
        for row in known.rows {
            index[knownColumns.map { row.fields[$0].trimmingCharacters(in: .whitespaces) }, default: []].append(row)
        }
        return try wanted.rows.map { row in
            let key = wantedColumns.map { row.fields[$0].trimmingCharacters(in: .whitespaces) }
            let matches = index[key] ?? []
            guard matches.count == 1, let actual = Double(matches[0].fields[count]) else {
                throw InputError(
                    file: predict, line: row.line,
                    matches.isEmpty
                        ? "no row of \(labels) has this hour's values, so its real count is unknown"
                        : "\(matches.count) rows of \(labels) have this hour's values (lines \(matches.map { String($0.line) }.joined(separator: ", ")))"
                )
            }
            let when = [day.map { key[$0] }, hour.map { "\(key[$0]):00" }].compactMap { $0 }.joined(separator: " ")
            return .init(line: row.line, when: when, actual: actual)
        }
    }

    static func finding(_ runs: [ReportResults.Acceptance.Run], bar: Double) -> String {
        let parts = runs.map { run -> String in
            var text =
                "\(run.configuration) under `\(run.reading)`: training loss \(ReadingMarkdown.spread(run.trainingMSE)), \(run.belowBar) of \(run.seeds) seeds below \(readable(bar))"
            if run.constantSeeds > 0 {
                let every = run.constantSeeds == run.seeds
                let zero = run.predicted.allSatisfy { $0.max == 0 }
                text +=
                    "; \(every ? "every seed predicts" : run.constantSeeds == 1 ? "1 seed predicts" : "\(run.constantSeeds) seeds predict") one count for every hour\(every && zero ? ", 0: its ReLU output unit is dead" : "")"
            }
            return text
        }
        let passed = runs.filter { $0.belowBar == $0.seeds }.map { "\($0.configuration) under `\($0.reading)`" }
        return parts.joined(separator: "; ") + ". "
            + (passed.isEmpty
                ? "No configuration passes the course's bar with every seed, under either reading."
                : "Every seed passes the bar for \(passed.joined(separator: ", ")).")
    }
}
