import Artifacts
import BikeModel
import Foundation
import Pipeline
import Statistics

/// What the report found, a line each, computed from every other section's results: so it runs
/// last, and the introduction shows it first, under the title.
struct FindingsSection: ReportSection {
    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        results.findings = ReportResults.Findings(lines: Findings.lines(results, cap: context.pipeline.tables.maxSeeds))
    }
}

/// The findings' rules, one function a topic; each returns nothing where its results are absent.
enum Findings {
    typealias Line = ReportResults.Findings.Line

    static func lines(_ results: ReportResults, cap: Int? = nil) -> [Line] {
        [
            reading(results), cells(results, cap: cap), conclusions(results), log(results), headline(results),
            units(results)
        ]
        .compactMap { $0 } + unexplained(results)
    }

    /// A heading as a markdown anchor, the way GitHub makes one: lower case, spaces as hyphens,
    /// punctuation dropped.
    static func anchor(_ heading: String) -> String {
        "#"
            + String(
                heading.lowercased().unicodeScalars.compactMap { c -> Character? in
                    if c == " " { return "-" }
                    return CharacterSet.alphanumerics.contains(c) || c == "-" || c == "_" ? Character(c) : nil
                })
    }

    static let whichReading = anchor("Which reading are the published numbers?")

    static func inside(_ reading: ReportResults.ReadingResult) -> (inside: Int, of: Int) {
        (reading.mse.inside + reading.epochs.inside, reading.mse.of + reading.epochs.of)
    }

    /// Which reading the published numbers fit, against the text's.
    static func reading(_ results: ReportResults) -> Line? {
        guard let which = results.whichReading, let readings = results.readings, let best = readings[which.best],
            let text = which.order.first, let textResult = readings[text]
        else { return nil }
        let (b, n) = inside(best), t = inside(textResult).inside
        let words =
            which.best == text
            ? "The published numbers fit the text's method best: \(b) of \(n) lie inside the 95% interval for one of its runs."
            : "The published numbers fit the `\(which.best)` reading best, not the text: \(b) of \(n) lie inside the 95% interval for one of its runs, against \(t) of \(n) under the text."
        return Line(topic: "reading", text: words, section: whichReading)
    }

    /// The gated cells' verdicts, the text's reading, and what keeps the open ones open.
    static func cells(_ results: ReportResults, cap: Int? = nil) -> Line? {
        let cells = results.tables.values.flatMap(\.rows).flatMap(\.gatedCells)
        let verdicts = cells.compactMap(\.verdict)
        guard !verdicts.isEmpty else { return nil }
        func count(_ v: CellVerdict) -> Int { verdicts.filter { $0 == v }.count }
        let first = results.tableOrder.first.flatMap { name in results.tables[name].map { (1, $0.title) } }
        let open = cells.filter { $0.verdict == .inconclusive }.map { $0.reproduced }
        let pastCap = { (spread: Spread?) in cap.map { (spread?.seedsToDecide ?? 0) > $0 } ?? false }
        let causes: [(String, (Spread?) -> Bool)] = [
            (
                "one run's own noise is wider than their margin, so no number of seeds decides them",
                { $0?.cause == .runNoise }
            ),
            ("their mean sits on the margin's edge", { $0?.cause == .onTheMargin }),
            ("more seeds would decide them", { $0?.cause == .seeds && !pastCap($0) }),
            (
                "deciding them would take more seeds than the cap of \(cap.map(String.init) ?? "—")",
                { $0?.cause == .seeds && pastCap($0) }
            )
        ]
        let why = causes.compactMap { words, applies -> String? in
            let n = open.filter(applies).count
            return n == 0 ? nil : "\(n) because \(words)"
        }
        return Line(
            topic: "cells",
            text:
                "Of the \(verdicts.count) gated cells, under the text's method, \(count(.reproduced)) are reproduced, \(count(.notReproduced)) not reproduced and \(count(.inconclusive)) undecided at their tables' margins"
                + (why.isEmpty ? "." : ": " + why.joined(separator: ", ") + "."),
            section: first.map { anchor("Table \($0.0): \($0.1)") } ?? whichReading)
    }

