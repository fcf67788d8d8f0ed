import Artifacts
import BikeModel
import Drawing
import Foundation

extension Figures {
    /// A study: median validation MSE (or the study's first measure) at each grid value, evenly
    /// spaced whatever the values, with the seeds' min–max band; one line per value of a second
    /// setting. Points where a seed did not converge are hollow.
    public static func study(_ study: StudyResult, zoom: Int = 1, title: String) -> Canvas {
        let validation = Measure.validationMSE.key
        let measure = study.measures.contains(validation) ? validation : study.measures[0]
        let words = Measure.words(forKey: measure)
        let values = study.rows.compactMap { $0.measures[measure] }.flatMap { [$0.min, $0.max] }.filter { $0 > 0 }
        let isMSE = Measure(key: measure)?.isMSE == true
        let logY = (values.max() ?? 1) / (values.min() ?? 1) > 2.5 && isMSE
        let unit = isMSE ? " (bikes per hour)²" : ""
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
}
