import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// Were the learning rates tuned? Each configuration of the swept tables over a log grid of
/// learning rates around the report's choice, with a figure per table.
struct SweepsSection: ReportSection {
    func addFiguresFromResults(to plan: inout PlanBuilder) { plan.addSweepFigures() }

    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        let pipeline = context.pipeline
        if let sweeps = context.sweeps {
            results.beyond.learningRateSweeps = sweeps
            results.beyond.learningRateSweepsFinding = BeyondResults.Sweep.finding(
                sweeps, meanPredictor: context.meanPredictorAtSweepSplit, on: pipeline.sweptTables.first)
        }
        for (table, number) in pipeline.sweptTables {
            results.figures["sweep-\(table).png"] =
                "Learning-rate sweep of Table \(number)'s configurations: median validation MSE against learning rate; hollow markers did not converge."
        }
    }

    /// One sweep a configuration of the swept tables, each with a finite validation MSE at the
    /// report's own rate where the grid has it.
    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        let declared = pipeline.beyond.learningRateSweeps
        return Checks.beyondItems(
            "learning_rate_sweeps", declared: declared != nil, results.beyond.learningRateSweeps
        ) { sweeps in
            var failures: [String] = []
            if sweeps.count != pipeline.sweeps.count {
                failures.append(
                    "learning_rate_sweeps: \(sweeps.count) configurations, expected \(pipeline.sweeps.count)")
            }
            for sweep in sweeps
            where sweep.reportPoint?.validationMSE?.median.isFinite != true && declared?.factors.contains(1) == true {
                failures.append(
                    "learning_rate_sweeps '\(sweep.configuration)': no finite validation MSE at the report's own learning rate"
                )
            }
            return failures
        }
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String { ReportMarkdown.sweeps(results) }
}

extension PlanBuilder {
    /// The learning-rate sweeps' figures, one per table, from the results.
    mutating func addSweepFigures() {
        let results = PlanPath(.figures, "results.json")
        for (table, number) in pipeline.sweptTables {
            let figure = PlanPath(.figures, "sweep-\(table).png")
            // Titled as the report titles the table, not by its internal name.
            let published = pipeline.published.tables[table]?.title ?? table
            add(
                PlanRule(
                    id: "figure-sweep-\(table).png", targets: [figure], inputs: [results], tool: .plot,
                    arguments: [
                        "sweep", .path(results), "--table", .literal(table),
                        "--title", .literal("Learning-rate sweep of Table \(number): \(published)"), "-o", .path(figure)
                    ]))
            goals.append(figure)
        }
    }
}

extension ReportMarkdown {
    /// "Table 1", "Tables 1 and 2", "Tables 1, 2 and 4": tables by the numbers the report gives them.
    static func tablesWords(_ numbers: [Int]) -> String {
        let words = numbers.map(String.init)
        guard let last = words.last else { return "no table" }
        return words.count == 1 ? "Table \(last)" : "Tables \(words.dropLast().joined(separator: ", ")) and \(last)"
    }

    /// The sweeps: each configuration's finding, the table of medians, and the figures.
    static func sweeps(_ results: ReportResults) -> String {
        var md = ""
        if let sweeps = results.beyond.learningRateSweeps {
            // The swept tables in the report's order, with the numbers it gives them.
            let sweptNames = Set(sweeps.map(\.table))
            let swept = results.tableOrder.enumerated().filter { sweptNames.contains($0.element) }
                .map { (number: $0.offset + 1, name: $0.element) }
            md +=
                "### Were the learning rates tuned?\n\n\(results.beyond.learningRateSweepsFinding ?? "") Each configuration of \(tablesWords(swept.map(\.number))) was rerun over a log grid of learning rates around the report's choice:\n\n"
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
                        var value = point.validationMSE.map { readable($0.median) } ?? "diverged"
                        if point.converged == false { value += " †" }
                        if point.learningRate == sweep.bestLearningRate { value += " (best)" }
                        let mark = point.factor == 1 ? "**\(value)**" : value
                        return point.divergedSeeds.isEmpty || point.validationMSE == nil
                            ? mark : "\(mark) (\(point.divergedSeeds.count) diverged)"
                    }.joined(separator: " | ") + " |\n"
            }
            md +=
                "\nMedian validation MSE at each multiple of the report's learning rate (bold: the report's choice; †: not converged, some seed hit the epoch limit or diverged; \"best\": its seeds all beat every other converged rate's). In the figures, hollow markers are the points that did not converge.\n\n"
            for (number, table) in swept {
                md +=
                    "![Learning-rate sweep of Table \(number): \(results.tables[table]?.title ?? table)](sweep-\(table).png)\n\n"
            }
        }
        return md
    }
}

