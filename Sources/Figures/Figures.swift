import Artifacts
import BikeModel
import Drawing
import Foundation

/// The report's figures. Each returns a canvas of at least 1200 × 800 pixels.
public enum Figures {
    public static let size = (width: 1200, height: 800)
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func canvas(_ chart: Chart, zoom: Int) -> Canvas {
        let canvas = Canvas(width: size.width, height: size.height, zoom: zoom)
        chart.draw(on: canvas, in: Rect(x: 0, y: 0, width: Double(size.width), height: Double(size.height)))
        return canvas
    }

    /// Line styles that differ in dash as well as colour, so curves stay apart in grey print too.
    static let dashes: [[Double]?] = [nil, [12, 6], [3, 5], [14, 5, 3, 5], [6, 4]]

    /// Training and validation MSE per epoch of one seed, with the best epoch and the early stop marked.
    /// With `printed`, the report's printed (epoch, validation MSE) points over the band of all
    /// the history's seeds.
    public static func lossCurve(
        _ history: LossHistory, seed: UInt64, model: ModelFile?, zoom: Int = 1, title: String, logY: Bool = false,
        printed: [(epoch: Int, value: Double)] = []
    ) throws -> Canvas {
        guard let curve = history.curves[seed] else {
            throw InputError(
                file: "history",
                "has no seed \(seed) (it has \(history.seeds.map(String.init).joined(separator: ", ")))")
        }
        var chart = Chart(title: title, xTitle: "epoch", yTitle: "mean squared error (bikes per hour)²")
        chart.integerX = true
        chart.yScale = logY ? .log : .linear
        let epochs = curve.map { Double($0.epoch) }
        if curve.allSatisfy({ $0.trainingMSE != nil }) {
            var training = Series(
                name: "training MSE", x: epochs, y: curve.map { $0.trainingMSE! }, color: Color.palette[0])
            training.dash = [12, 6]
            chart.series.append(training)
        }
        var validation = Series(
            name: "validation MSE", x: epochs, y: curve.map(\.validationMSE), color: Color.palette[1])
        if !printed.isEmpty {
            let summary = history.validationSummary().filter { 2 * $0.seeds >= history.seeds.count }
            var band = Series(
                name: "validation MSE, lowest to highest of \(history.seeds.count) seeds", x: [], y: [],
                color: Color.palette[1])
            band.lineWidth = 0
            band.band = Series.Band(
                x: summary.map { Double($0.epoch) }, low: summary.map(\.spread.min), high: summary.map(\.spread.max))
            chart.series.append(band)
            validation.name = "validation MSE, seed \(seed)"
            chart.subtitle =
                "band: validation MSE of all \(history.seeds.count) seeds, while at least half of them are still training; ■ the report's printed values"
        }
        chart.series.append(validation)
        if !printed.isEmpty {
            var points = Series(
                name: "validation MSE printed in the report", x: printed.map { Double($0.epoch) },
                y: printed.map(\.value), color: Color.palette[3])
            points.lineWidth = 0
            points.marker = .square
            points.markerSize = 11
            chart.series.append(points)
        }
        if let training = model?.training {
            let best = training.best
            if best.epoch >= 1 {
                var point = Series(
                    name: "best epoch \(best.epoch): validation MSE \(Ticks.label(best.validationMSE, step: 0.1))",
                    x: [Double(best.epoch)], y: [best.validationMSE], color: Color.palette[2])
                point.lineWidth = 0
                point.marker = .diamond
                point.markerSize = 14
                chart.series.append(point)
                chart.verticals.append(
                    VerticalMarker(x: Double(best.epoch), label: "best epoch \(best.epoch)", color: Color.palette[2]))
            }
            if training.epochsRun >= 1 {
                // A short label by the line; the reason in the subtitle, where it has room.
                let (short, why) =
                    switch training.stopReason {
                    case .tolerance: ("early stop", "the validation MSE rose past (1 + tolerance) × its best")
                    case .patience: ("early stop", "no new best for more than the patience")
                    case .maxEpochs: ("epoch limit", "the epoch limit was reached")
                    case .diverged: ("diverged", "a loss or weight stopped being finite")
                    case .stalled: ("stalled", "an epoch left every weight as it was")
                    }
                chart.verticals.append(
                    VerticalMarker(
                        x: Double(training.epochsRun), label: "\(short), epoch \(training.epochsRun)",
                        color: Color.axis, dash: [4, 4]))
                chart.subtitle =
                    (chart.subtitle.map { $0 + "\n" } ?? "")
                    + "seed \(seed) stopped at epoch \(training.epochsRun): \(why)"
                // Room right of the last epoch for its label.
                chart.xPadding = (0, 0.15)
            }
        }
        return canvas(chart, zoom: zoom)
    }

