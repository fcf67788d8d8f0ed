import Artifacts
import BikeModel
import Foundation
import GeneralModel
import Statistics

/// A declared report's report.md: what was found first, then each published run and claim,
/// then the method as declared. Every sentence comes from the results or the declaration.
public enum DeclaredMarkdown {
    public static func text(_ results: DeclaredResults, _ report: ReportDeclaration) -> String {
        var md = "# \(results.title), reproduced\n\n"
        md += findings(results) + "\n"
        md += publishedRuns(results)
        md += claims(results)
        md += predictions(results)
        md += "## Figures\n\n"
        for run in report.runs {
            md += "![Loss curves of \(run.name)](losses-\(run.name).png)\n\n"
            if report.figureKinds.contains("test") { md += "![Test rows of \(run.name)](test-\(run.name).png)\n\n" }
        }
        md += method(report)
        return md
    }

    /// The findings, a line each.
    static func findings(_ results: DeclaredResults) -> String {
        var lines: [String] = []
        for row in results.published {
            let fits = row.cells.filter { $0.reproduced.consistentWithOneRun == true }.count
            let judged = row.cells.compactMap { cell in cell.reproduced.verdict.map { (cell.measure, $0) } }
            let verdicts =
                judged.isEmpty
                ? ""
                : " At its declared margin: " + judged.map { "\($0.words) \($1.rawValue)" }.joined(separator: ", ")
                    + "."
            lines.append(
                "- \(row.name)'s run: \(fits) of \(row.cells.count) published numbers are consistent with one run of ours; \(row.seedsMatchingBoth) of \(row.seeds) seeds print both as published.\(verdicts)"
            )
        }
        for claim in results.claims {
            lines.append(
                "- \"\(claim.claim.text)\" (\(claim.claim.run)): \(claim.verdict.rawValue) on the mean of \(claim.values.seeds ?? 0) seeds."
            )
        }
        return "## What was found\n\n" + lines.joined(separator: "\n") + "\n"
    }

    /// The hours each run predicts without their counts, beside the real counts.
    static func predictions(_ results: DeclaredResults) -> String {
        guard let runs = results.predictions, let hours = runs.first?.hours else { return "" }
        var md =
            "## Predicted hours\n\nThe hours whose counts the runs were not given, predicted (median over seeds, lowest and highest in brackets) beside their real counts.\n\n"
        md += "| run | " + hours.map { "\($0.when) (real \(readable($0.actual)))" }.joined(separator: " | ") + " |\n"
        md += "|---|" + String(repeating: "---|", count: hours.count) + "\n"
        for run in runs {
            md +=
                "| \(run.run) | "
                + run.hours.map {
                    "\(readable($0.predicted.median)) (\(readable($0.predicted.min))–\(readable($0.predicted.max)))"
                }.joined(separator: " | ") + " |\n"
        }
        return md + "\n"
    }

    /// Losses below 100 (standard units) to four decimals, larger ones (bikes²) as whole numbers.
    static func number(_ value: Double) -> String { abs(value) < 100 ? String(format: "%.4f", value) : readable(value) }

    static func publishedRuns(_ results: DeclaredResults) -> String {
        guard !results.published.isEmpty else { return "" }
        var md =
            "## Published runs\n\nEach published number is one unseeded run; ours are the seeds of the same configuration. A number is consistent with one run of ours when any value it could have been printed from lies in our seeds' 95% prediction interval (Student's t, mean ± t·sd·√(1 + 1/n)). A declared margin is judged by two one-sided tests at \(formatNumber(100 * DeclaredResults.alpha))% each (Schuirmann 1987): reproduced when the whole \(formatNumber(100 - 200 * DeclaredResults.alpha))% interval for one run of ours, mean ± t·sd·√(1 + 1/n), lies within the margin around the published number, not reproduced when it lies wholly outside.\n\n"
        md +=
            "| run | measure | published | ours: median (lowest–highest) | 95% prediction interval | one run of ours? | seeds printing it | at the declared margin |\n"
        md += "|---|---|---|---|---|---|---|---|\n"
        for row in results.published {
            for cell in row.cells {
                let spread = cell.reproduced
                let interval = spread.predictionInterval.map { "\(number($0[0]))–\(number($0[1]))" } ?? "—"
                let one = spread.consistentWithOneRun.map { $0 ? "yes" : "no" } ?? "—"
                let verdict =
                    spread.verdict.map { "\($0.rawValue) (±\(formatNumber(100 * (spread.margin ?? 0)))%)" }
                    ?? "no margin declared"
                md +=
                    "| [\(row.name)](https://\(row.source)) | \(cell.measure.words) | \(cell.published) (\(row.printed)) | \(number(spread.median)) (\(number(spread.min))–\(number(spread.max))) | \(interval) | \(one) | \(cell.seedsPrintedAlike) of \(row.seeds) | \(verdict) |\n"
            }
        }
        for row in results.published {
            if let reason = row.marginReason { md += "\nThe margin of \(row.name)'s run: \(reason)\n" }
        }
        return md + "\n"
    }

    static func claims(_ results: DeclaredResults) -> String {
        guard !results.claims.isEmpty else { return "" }
        var md =
            "## Claims\n\nA claim is judged on its configuration's mean over our seeds: it holds when the one-sided 95% upper bound of the mean (Student's t) is below the bar, and does not hold when the one-sided 95% lower bound is at or above it. The share of single runs below the bar is beside it, with one-sided 95% Clopper–Pearson bounds.\n\n"
        md += "| claim | run | mean (90% interval) | verdict | single runs below the bar |\n|---|---|---|---|---|\n"
        for claim in results.claims {
            let interval = claim.values.confidenceInterval.map { "\(number($0[0]))–\(number($0[1]))" } ?? "—"
            let verdict = claim.verdict.rawValue + (claim.cause.map { ": \($0)" } ?? "")
            md +=
                "| \(claim.claim.text) | \(claim.claim.run) | \(number(claim.values.mean ?? .nan)) (\(interval)) | \(verdict) | \(claim.runsBelow) of \(claim.values.seeds ?? 0) (\(String(format: "%.2f", claim.runsBelowBounds[0]))–\(String(format: "%.2f", claim.runsBelowBounds[1]))) |\n"
        }
        return md + "\n"
    }