extension BeyondResults.Sweep {
    /// Each swept table's configurations over the sweep's learning rates.
    static func measure(_ pipeline: PipelineSpec, runs: [String: ExperimentRuns]) throws -> [Self] {
        try BeyondRuns(pipeline: pipeline, runs: runs).sweeps()
    }
}

extension BeyondRuns {
    func sweeps() throws -> [Sweep] {
        var sweeps: [Sweep] = []
        for sweep in pipeline.sweeps {
            let base = try experiment(sweep.base)
            let label = SettingsText.describe(
                try pipeline.tables.tables.first { $0.name == sweep.table }?.rows.map {
                    try experiment($0.experiment).settings
                } ?? [], brief: true
            )
            .label(base.settings)
            let points = try sweep.points.map { factor, name in
                let runs = try experiment(name)
                var point = SweepPoint(
                    learningRate: runs.settings.learningRate, factor: factor,
                    validationMSE: runs.spreadWithValues(Measure.validationMSE.key, convergedOnly: true),
                    divergedSeeds: runs.outcomes.filter(\.diverged).map(\.seed))
                let reasons = runs.stopReasons
                point.stopReasons = reasons
                point.epochsRun = runs.spread(Measure.epochsRun.key)?.median
                point.converged =
                    reasons[StopReason.maxEpochs.rawValue] == nil && reasons[StopReason.diverged.rawValue] == nil
                    && point.divergedSeeds.isEmpty
                return point
            }
            var result = Sweep(
                configuration: label, table: sweep.table, reportLearningRate: base.settings.learningRate,
                points: points, finding: "")
            result.experiment = sweep.base
            result.choose()
            result.finding = "\(label): " + result.describe(maxEpochs: base.settings.maxEpochs)
            sweeps.append(result)
        }
        return sweeps
    }
}

extension BeyondResults.Sweep {
    /// The point at the report's own learning rate.
    var reportPoint: BeyondResults.SweepPoint? { points.first { $0.factor == 1 } }

    /// Names the best rate only when its seeds all beat every other converged rate's seeds;
    /// otherwise lists the rates that tie with the lowest median, and picks the tuned rate.
    mutating func choose() {
        let candidates = points.filter { $0.converged == true && $0.validationMSE != nil }
        guard let lowest = candidates.min(by: { $0.validationMSE!.median < $1.validationMSE!.median }),
            let range = lowest.validationMSE
        else { return }
        let others = candidates.filter { $0.learningRate != lowest.learningRate }
        if others.allSatisfy({ range.max < $0.validationMSE!.min }) {
            bestLearningRate = lowest.learningRate
            tunedLearningRate = lowest.learningRate
        } else {
            let tied = candidates.filter { $0.validationMSE!.min <= range.max }.map(\.learningRate)
            tiedLearningRates = tied
            tunedLearningRate = tied.contains(reportLearningRate) ? reportLearningRate : lowest.learningRate
        }
    }

    /// What the sweep shows, in a sentence or three.
    func describe(maxEpochs: Int) -> String {
        func n(_ value: Double) -> String { readable(value) }
        func rate(_ value: Double) -> String { formatNumber(value) }
        guard let atChoice = reportPoint?.validationMSE?.median else {
            return "no result at the report's learning rate."
        }
        var text = ""
        if let best = bestLearningRate, let point = points.first(where: { $0.learningRate == best }),
            let spread = point.validationMSE
        {
            text =
                best == reportLearningRate
                ? "the report's learning rate \(rate(best)) is the best of the converged rates (median validation MSE \(n(spread.median))): every seed beats every seed of each other converged rate."
                : "the best of the grid is \(rate(best)) (\(formatNumber(point.factor)) × the report's \(rate(reportLearningRate))), median validation MSE \(n(spread.median)) against \(n(atChoice)) at the report's choice (\(String(format: "%+.1f%%", 100 * (spread.median - atChoice) / atChoice))); every seed beats every seed of each other converged rate."
        } else if let tied = tiedLearningRates {
            let medians = tied.compactMap { r in
                points.first { $0.learningRate == r }?.validationMSE.map { "\(rate(r)): \(n($0.median))" }
            }
            text =
                tied.count == 1
                ? "no rate is clearly best."
                : "the rates \(medians.joined(separator: ", ")) tie within the seed spread; the report's \(rate(reportLearningRate)) \(tied.contains(reportLearningRate) ? "is among them" : "is not (median \(n(atChoice)))")."
        } else {
            text = "no rate converged."
        }
        // A lower median where training was cut off: not a best, but not to be hidden either.
        let tunedMedian =
            tunedLearningRate.flatMap { r in points.first { $0.learningRate == r }?.validationMSE?.median } ?? atChoice
        let lower = points.filter { $0.converged == false && ($0.validationMSE?.median ?? .infinity) < tunedMedian }
        if !lower.isEmpty {
            text +=
                " Lower medians came at rates that had not converged: "
                + lower.map { "\(rate($0.learningRate)) (\(n($0.validationMSE!.median)))" }.joined(separator: ", ")
                + "; longer training might make them best."
        }
        let unconverged = points.filter { $0.converged == false && $0.divergedSeeds.isEmpty }
        if !unconverged.isEmpty {
            text +=
                " Not converged within \(maxEpochs) epochs (seeds that hit the limit): "
                + unconverged.map {
                    "\(rate($0.learningRate)) (\($0.stopReasons?[StopReason.maxEpochs.rawValue] ?? 0) of \($0.validationMSE?.seeds ?? 0), median \(n($0.validationMSE?.median ?? .nan)))"
                }.joined(separator: ", ") + "."
        }
        let diverged = points.filter { !$0.divergedSeeds.isEmpty }
        if !diverged.isEmpty {
            text +=
                " Seeds diverged at "
                + diverged.map { "\(rate($0.learningRate)) (\($0.divergedSeeds.count))" }.joined(separator: ", ")
                + "."
        }
        return text
    }