    /// Several configurations' validation curves overlaid: the median over seeds and a band from
    /// the lowest to the highest seed, while at least half the seeds still train (early stopping
    /// ends seeds at different epochs, and a median of one or two is noise). Markers at
    /// intervals, at a different phase on each curve, keep curves apart where they coincide,
    /// and the subtitle says which do. Beside it, the final epochs zoomed in.
    public static func comparison(
        _ curves: [(label: String, history: LossHistory)], zoom: Int = 1, title: String, logY: Bool = false
    ) -> Canvas {
        let counts = curves.map { $0.history.seeds.count }
        let summaries = curves.map { curve in
            curve.history.validationSummary().filter { 2 * $0.seeds >= curve.history.seeds.count }
        }
        let longest = summaries.map(\.count).max() ?? 1
        let every = max(1, longest / 8)
        var series: [Series] = []
        for (index, ((label, _), summary)) in zip(curves, summaries).enumerated() {
            let name = Set(counts).count > 1 ? "\(label) (\(seedCount(counts[index])))" : label
            var line = Series(
                name: name, x: summary.map { Double($0.epoch) }, y: summary.map(\.spread.median),
                color: Color.palette[index % Color.palette.count])
            line.dash = dashes[index % dashes.count]
            line.marker = MarkerShape.allCases[index % MarkerShape.allCases.count]
            line.markerSize = 9
            line.markerEvery = every
            line.markerPhase = index * every / max(curves.count, 1)
            line.band = Series.Band(x: line.x, low: summary.map(\.spread.min), high: summary.map(\.spread.max))
            series.append(line)
        }
        let canvas = Canvas(width: 1800, height: 800, zoom: zoom)
        var full = Chart(title: title, xTitle: "epoch", yTitle: "validation MSE (bikes per hour)²")
        full.subtitle = comparisonSubtitle(
            labels: curves.map(\.label), counts: counts, medians: summaries.map { $0.map(\.spread.median) })
        full.integerX = true
        full.yScale = logY ? .log : .linear
        full.series = series
        full.draw(on: canvas, in: Rect(x: 0, y: 0, width: 1000, height: 800))

        // The zoom: from where the first curve comes within 8% of the lowest value, to the end.
        let lowest = series.flatMap(\.y).min() ?? 1
        let ceiling = lowest * 1.08
        let start = series.compactMap { s in zip(s.x, s.y).first { $0.1 <= ceiling }?.0 }.min() ?? 1
        var zoomed = Chart(title: "Final epochs, zoomed", xTitle: "epoch", yTitle: "validation MSE (bikes per hour)²")
        zoomed.integerX = true
        zoomed.series = series.map { s in
            var cut = s
            let keep = s.x.indices.filter { s.x[$0] >= start }
            cut.x = keep.map { s.x[$0] }
            cut.y = keep.map { s.y[$0] }
            cut.markerPhase = s.markerPhase - (keep.first ?? 0)
            while cut.markerPhase < 0 { cut.markerPhase += cut.markerEvery }
            if let band = s.band {
                cut.band = Series.Band(x: cut.x, low: keep.map { band.low[$0] }, high: keep.map { band.high[$0] })
            }
            return cut
        }
        // To the last epoch of the curves that enter the zoom; the others are off its scale.
        let end = series.filter { $0.y.contains { $0 <= ceiling } }.flatMap(\.x).max() ?? start
        zoomed.xRange = start...max(start + 1, end)
        zoomed.yRange = (lowest * 0.995)...ceiling
        zoomed.draw(on: canvas, in: Rect(x: 1000, y: 0, width: 800, height: 800))
        return canvas
    }

    /// "10 seeds", "1 seed".
    static func seedCount(_ n: Int) -> String { n == 1 ? "1 seed" : "\(n) seeds" }

