import Artifacts
import BikeModel
import Foundation
import Pipeline
import Statistics

/// report.md's parts on the readings: each table under every reading, which reading the
/// published numbers are, the printed loss log's forensics, and the conclusions under each.
enum ReadingMarkdown {
    static func spread(_ s: Spread) -> String { "\(readable(s.median)) (\(readable(s.min))–\(readable(s.max)))" }

    /// One cell of a reading: median (range), the verdict mark and whether one run could give it.
    static func cell(_ s: Spread?) -> String {
        guard let s else { return "—" }
        let mark: String =
            switch s.verdict {
            case .reproduced?: " ✓"
            case .notReproduced?: " ✗"
            case .inconclusive?: " ?"
            case nil: ""
            }
        return spread(s) + mark + (s.consistentWithOneRun.map { $0 ? ", one run: yes" : ", one run: no" } ?? "")
    }

    /// A table's published cells under every reading, side by side.
    static func table(_ table: ReportResults.Table, order: [String]) -> String {
        guard table.rows.contains(where: { $0.readings != nil }), !order.isEmpty else { return "" }
        let measured = table.columns.filter { column in table.rows.contains { $0.reproduced[column] != nil } }
        var md =
            "Under each reading (`pipeline/readings/`; median over seeds, lowest and highest in brackets; ✓ ✗ ? the verdict of a gated cell; \"one run\" whether the published number lies inside the 95% interval for one run of that reading):\n\n"
        let header = ["configuration as run", "column", "published"] + order.map { "`\($0)`" }
        md += "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
        for row in table.rows {
            for column in measured {
                guard let published = row.published[column]?.number else { continue }
                let cells = order.map { cell(row.readings?[$0]?[column]) }
                md +=
                    "| \(row.label) | \(ReportMarkdown.columnName(column)) | \(readable(published)) | "
                    + cells.joined(separator: " | ") + " |\n"
            }
        }
        return md + "\n"
    }

    /// "Which reading are the published numbers?", the loss log's forensics and the conclusions
    /// under each reading.
    static func sections(_ results: ReportResults) -> String {
        guard let which = results.whichReading, let readings = results.readings else { return "" }
        let order = which.order
        var md = "## Which reading are the published numbers?\n\n"
        md +=
            "Each reading runs every experiment of the five tables and the headline with a set of setting changes (`pipeline/readings/NAME.json`):\n\n"
        md += "| reading | changes | what it is |\n|---|---|---|\n"
        for name in order {
            guard let reading = readings[name] else { continue }
            md += "| `\(name)` | \(reading.changes) | \(reading.description) |\n"
        }
        md +=
            "\nThe report prints \(which.numbers.count) independent numbers: each cell of the five tables and the headline, with the cells that print the same run's number counted once (\(shared(which.numbers))). Each is set against the runs of its configuration under each reading: inside the 95% interval for one run or not, and its rank p-value, the share of seeds at least as far from their median, (k + 1)/(n + 1); the readings' p-values are combined by Fisher's method (`pipeline/STATISTICS.md`).\n\n"
        md += "**\(which.finding)**\n\n"
        md += "| reading | MSEs inside | epoch counts inside | Fisher's X² (df) | combined p |\n|---|---|---|---|---|\n"
        for name in order {
            guard let r = readings[name] else { continue }
            md +=
                "| `\(name)` | \(r.mse.inside) of \(r.mse.of) | \(r.epochs.inside) of \(r.epochs.of) | \(String(format: "%.1f", r.combined.statistic)) (\(r.combined.degreesOfFreedom)) | \(ReadingProse.p(r.combined.pValue)) |\n"
        }
        md += numbers(which, readings: readings)
        md += attribution(which)
        md += joint(results, order: order)
        md += printing(which, readings: readings)
        md += forensics(results, order: order)
        md += conclusions(results, order: order)
        md += hiddenUnits(results, order: order)
        return md
    }

    /// The cells that print one run's number, in words.
    static func shared(_ numbers: [ReportResults.PublishedNumber]) -> String {
        let groups = numbers.filter { $0.cells.count > 1 }.map { number in
            "\(readable(number.value)) in \(number.cells.map { "`\($0)`" }.joined(separator: ", "))"
        }
        return groups.isEmpty ? "none is printed twice" : groups.joined(separator: "; ")
    }

    static func label(_ id: String, _ which: ReportResults.WhichReading) -> String {
        which.numbers.first { $0.id == id }.map { "\($0.label) \(readable($0.value))" } ?? id
    }