    /// The method as declared in report.json, in words.
    static func method(_ report: ReportDeclaration) -> String {
        var md = "## Method, as declared in `\(report.file)`\n\n"
        md +=
            "- Data: \(report.dataFiles.map { "`\($0)`" }.joined(separator: " then "))\(report.dataFiles.count > 1 ? ", concatenated in that order" : "")"
            + (report.predictFile.map {
                "; hours to predict: `\($0)`, their real counts found in `\(report.labelsFile ?? "")`"
            } ?? "")
            + ".\n"
        md += "- Inputs (\(report.data.inputCount), in this order): " + inputsWords(report.data.inputs) + ".\n"
        md +=
            "- Target: `cnt`"
            + (report.data.target.map { ", " + scalingWords($0) + "; predictions mapped back to bikes an hour" }
                ?? ", raw")
            + (report.data.wholeCounts
                ? ", predictions made whole non-negative counts" : ", predictions left as they are") + ".\n"
        md += "- Split: " + splitWords(report.data.split) + ".\n"
        for run in report.runs {
            let widths = run.network.hidden.map { "\($0.units) \(unitWords($0.activation))" }.joined(
                separator: ", then ")
            md +=
                "- Run `\(run.name)` (\(run.description)): hidden layers \(widths); output \(unitWords(run.network.output)); biases \(run.network.biases ? "on" : "off"); first weights \(initialWords(run.network.initialWeights)) drawn \(run.network.weightOrder == .inputMajor ? "input by input" : "unit by unit"), each layer's biases after its weights; \(trainingWords(run.training)); seeds \(run.seeds.text) through \(run.network.generator == .numpy ? "numpy's legacy generator (`np.random.seed(seed)`, then the weights, then the batches)" : "the project's generator (SplitMix64)").\n"
        }
        for run in report.runs {
            let at =
                switch run.reported.at {
                case .last: "after the last step"
                case .minimum: "at the step of the lowest validation loss"
                case .step(let step): "after step \(step)"
                }
            md +=
                "- Losses of `\(run.name)`: the \(run.reported.words(scaledTarget: report.data.target != nil)) over all training and all validation rows, \(at).\n"
        }
        return md
    }

    /// The inputs in order, consecutive columns encoded alike named together.
    static func inputsWords(_ inputs: [InputEncoder]) -> String {
        var groups: [(columns: [String], how: String)] = []
        for input in inputs {
            let (column, how) = words(input)
            if let last = groups.last, last.how == how, !how.hasPrefix("one-hot") {
                groups[groups.count - 1].columns.append(column)
            } else {
                groups.append(([column], how))
            }
        }
        return groups.map { $0.columns.map { "`\($0)`" }.joined(separator: ", ") + " " + $0.how }.joined(
            separator: "; ")
    }

    static func scalingWords(_ z: ZScore) -> String {
        "z-scored by the mean and sd (divisor \(z.divisor.rawValue)) of the \(z.rows.rawValue) rows"
    }

    /// An input's column, and how it is encoded.
    static func words(_ input: InputEncoder) -> (column: String, how: String) {
        switch input {
        case .passthrough(let f): (f.rawValue, "as they are")
        case .oneHot(let f, let levels):
            (f.rawValue, "one-hot over \(levels.first!)…\(levels.last!) (\(levels.count) columns)")
        case .zScore(let f, let z): (f.rawValue, scalingWords(z))
        case .targetMean(let f, let rows):
            (f.rawValue, "as the mean count of its value over the \(rows.rawValue) rows, / 100")
        }
    }

    static func splitWords(_ split: RowSplit) -> String {
        switch split {
        case .interleaved(let t): "row i trains when i mod 100 < \(t), else validates"
        case .all: "every row trains, and the losses are measured on them all"
        case .first(let percent): "the first \(percent)% of rows train, the rest validate"
        case .fromEnd(let test, let validation):
            "the last \(test) rows test, the \(validation) before them validate, the rest train"
        }
    }

    static func unitWords(_ unit: UnitFunction) -> String {
        switch unit {
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .relu: "ReLU"
        case .identity: "identity (linear)"
        case .elu(let a): "elu (a = \(formatNumber(a)))"
        case .leakyReLU(let slope): "leaky ReLU (slope \(formatNumber(slope)))"
        }
    }

    static func initialWords(_ initial: InitialWeights) -> String {
        switch initial {
        case .uniform(let low, let high): "uniform on [\(formatNumber(low)), \(formatNumber(high)))"
        case .normal(let sd): "normal, sd \(formatNumber(sd))"
        case .normalFanIn: "normal, sd = fan-in^−0.5"
        }
    }

    static func trainingWords(_ training: StepTraining) -> String {
        switch training.batches {
        case .inOrder(let size, let epochs):
            "\(epochs) epochs of batches of \(size) rows in file order at learning rate \(formatNumber(training.learningRate))"
        case .withReplacement(let size, let steps):
            "\(readable(Double(steps))) steps, each a batch of \(size) training rows drawn with replacement, at learning rate \(formatNumber(training.learningRate)); losses every \(training.lossEvery) steps"
        }
    }
}