    /// What the comparison's lines and bands are, per curve when the seed counts differ, and
    /// which curves coincide: exactly (the same runs, up to the epoch where one stops) or
    /// within 1% at every epoch they share.
    static func comparisonSubtitle(labels: [String], counts: [Int], medians: [[Double]]) -> String {
        var first: String
        if Set(counts).count == 1, let n = counts.first {
            first =
                n == 1
                ? "line: the one seed's run"
                : "line: median over \(n) seeds; band: lowest to highest seed; median shown while at least half the seeds are still training"
        } else {
            first =
                "line: median over each curve's seeds (in the legend); band: lowest to highest seed; median shown while at least half the seeds are still training"
        }
        var notes: [String] = []
        for i in medians.indices {
            for j in medians.indices where j > i {
                let shared = min(medians[i].count, medians[j].count)
                guard shared >= 2 else { continue }
                let a = medians[i].prefix(shared), b = medians[j].prefix(shared)
                let name = { (k: Int) in labels[k].isEmpty ? "curve \(k + 1)" : labels[k] }
                let same = zip(a, b).prefix { $0 == $1 }.count
                let close = zip(a, b).allSatisfy { abs($0 - $1) <= 0.01 * max(abs($0), abs($1)) }
                if same >= 2 {
                    notes.append(
                        "\(name(i)) and \(name(j)) are the same runs up to epoch \(same)"
                            + (same < shared && close ? ", then within 1% of each other" : ""))
                } else if close {
                    notes.append("\(name(i)) and \(name(j)) coincide within 1% at every epoch")
                }
            }
        }
        guard !notes.isEmpty else { return first }
        return first + "\n" + notes.joined(separator: "; ") + "; markers tell them apart"
    }

    /// Predicted against actual counts, one dot per hour, with the line of perfect prediction.
    public static func predictedVsActual(_ predictions: Predictions, zoom: Int = 1, title: String) -> Canvas {
        let metrics = Metrics(predictions: predictions.predicted, counts: predictions.actual)
        var chart = Chart(
            title: title, xTitle: "actual bikes rented per hour", yTitle: "predicted bikes rented per hour")
        chart.subtitle =
            "\(predictions.actual.count) validation hours; MSE \(Ticks.label(metrics.mse, step: 1)), R² \(String(format: "%.3f", metrics.r2))\nshade: how many hours fall in each small square (darker: more, log scale); dashed: predicted = actual"
        // The same nice range on both axes of a square plot: y = x at 45 degrees, corner to corner.
        let top = Ticks(
            lower: 0, upper: max(predictions.actual.max() ?? 1, predictions.predicted.max() ?? 1, 1), target: 7
        ).upper
        chart.xRange = 0...top
        chart.yRange = 0...top
        chart.squarePlot = true
        chart.diagonal = true
        chart.density = Chart.Density(x: predictions.actual, y: predictions.predicted, color: Color.palette[0], cell: 8)
        chart.showLegend = false
        return canvas(chart, zoom: zoom)
    }

    /// Mean demand by hour of day, actual against predicted, working days and other days apart.
    public static func hourlyProfile(_ predictions: Predictions, rows: HourlyRecords, zoom: Int = 1, title: String)
        throws -> Canvas
    {
        try predictions.checkAligned(with: rows)
        var chart = Chart(title: title, xTitle: "hour of day", yTitle: "mean bikes rented per hour")
        chart.subtitle = "validation hours; solid: actual, dashed: predicted"
        chart.integerX = true
        chart.xRange = -0.5...23.5
        chart.xTickStep = 3
        for (index, (working, name)) in [(1.0, "working days"), (0.0, "weekends and holidays")].enumerated() {
            var actual = [Double](repeating: 0, count: 24), predicted = actual, n = actual
            for row in 0..<rows.rowCount where rows.value(.workingday, row: row) == working {
                let hour = Int(rows.value(.hr, row: row))
                actual[hour] += predictions.actual[row]
                predicted[hour] += predictions.predicted[row]
                n[hour] += 1
            }
            let hours = (0..<24).filter { n[$0] > 0 }
            let color = Color.palette[index == 0 ? 0 : 1]
            var a = Series(
                name: "\(name), actual", x: hours.map(Double.init), y: hours.map { actual[$0] / n[$0] }, color: color)
            a.marker = .circle
            var p = Series(name: "\(name), predicted", x: a.x, y: hours.map { predicted[$0] / n[$0] }, color: color)
            p.dash = [10, 6]
            p.marker = .square
            p.markerSize = 6
            chart.series += [a, p]
        }
        return canvas(chart, zoom: zoom)
    }

