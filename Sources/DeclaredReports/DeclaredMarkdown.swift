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
            lines.append(
                "- \(row.name)'s run: \(fits) of \(row.cells.count) published numbers are consistent with one run of ours; \(row.seedsMatchingBoth) of \(row.seeds) seeds print both as published."
            )
        }
        for claim in results.claims {
            lines.append(
                "- \"\(claim.text)\" (\(claim.run)): \(claim.verdict.rawValue) on the mean of \(claim.values.seeds ?? 0) seeds."
            )
        }
        return "## What was found\n\n" + lines.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double) -> String { String(format: "%.4f", value) }

    static func publishedRuns(_ results: DeclaredResults) -> String {
        guard !results.published.isEmpty else { return "" }
        var md =
            "## Published runs\n\nEach published number is one unseeded run; ours are the seeds of the same configuration. A number is consistent with one run of ours when any value it could have been printed from lies in our seeds' 95% prediction interval (Student's t, mean ± t·sd·√(1 + 1/n)).\n\n"
        md +=
            "| run | measure | published | ours: median (lowest–highest) | 95% prediction interval | one run of ours? | seeds printing it |\n"
        md += "|---|---|---|---|---|---|---|\n"
        for row in results.published {
            for cell in row.cells {
                let spread = cell.reproduced
                let interval = spread.predictionInterval.map { "\(number($0[0]))–\(number($0[1]))" } ?? "—"
                let one = spread.consistentWithOneRun.map { $0 ? "yes" : "no" } ?? "—"
                md +=
                    "| [\(row.name)](https://\(row.source)) | \(cell.measure.words) | \(cell.published) (\(row.printed)) | \(number(spread.median)) (\(number(spread.min))–\(number(spread.max))) | \(interval) | \(one) | \(cell.seedsPrintedAlike) of \(row.seeds) |\n"
            }
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
                "| \(claim.text) | \(claim.run) | \(number(claim.values.mean ?? .nan)) (\(interval)) | \(verdict) | \(claim.runsBelow) of \(claim.values.seeds ?? 0) (\(String(format: "%.2f", claim.runsBelowBounds[0]))–\(String(format: "%.2f", claim.runsBelowBounds[1]))) |\n"
        }
        return md + "\n"
    }

    /// The method as declared in report.json, in words.
    static func method(_ report: ReportDeclaration) -> String {
        var md = "## Method, as declared in `\(report.file)`\n\n"
        md += "- Data: \(report.dataFiles.map { "`\($0)`" }.joined(separator: " then ")), concatenated in that order.\n"
        md +=
            "- Inputs (\(report.data.inputCount), in this order): "
            + report.data.inputs.map(words).joined(separator: "; ") + ".\n"
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
                "- Run `\(run.name)` (\(run.description)): hidden layers \(widths); output \(unitWords(run.network.output)); biases \(run.network.biases ? "on" : "off"); first weights \(initialWords(run.network.initialWeights)); \(trainingWords(run.training)); seeds \(run.seeds.text) through \(run.network.generator == .numpy ? "numpy's legacy generator (`np.random.seed(seed)`, then the weights, then the batches)" : "the project's generator (SplitMix64)").\n"
        }
        md +=
            "- Losses: the mean squared error over all training and all validation rows, in the units the network trains in.\n"
        return md
    }

    static func scalingWords(_ z: ZScore) -> String {
        "z-scored by the mean and sd (divisor \(z.divisor.rawValue)) of the \(z.rows.rawValue) rows"
    }

    static func words(_ input: InputEncoder) -> String {
        switch input {
        case .passthrough(let f): "`\(f.rawValue)` as it is"
        case .oneHot(let f, let levels):
            "`\(f.rawValue)` one-hot over \(levels.first!)…\(levels.last!) (\(levels.count) columns)"
        case .zScore(let f, let z): "`\(f.rawValue)` " + scalingWords(z)
        case .targetMean(let f, let rows):
            "`\(f.rawValue)` as the mean count of its value over the \(rows.rawValue) rows, / 100"
        }
    }

    static func splitWords(_ split: RowSplit) -> String {
        switch split {
        case .interleaved(let t): "row i trains when i mod 100 < \(t), else validates"
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