    /// What each difference of the program does alone to the published numbers' agreement.
    static func attribution(_ which: ReportResults.WhichReading) -> String {
        guard !which.attribution.isEmpty else { return "" }
        var md =
            "Each difference alone, as the reading that adds it to another, and the published numbers it moves into agreement with one run (**in**) or out of it (out):\n\n"
        for (index, a) in which.attribution.enumerated() {
            md += "- D\(index + 1): **\(a.difference)** (`\(a.reading)` against `\(a.from)`)\n"
        }
        let moved = which.numbers.filter { number in
            which.attribution.contains { $0.movedIn.contains(number.id) || $0.movedOut.contains(number.id) }
        }
        let header = ["published number"] + which.attribution.indices.map { "D\($0 + 1)" }
        md +=
            "\n| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
        for number in moved {
            let cells = which.attribution.map { a in
                a.movedIn.contains(number.id) ? "**in**" : a.movedOut.contains(number.id) ? "out" : "·"
            }
            md += "| \(label(number.id, which)) | " + cells.joined(separator: " | ") + " |\n"
        }
        let still = which.numbers.count - moved.count
        return md
            + "\n\(still == 0 ? "Every published number moves under some difference." : "The other \(still) of \(which.numbers.count) published numbers move under none of them.")\n\n"
    }

    /// Every independent published number under every reading.
    static func numbers(_ which: ReportResults.WhichReading, readings: [String: ReportResults.ReadingResult])
        -> String
    {
        var md =
            "\nEach published number under each reading: median of its runs, ✓ when it lies inside the 95% interval for one run, and its rank p-value.\n\n"
        let header = ["published number", "value"] + which.order.map { "`\($0)`" }
        md += "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
        for (index, number) in which.numbers.enumerated() {
            let cells = which.order.map { name -> String in
                guard let n = readings[name]?.numbers[index] else { return "—" }
                return "\(readable(n.median))\(n.consistentWithOneRun ? " ✓" : "") (p \(ReadingProse.p(n.rankPValue)))"
            }
            md += "| \(number.label) | \(readable(number.value)) | " + cells.joined(separator: " | ") + " |\n"
        }
        return md + "\n"
    }

    /// Whether the tables' whole numbers are runs' MSEs cut or rounded, under each reading.
    static func printing(_ which: ReportResults.WhichReading, readings: [String: ReportResults.ReadingResult])
        -> String
    {
        var parts: [String] = []
        for name in which.order {
            guard let reading = readings[name] else { continue }
            let cut = reading.numbers.filter { ($0.truncatedMatches ?? 0) > 0 }.count
            let rounded = reading.numbers.filter { ($0.roundedMatches ?? 0) > 0 }.count
            let of = reading.numbers.filter { $0.truncatedMatches != nil }.count
            let only = reading.numbers.filter { ($0.truncatedMatches ?? 0) > 0 && ($0.roundedMatches ?? 0) == 0 }
                .map { label($0.id, which) }
            parts.append(
                "`\(name)`: \(cut) of \(of) published MSEs are some seed's MSE cut to a whole number, \(rounded) some seed's rounded\(only.isEmpty ? "" : " (cut only: \(only.joined(separator: "; ")))")"
            )
        }
        return
            "Are the tables' integers the runs' MSEs cut or rounded? Counting, under each reading, the published whole-number MSEs that equal some seed's MSE cut to a whole number, and those that equal one rounded: "
            + parts.joined(separator: "; ") + ".\n\n"
    }

    /// Each published row of several numbers matched whole, per reading: the seeds matching every
    /// number at once, and the rows whose numbers fit one by one but never together.
    static func joint(_ results: ReportResults, order: [String]) -> String {
        guard let readings = results.readings, let rows = readings[order.first ?? ""]?.joint, !rows.isEmpty,
            let tolerance = results.whichReading?.jointFit
        else { return "" }
        var md =
            "Each published row of several numbers is one run's. Matched whole, a seed matches a row when every number of it is close to the printed one at once (\(tolerance)); `k of n` is how many of the reading's seeds do, and † marks a row whose numbers each lie inside the 95% interval for one run while no seed matches them together:\n\n"
        let header = ["row", "numbers"] + order.map { "`\($0)`" }
        md += "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
        for (index, row) in rows.enumerated() {
            let cells = order.map { name -> String in
                guard let r = readings[name]?.joint?[index], r.row == row.row else { return "—" }
                return "\(r.seedsMatching) of \(r.seeds)\(r.eachConsistent && r.seedsMatching == 0 ? " †" : "")"
            }
            md +=
                "| \(row.label) | \(row.columns.map(ReportMarkdown.columnName).joined(separator: ", ")) | "
                + cells.joined(separator: " | ") + " |\n"
        }
        return md + "\n"
    }