    /// Median validation MSE against learning rate for each configuration of a table, with the
    /// report's choice marked and the rates at which seeds diverged shown along the top.
    public static func sweep(_ sweeps: [BeyondResults.Sweep], zoom: Int = 1, title: String) -> Canvas {
        var chart = Chart(
            title: title, xTitle: "learning rate η (log scale)", yTitle: "validation MSE (bikes per hour)², log scale")
        let anyDiverged = sweeps.contains { $0.points.contains { !$0.diverged_seeds.isEmpty } }
        let anyOpen = sweeps.contains { $0.points.contains { $0.converged == false } }
        chart.subtitle = sweepSubtitle(hollow: anyOpen, diverged: anyDiverged)
        chart.xScale = .log
        chart.yScale = .log
        chart.xPadding = (0.06, 0.06)
        chart.yPadding = (0.03, 0.03)
        let finite = sweeps.flatMap(\.points).compactMap { $0.val_mse?.max }
        let top = (finite.max() ?? 1) * 1.6
        for (index, sweep) in sweeps.enumerated() {
            let color = Color.palette[index % Color.palette.count]
            let points = sweep.points.filter { $0.val_mse != nil }
            var line = Series(
                name: sweep.configuration, x: points.map(\.learning_rate), y: points.map { $0.val_mse!.median },
                color: color)
            line.dash = dashes[index % dashes.count]
            line.marker = .circle
            line.markerSize = 8
            line.band = Series.Band(
                x: line.x, low: points.map { $0.val_mse!.min }, high: points.map { $0.val_mse!.max })
            chart.series.append(line)
            // Points that did not converge: hollow, drawn over the line's filled markers.
            let open = points.filter { $0.converged == false }
            if !open.isEmpty {
                chart.series.append(
                    hollowMarks(x: open.map(\.learning_rate), y: open.map { $0.val_mse!.median }, color: color))
            }
            if let choice = sweep.points.first(where: { $0.factor == 1 }), let value = choice.val_mse?.median {
                // Configurations sharing the report's rate would hide each other's ◆: each is
                // nudged sideways by its place in the legend.
                var mark = Series(
                    name: "", x: [choice.learning_rate * dodge(index, of: sweeps.count)], y: [value], color: color)
                mark.lineWidth = 0
                mark.marker = .diamond
                mark.markerSize = 15
                mark.inLegend = false
                chart.series.append(mark)
            }
            let diverged = sweep.points.filter { !$0.diverged_seeds.isEmpty }
            if !diverged.isEmpty {
                var warn = Series(
                    name: "", x: diverged.map(\.learning_rate), y: diverged.map { _ in top / pow(1.06, Double(index)) },
                    color: color)
                warn.lineWidth = 0
                warn.marker = .triangle
                warn.markerSize = 11
                warn.inLegend = false
                chart.series.append(warn)
            }
        }
        return canvas(chart, zoom: zoom)
    }

    /// A study: median validation MSE (or the study's first measure) at each grid value, evenly
    /// spaced whatever the values, with the seeds' min–max band; one line per value of a second
    /// setting. Points where a seed did not converge are hollow.
    public static func study(_ study: StudyResult, zoom: Int = 1, title: String) -> Canvas {
        let measure = study.measures.contains("val_mse") ? "val_mse" : study.measures[0]
        let words = measure == "val_mse" ? "validation MSE" : measure == "train_mse" ? "training MSE" : measure
        let values = study.rows.compactMap { $0.measures[measure] }.flatMap { [$0.min, $0.max] }.filter { $0 > 0 }
        let logY = (values.max() ?? 1) / (values.min() ?? 1) > 2.5 && measure.hasSuffix("mse")
        let unit = measure.hasSuffix("mse") ? " (bikes per hour)²" : ""
        var chart = Chart(
            title: title, xTitle: "\(study.settings[0]) (the grid's values, evenly spaced)",
            yTitle: "\(words)\(unit)\(logY ? ", log scale" : "")")
        chart.yScale = logY ? .log : .linear
        func first(_ row: StudyResult.Row) -> JSONValue {
            if case .array(let pair) = row.value, let head = pair.first { return head }
            return row.value
        }
        func second(_ row: StudyResult.Row) -> JSONValue? {
            if case .array(let pair) = row.value, pair.count > 1 { return pair[1] }
            return nil
        }
        var xs: [String] = []
        for row in study.rows where !xs.contains(first(row).description) { xs.append(first(row).description) }
        var groups: [String?] = []
        for row in study.rows where !groups.contains(second(row)?.description) {
            groups.append(second(row)?.description)
        }
        chart.integerX = true
        chart.xTickStep = 1
        chart.xRange = -0.5...(Double(xs.count) - 0.5)
        chart.xTickNames = Dictionary(uniqueKeysWithValues: xs.enumerated().map { (Double($0), $1) })
        chart.yPadding = (0.05, 0.05)
        chart.showLegend = groups.count > 1
        var anyOpen = false
        for (index, group) in groups.enumerated() {
            let rows = study.rows.filter { second($0)?.description == group && $0.measures[measure] != nil }
            let x = rows.map { Double(xs.firstIndex(of: first($0).description) ?? 0) }
            let color = Color.palette[index % Color.palette.count]
            var line = Series(
                name: group.map { "\(study.settings[1]) = \($0)" } ?? words, x: x,
                y: rows.map { $0.measures[measure]!.median }, color: color)
            line.dash = dashes[index % dashes.count]
            line.marker = .circle
            line.markerSize = 8
            line.band = Series.Band(
                x: x, low: rows.map { $0.measures[measure]!.min }, high: rows.map { $0.measures[measure]!.max })
            chart.series.append(line)
            let open = zip(rows, x).filter { !$0.0.unconvergedSeeds.isEmpty }
            if !open.isEmpty {
                anyOpen = true
                chart.series.append(
                    hollowMarks(x: open.map(\.1), y: open.map { $0.0.measures[measure]!.median }, color: color))
            }
        }
        let seeds = Set(study.rows.map(\.seeds.count))
        chart.subtitle =
            "line: median over \(seeds.count == 1 ? seedCount(seeds.first ?? 0) : "the seeds") at each value, band: lowest to highest"
            + (anyOpen ? "; ○ a seed hit the epoch limit or diverged" : "")
        return canvas(chart, zoom: zoom)
    }