    /// The sweeps' summary: each configuration counted once, however many tables it is in;
    /// `meanTable`'s sweeps are set against always predicting the mean, on its split.
    static func finding(
        _ sweeps: [BeyondResults.Sweep], meanPredictor mean: Double?, on meanTable: (name: String, number: Int)?
    ) -> String {
        func n(_ value: Double) -> String { readable(value) }
        var seen = Set<String>()
        let distinct = sweeps.filter { seen.insert($0.experiment ?? $0.configuration).inserted }
        let best = distinct.filter { $0.bestLearningRate == $0.reportLearningRate }.count
        let ties = distinct.filter {
            $0.bestLearningRate == nil && $0.tiedLearningRates?.contains($0.reportLearningRate) == true
        }.count
        let beaten = distinct.count - best - ties
        // Configurations where a rate cut off by the epoch limit had a lower median than the tuned one.
        let cutOff = distinct.filter { sweep in
            let tuned =
                sweep.tunedLearningRate.flatMap { r in
                    sweep.points.first { $0.learningRate == r }?.validationMSE?.median
                }
                ?? .infinity
            return sweep.points.contains { $0.converged == false && ($0.validationMSE?.median ?? .infinity) < tuned }
        }.count
        var text =
            "Of \(distinct.count) distinct configurations\(distinct.count < sweeps.count ? " (\(sweeps.count - distinct.count) in two tables, counted once)" : ""), the report's learning rate is the clear best of the converged rates of its grid in \(best), ties with the best in \(ties) and is beaten beyond the seed spread in \(beaten). A rate is best only if it converged and all its seeds beat all seeds of every other converged rate. "
        if cutOff > 0 {
            text +=
                "In \(cutOff) of them a rate stopped by the epoch limit had a lower median still, so a longer limit could change the answer. "
        }
        let gains = distinct.compactMap { sweep -> (BeyondResults.Sweep, Double, Double)? in
            guard let choice = sweep.reportPoint?.validationMSE?.median, let tuned = sweep.tunedLearningRate,
                let at = sweep.points.first(where: { $0.learningRate == tuned })?.validationMSE?.median
            else { return nil }
            return (sweep, choice, at)
        }
        if let largest = gains.max(by: { $0.1 / $0.2 < $1.1 / $1.2 }), largest.2 < largest.1 {
            text +=
                "The largest gain among converged rates is \(largest.0.configuration): \(n(largest.2)) at its tuned rate against \(n(largest.1)) at the report's."
        }
        if let mean, let meanTable {
            for sweep in distinct where sweep.table == meanTable.name {
                guard let choice = sweep.reportPoint?.validationMSE?.median, choice > 0.8 * mean else { continue }
                let name = sweep.configuration.split(separator: ",").first.map(String.init) ?? sweep.configuration
                let lower = sweep.points.filter { ($0.validationMSE?.median ?? .infinity) < 0.7 * mean }
                guard let lowest = lower.min(by: { $0.validationMSE!.median < $1.validationMSE!.median }) else {
                    continue
                }
                text +=
                    " \(name) need not collapse to the mean (\(n(mean))): at \(formatNumber(lowest.learningRate)) it reaches \(n(lowest.validationMSE!.median))"
                text +=
                    lowest.converged == true
                    ? ", so Table \(meanTable.number)'s verdict on it is partly the learning rate's doing."
                    : " though it had not converged by the epoch limit, so Table \(meanTable.number)'s verdict on it is partly the learning rate's doing."
            }
        }
        return text
    }
}