    static func forensics(_ results: ReportResults, order: [String]) -> String {
        guard let f = results.lossLogForensics else { return "" }
        var md = "## Which run printed the headline?\n\n"
        md +=
            "The report prints the validation MSE of a run at \(f.values.count) epochs. A prediction is a whole count and so is an actual count, so an MSE over n validation rows times n is a whole number (the granularity test of Brown and Heathers 2017, applied to MSEs). \(f.finding)\n\n"
        md += "| data | rows | t | validation rows | printed values whole |\n|---|---|---|---|---|\n"
        for c in f.candidates where c.fits || c.trainShare == f.headlineTrainShare {
            md +=
                "| `\(c.data)` | \(readable(Double(c.rows))) | \(c.trainShare) | \(readable(Double(c.validationRows))) | \(c.wholeValues) of \(f.values.count)\(c.fits ? " ✓" : "") |\n"
        }
        md +=
            "\n(The splits that fit, and the headline's; \(f.candidates.count - f.candidates.filter { $0.fits || $0.trainShare == f.headlineTrainShare }.count) other candidates, every share from \(f.candidates.map(\.trainShare).min() ?? 0) to \(f.candidates.map(\.trainShare).max() ?? 0) on each file, fit none: `loss_log_forensics.candidates` in results.json lists them all.)\n\n"
        guard let printed = results.lossCurve?.rows.map({ ($0.epoch, $0.published) }) else { return md }
        for (base, _) in (results.readings?[order.first ?? ""]?.lossCurves ?? [:]).sorted(by: { $0.key < $1.key }) {
            md +=
                "The printed log against `\(base)`'s runs, under each reading (median, and whether the printed value lies inside the 95% interval for one run):\n\n"
            let header = ["epoch", "printed"] + order.map { "`\($0)`" }
            md +=
                "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
            for (index, (epoch, value)) in printed.enumerated() {
                let cells = order.map { name -> String in
                    guard let row = results.readings?[name]?.lossCurves[base]?.rows[index], let r = row.reproduced
                    else { return "—" }
                    return "\(readable(r.median))\(r.consistentWithOneRun == true ? " ✓" : "")"
                }
                md += "| \(epoch) | \(String(format: "%.4f", value)) | " + cells.joined(separator: " | ") + " |\n"
            }
            md += "\n"
        }
        md += headlineRows(results, order: order)
        return md
    }

    /// The rows that print the headline's run, each matched whole under every reading: at the
    /// split it was labelled with, and under the readings that run it at another.
    static func headlineRows(_ results: ReportResults, order: [String]) -> String {
        guard let headline = HeadlineRows(results) else { return "" }
        var md =
            "The rows that print the headline's run (`\(results.headline.experiment)`), matched whole under each reading (seeds matching every number at once; the readings ending in `-t80` run these rows at t = 80):\n\n"
        let header = ["row", "numbers"] + order.map { "`\($0)`" }
        md += "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
        for index in headline.indices {
            let row = headline.rows[index]
            let cells = order.map { name -> String in
                guard let r = headline.readings[name]?.joint?[index] else { return "—" }
                return "\(r.seedsMatching) of \(r.seeds)"
            }
            md +=
                "| \(row.label) | \(row.columns.map(ReportMarkdown.columnName).joined(separator: ", ")) | "
                + cells.joined(separator: " | ") + " |\n"
        }
        md += "\n"
        // The same rows by the split each reading runs them at: the most seeds any reading
        // matches with, per split.
        let splits = headline.splits
        if splits.count > 1 {
            let parts = headline.indices.map { index in
                "\(headline.rows[index].label): "
                    + splits.map { t -> String in
                        guard let top = headline.best(index, at: t) else { return "" }
                        return
                            "at t = \(t) \(top.row.seedsMatching) of \(top.row.seeds)\(top.row.seedsMatching > 0 ? " (`\(top.reading)`)" : "")"
                    }.joined(separator: ", ")
            }
            md +=
                "The most seeds any reading matches each row with, by the split it runs the row at: "
                + parts.joined(separator: "; ") + ".\n\n"
        }
        return md
    }