    /// Hollow circles over a line's filled markers: points where a seed did not converge.
    static func hollowMarks(x: [Double], y: [Double], color: Color) -> Series {
        var hollow = Series(name: "", x: x, y: y, color: color)
        hollow.lineWidth = 0
        hollow.marker = .circle
        hollow.markerSize = 8
        hollow.hollow = true
        hollow.inLegend = false
        return hollow
    }

    /// The sweep figure's key: only the marks it draws.
    static func sweepSubtitle(hollow: Bool, diverged: Bool) -> String {
        var parts = ["line: median over seeds, band: lowest to highest", "◆ the report's rate"]
        if hollow { parts.append("○ not converged (a seed hit the epoch limit)") }
        if diverged { parts.append("▲ along the top: some seeds diverged") }
        return parts.joined(separator: "; ")
    }

    /// A factor on a log axis spreading `count` marks at one x symmetrically, 4% apart.
    static func dodge(_ index: Int, of count: Int) -> Double {
        pow(1.04, Double(index) - Double(count - 1) / 2)
    }

    /// Mean demand by month in the test year, actual against predicted, beside the training
    /// year's actual demand.
    public static func monthly(
        _ predictions: Predictions, rows: HourlyRecords, reference: HourlyRecords?, zoom: Int = 1, title: String
    ) throws -> Canvas {
        try predictions.checkAligned(with: rows)
        func byMonth(_ records: HourlyRecords, _ values: [Double]) -> [Double] {
            var sum = [Double](repeating: 0, count: 13), n = sum
            for row in 0..<records.rowCount {
                let month = Int(records.value(.mnth, row: row))
                sum[month] += values[row]
                n[month] += 1
            }
            return (1...12).map { n[$0] > 0 ? sum[$0] / n[$0] : .nan }
        }
        let months = (1...12).map(Double.init)
        let year = rows.rowCount > 0 && rows.value(.yr, row: 0) == 1 ? "2012" : "test year"
        var chart = Chart(title: title, xTitle: "month", yTitle: "mean bikes rented per hour")
        chart.integerX = true
        chart.xRange = 0.5...12.5
        chart.xTickStep = 1
        chart.xTickNames = Dictionary(uniqueKeysWithValues: zip(months, Figures.monthNames))
        var actual = Series(
            name: "\(year), actual", x: months, y: byMonth(rows, predictions.actual), color: Color.palette[0])
        actual.marker = .circle
        var predicted = Series(
            name: "\(year), predicted by the model trained on 2011", x: months, y: byMonth(rows, predictions.predicted),
            color: Color.palette[1])
        predicted.dash = [12, 6]
        predicted.marker = .square
        predicted.markerSize = 6
        chart.series = [actual, predicted]
        if let reference {
            var past = Series(
                name: "2011, actual", x: months, y: byMonth(reference, reference.counts), color: Color.palette[2])
            past.dash = [3, 5]
            past.marker = .triangle
            chart.series.append(past)
        }
        chart.yRange = 0...((chart.series.flatMap(\.y).filter(\.isFinite).max() ?? 1) * 1.05)
        return canvas(chart, zoom: zoom)
    }
}
