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
        try RealCounts.find(predict: predict, labels: labels)
    }

    /// Which configurations pass the bar with every seed, with some, or with none, under each
    /// reading; why a configuration that fails predicts one count for every hour.
    static func finding(_ runs: [ReportResults.Acceptance.Run], bar: Double) -> String {
        func names(_ group: [ReportResults.Acceptance.Run]) -> String {
            group.map { "\($0.configuration) under `\($0.reading)`" }.joined(separator: ", ")
        }
        let passed = runs.filter { $0.belowBar == $0.seeds }
        let some = runs.filter { $0.belowBar > 0 && $0.belowBar < $0.seeds }
        let failed = runs.filter { $0.belowBar == 0 }
        var sentences: [String] = []
        sentences.append(
            passed.isEmpty
                ? "No configuration passes the course's bar (a training loss below \(readable(bar))) with every seed, under any reading."
                : "Every seed passes the course's bar (a training loss below \(readable(bar))) for \(names(passed)).")
        if !some.isEmpty {
            sentences.append(
                "Some seeds pass for "
                    + some.map { "\($0.configuration) under `\($0.reading)` (\($0.belowBar) of \($0.seeds))" }
                    .joined(separator: ", ") + ".")
        }
        let dead = failed.filter { run in
            run.constantSeeds == run.seeds && run.predicted.allSatisfy { $0.max == 0 }
        }
        let constant = failed.filter { run in
            run.constantSeeds == run.seeds && !dead.contains { $0.experiment == run.experiment }
        }
        let other = failed.filter { run in run.constantSeeds < run.seeds }
        if !dead.isEmpty {
            sentences.append(
                "No seed passes for \(names(dead)): every seed predicts 0 for every hour, its ReLU output unit dead.")
        }
        if !constant.isEmpty {
            sentences.append(
                "No seed passes for \(names(constant)): every seed predicts one count for every hour (its hidden units are constants)."
            )
        }
        if !other.isEmpty {
            sentences.append(
                "No seed passes for \(names(other)): training stops above the bar.")
        }
        return sentences.joined(separator: " ")
    }
}

extension ReadingMarkdown {
    /// The course's acceptance check, under the readings it names.
    static func acceptance(_ results: ReportResults) -> String {
        guard let a = results.acceptance else { return "" }
        var md = "### The course's acceptance check\n\n"
        md +=
            "The course checked each student's network by training it on \(a.trainingRows) labelled hours, printing the training loss (its bar: below \(readable(a.lossBar))), and having it predict \(a.hours.count) hours whose counts it was not given (`data/acceptance/`). Run here with the configurations of `pipeline/beyond.json` (listed below the table), this pipeline's encoding and network, under the readings it names; the training loss is the MSE of the whole-count predictions on the training hours after the last iteration, and the real counts of the hours to predict are found in `data/train.csv`. \(a.finding)\n\n"
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