    /// Each conclusion's verdict on the configurations' means under the text and under the
    /// reading that fits best, and what keeps an open one open.
    static func conclusions(_ results: ReportResults) -> Line? {
        guard !results.conclusions.isEmpty else { return nil }
        // The best-fitting reading beside the text's, unless it is the text's.
        let best = results.whichReading.flatMap { $0.best == $0.order.first ? nil : $0.best }
        let other = best.flatMap { name in results.readings?[name] }.map(\.conclusions)
        func words(_ claim: ReportResults.Conclusion?) -> String {
            guard let onMeans = claim?.onMeans else { return claim?.verdict?.rawValue ?? "—" }
            return onMeans.verdict.rawValue
        }
        // Conclusions with the same pair of verdicts named together, the commonest pair first.
        var groups: [(pair: String, ids: [String])] = []
        for claim in results.conclusions {
            let program = other.map { conclusions in words(conclusions.first { $0.id == claim.id }) }
            let pair = words(claim) + (program.map { " / \($0)" } ?? "")
            if let at = groups.firstIndex(where: { $0.pair == pair }) {
                groups[at].ids.append(claim.id)
            } else {
                groups.append((pair, [claim.id]))
            }
        }
        let grouped = groups.sorted { $0.ids.count > $1.ids.count }.map { group in
            group.ids.count == results.conclusions.count
                ? "all \(group.ids.count) \(group.pair)" : "\(group.pair): \(group.ids.joined(separator: ", "))"
        }
        let open = results.conclusions.compactMap { claim -> String? in
            guard let m = claim.onMeans, m.verdict == .inconclusive else { return nil }
            let cause = ReportMarkdown.openCauseWords(m.cause, seeds: m.seedsToDecide, cap: m.seedCap)
            return cause.map { "\(claim.id) \($0)" }
        }
        let under = best.map { " / under `\($0)`" } ?? ""
        return Line(
            topic: "conclusions",
            text: "The report's conclusions on the configurations' means, under the text\(under): "
                + grouped.joined(separator: "; ") + "."
                + (open.isEmpty ? "" : " Open under the text: " + open.joined(separator: "; ") + "."),
            section: anchor("The report's conclusions, tested"))
    }

    /// Which split printed the loss log, by the granularity of its values.
    static func log(_ results: ReportResults) -> Line? {
        guard let f = results.lossLogForensics, let headline = f.headlineTrainShare, !f.fittingTrainShares.isEmpty,
            !f.fittingTrainShares.contains(headline),
            let at = f.candidates.first(where: { $0.trainShare == headline })
        else { return nil }
        let fitting = f.candidates.filter(\.fits)
        let shares = Array(Set(fitting.map(\.trainShare))).sorted()
        let rows = shares.compactMap { t in
            fitting.first { $0.trainShare == t }.map { readable(Double($0.validationRows)) }
        }
        return Line(
            topic: "log",
            text:
                "The printed loss log is not the t = \(headline) headline's run: its values are whole numbers of squared errors over \(rows.joined(separator: " or ")) validation rows (t = \(shares.map(String.init).joined(separator: " or "))), and only \(at.wholeValues) of \(f.values.count) over t = \(headline)'s \(readable(Double(at.validationRows))).",
            section: anchor("Which run printed the headline?"))
    }

    /// The headline's first row matched whole, at each split some reading runs it at.
    static func headline(_ results: ReportResults) -> Line? {
        guard let headline = HeadlineRows(results), let index = headline.indices.first,
            headline.trainShare(headline.order.first ?? "") != nil, headline.splits.count > 1
        else { return nil }
        let parts = headline.splits.compactMap { t in
            headline.best(index, at: t).map { top in
                top.row.seedsMatching == 0
                    ? "no seed at t = \(t)"
                    : "\(top.row.seedsMatching) of \(top.row.seeds) seeds at t = \(t) (`\(top.reading)`)"
            }
        }
        return Line(
            topic: "headline",
            text: "The headline's row (\(headline.rows[index].label)) is matched whole by "
                + parts.joined(separator: ", ") + ".",
            section: anchor("Which run printed the headline?"))
    }

    /// The configurations whose every seed predicts one constant under the best-fitting reading.
    static func units(_ results: ReportResults) -> Line? {
        guard let best = results.whichReading?.best, let hidden = results.readings?[best]?.hiddenUnits else {
            return nil
        }
        let constant = hidden.filter {
            $0.value.constantSeeds > 0 && $0.value.constantSeeds == $0.value.distinctPredictions.seeds
        }
        .keys.sorted()
        guard !constant.isEmpty else { return nil }
        return Line(
            topic: "units",
            text:
                "Under `\(best)` every seed of \(constant.map { "`\($0)`" }.joined(separator: ", ")) predicts one constant for every hour: \(constant.count == 1 ? "its" : "their") hidden units pass nothing on.",
            section: anchor("The conclusions under each reading"))
    }

    /// The published numbers no reading's runs account for.
    static func unexplained(_ results: ReportResults) -> [Line] {
        guard let which = results.whichReading, let readings = results.readings else { return [] }
        let left = which.numbers.indices.filter { index in
            !which.order.contains { readings[$0]?.numbers[index].consistentWithOneRun == true }
        }
        guard !left.isEmpty else { return [] }
        return [
            Line(
                topic: "unexplained",
                text:
                    "Still explained by no reading (outside every reading's 95% interval for one run): "
                    + left.map { "\(which.numbers[$0].label) \(readable(which.numbers[$0].value))" }.joined(
                        separator: "; ")
                    + ".",
                section: whichReading)
        ]
    }
}

extension ReportMarkdown {
    /// The findings, under the title.
    static func findings(_ results: ReportResults) -> String {
        guard let lines = results.findings?.lines, !lines.isEmpty else { return "" }
        return "## What was found\n\n"
            + lines.map { "- \($0.text) ([evidence](\($0.section)))" }.joined(separator: "\n")
            + "\n\n"
    }
}