    static func conclusions(_ results: ReportResults, order: [String]) -> String {
        guard let readings = results.readings, let first = readings[order.first ?? ""] else { return "" }
        var md = "## The conclusions under each reading\n\n"
        md +=
            "Each of the report's conclusions, judged as above on the runs of each reading: on means (and what keeps it open), then on single runs (verdict, probability and its lower 95% bound):\n\n"
        let header = ["conclusion"] + order.map { "`\($0)`" }
        md += "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
        for (index, conclusion) in first.conclusions.enumerated() {
            let cells = order.map { name -> String in
                guard let c = readings[name]?.conclusions[index], let verdict = c.verdict else { return "—" }
                let lower = c.probabilityBounds.map { String(format: ", ≥ %.2f", $0[0]) } ?? ""
                let means =
                    c.onMeans.map { m in
                        "**\(m.verdict.rawValue)**"
                            + (ReportMarkdown.openCauseWords(m.cause, seeds: m.seedsToDecide, cap: m.seedCap).map {
                                " (\($0))"
                            } ?? "") + "; "
                    } ?? ""
                return means
                    + "single runs \(verdict.rawValue) (\(c.probability.map { String(format: "%.2f", $0) } ?? "—")\(lower))"
            }
            md += "| \(conclusion.id) | " + cells.joined(separator: " | ") + " |\n"
        }
        return md + "\n"
    }

    /// What the hidden units pass on under each reading: a spread of 0 is a constant unit.
    static func hiddenUnits(_ results: ReportResults, order: [String]) -> String {
        guard let readings = results.readings, let first = readings[order.first ?? ""] else { return "" }
        var md =
            "What the hidden units do, measured on the validation rows of each seed's model: the largest standard deviation of one hidden unit's output over the rows (0: every unit is a constant), and how many different counts the model predicts (1: it predicts one constant, given in brackets) — median over seeds.\n\n"
        let header = ["experiment"] + order.map { "`\($0)`" }
        md += "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
        for base in first.hiddenUnits.keys.sorted() {
            let cells = order.map { name -> String in
                guard let h = readings[name]?.hiddenUnits[base] else { return "—" }
                let counts = h.distinctPredictions.median
                var text =
                    "spread \(readable(h.outputSpread.median)), \(readable(counts)) count\(counts == 1 ? "" : "s")"
                if let constant = h.constant, h.constantSeeds > 0 {
                    text += " (\(h.constantSeeds) seed\(h.constantSeeds == 1 ? "" : "s") constant: \(spread(constant)))"
                }
                return text
            }
            md += "| `\(base)` | " + cells.joined(separator: " | ") + " |\n"
        }
        return md + "\n" + sweepsAnswer(results, order: order)
    }

    /// What the learning-rate sweeps (run under the text) say of the configurations whose units
    /// some other reading makes constants: no rate can teach those, so they are not swept there.
    static func sweepsAnswer(_ results: ReportResults, order: [String]) -> String {
        guard let readings = results.readings else { return "" }
        var lines: [String] = []
        for sweep in results.beyond.learningRateSweeps ?? [] {
            guard let experiment = sweep.experiment else { continue }
            let constant = order.filter { name in
                guard let h = readings[name]?.hiddenUnits[experiment] else { return false }
                return h.outputSpread.max == 0 && h.distinctPredictions.max == 1
            }
            guard !constant.isEmpty else { continue }
            let converged = sweep.points.filter { $0.converged != false && $0.validationMSE != nil }
            let best = converged.min { $0.validationMSE!.median < $1.validationMSE!.median }
            let atReport = sweep.points.first { $0.factor == 1 }?.validationMSE?.median
            var line =
                "- `\(experiment)`: under \(constant.map { "`\($0)`" }.joined(separator: " and ")) every hidden unit of every seed is a constant, so no learning rate can teach it and it is not swept there"
            if let best, let mse = best.validationMSE?.median {
                line +=
                    "; under the text its sweep's lowest converged median is \(readable(mse)) at η \(formatNumber(best.learningRate))\(atReport.map { " (\(readable($0)) at the report's η \(formatNumber(sweep.reportLearningRate)))" } ?? "")"
            } else {
                line += "; under the text no point of its sweep converged"
            }
            lines.append(line + ".")
        }
        return lines.isEmpty
            ? ""
            : "The learning-rate sweeps (\"Were the learning rates tuned?\" below) run the text's reading:\n\n"
                + lines.joined(separator: "\n") + "\n\n"
    }
}
