import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Stages
import Statistics

/// The course's acceptance check, under each reading: its runs, their predictions, its bar.
/// Its rules, results and words are here; its declaration is `AcceptanceCheck` (Pipeline), its
/// part of results.json `ReportResults.Acceptance` (Artifacts).
struct AcceptanceSection: ReportSection {
    func addRules(to plan: inout PlanBuilder) { plan.addAcceptance() }

    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        if let read = context.beyondData.acceptance {
            results.acceptance = try AcceptanceCheck.results(
                context.pipeline, forecasts: read.forecasts, trainingRows: read.trainingRows)
        }
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        "\n" + ReadingMarkdown.acceptance(results)
    }
}

extension PlanBuilder {
    /// The course's acceptance check: its own files, its runs, their predictions.
    mutating func addAcceptance() {
        for rule in AcceptanceCheck.rules(pipeline) { add(rule) }
        resultsInputs += AcceptanceCheck.resultsInputs(pipeline)
    }
}

extension AcceptanceCheck {
    static func models(_ run: Run) -> PlanPath { PlanPath(.build, "runs/\(run.name)/models.json") }
    static func forecasts(_ run: Run) -> PlanPath { PlanPath(.build, "runs/\(run.name)/forecasts.json") }

    /// The plan's rules: both files encoded as the report's, each run trained on the labelled
    /// hours (which are its validation rows too: it runs every iteration) and asked to predict.
    static func rules(_ pipeline: PipelineSpec) -> [PlanRule] {
        guard let acceptance = pipeline.beyond.acceptance else { return [] }
        let labelled = PlanPath(.project, acceptance.training), unlabeled = PlanPath(.project, acceptance.predict)
        var rules = [
            PlanRule(
                id: "encode-acceptance-training", targets: [training, training.sidecar], inputs: [labelled],
                tool: .preprocess,
                arguments: [
                    .path(labelled), "--encoding", .literal(EncodingMode.report.rawValue), "-o", .path(training)
                ]),
            PlanRule(
                id: "encode-acceptance-predict", targets: [predict, predict.sidecar], inputs: [unlabeled],
                tool: .preprocess,
                arguments: [
                    .path(unlabeled), "--encoding", .literal(EncodingMode.report.rawValue), "--unlabeled", "-o",
                    .path(predict)
                ])
        ]
        for run in pipeline.acceptanceRuns {
            let seeds = run.seeds.count
            rules.append(
                PlanRule(
                    id: "train-\(run.name)", targets: [models(run)], inputs: [training, training.sidecar],
                    tool: .train,
                    arguments: [.path(training), .path(training)]
                        + run.settings.trainArguments(seeds: run.seeds.text).map(PlanArgument.literal)
                        + ["-o", .path(models(run))],
                    progress: "[acceptance] \(run.configuration) under \(run.reading): training seeds \(run.seeds)",
                    seeds: seeds))
            rules.append(
                PlanRule(
                    id: "predict-\(run.name)", targets: [forecasts(run)],
                    inputs: [models(run), predict, predict.sidecar], tool: .evaluate,
                    arguments: [.path(models(run)), .path(predict), "--unlabeled", "-o", .path(forecasts(run))]))
        }
        return rules
    }

    /// What the results rule reads: every run's forecasts, and the raw files the hours are
    /// matched in.
    static func resultsInputs(_ pipeline: PipelineSpec) -> [PlanPath] {
        guard let acceptance = pipeline.beyond.acceptance else { return [] }
        return pipeline.acceptanceRuns.map(forecasts)
            + [PlanPath(.project, acceptance.predict), PlanPath(.project, acceptance.labels)]
    }
}

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

extension ReadingMarkdown {
    /// The course's acceptance check, under the readings it names.
    static func acceptance(_ results: ReportResults) -> String {
        guard let a = results.acceptance else { return "" }
        var md = "### The course's acceptance check\n\n"
        md +=
            "The course checked each student's network by training it on \(a.trainingRows) labelled hours, printing the training loss (its bar: below \(readable(a.lossBar))), and having it predict \(a.hours.count) hours whose counts it was not given (`data/acceptance/`). Run here with the course's settings, this pipeline's encoding and network, under the readings named in `pipeline/beyond.json`; the training loss is the MSE of the whole-count predictions on the training hours after the last iteration, and the real counts of the hours to predict are found in `data/train.csv`. \(a.finding)\n\n"
        let header =
            ["configuration", "reading", "training loss", "below the bar"]
            + a.hours.map { "\($0.when) (real \(readable($0.actual)))" }
        md += "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
        for run in a.runs {
            md +=
                "| \(run.configuration) | `\(run.reading)` | \(spread(run.trainingMSE)) | \(run.belowBar) of \(run.seeds) | "
                + run.predicted.map(spread).joined(separator: " | ") + " |\n"
        }
        md += "\nMedian over seeds, lowest and highest in brackets. The configurations:\n\n"
        var seen = Set<String>()
        for run in a.runs where seen.insert(run.configuration).inserted {
            md += "- \(run.configuration): \(run.description)\n"
        }
        return md + "\n"
    }
}
