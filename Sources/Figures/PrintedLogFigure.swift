import Artifacts
import BikeModel
import Drawing
import Foundation

extension Figures {
    /// The report's printed loss log against the runs the results set it against (the runs the
    /// log's forensics pick, or the headline's): at each printed epoch the runs' median, their
    /// lowest to highest, and the printed value; the same numbers as the table beside it.
    public static func printedLog(_ curve: ReportResults.LossCurve, zoom: Int = 1, title: String) -> Canvas {
        var chart = Chart(title: title, xTitle: "epoch", yTitle: "validation MSE (bikes per hour)²")
        chart.integerX = true
        chart.xPadding = (0.03, 0.03)
        let rows = curve.rows.filter { $0.reproduced != nil }
        let x = rows.map { Double($0.epoch) }
        var runs = Series(
            name: "median of the runs of \(curve.experiment ?? "the headline")", x: x,
            y: rows.map { $0.reproduced!.median }, color: Color.palette[1])
        runs.marker = .circle
        runs.markerSize = 8
        runs.band = Series.Band(x: x, low: rows.map { $0.reproduced!.min }, high: rows.map { $0.reproduced!.max })
        chart.series.append(runs)
        var printed = Series(
            name: "validation MSE printed in the report", x: curve.rows.map { Double($0.epoch) },
            y: curve.rows.map(\.published), color: Color.palette[3])
        printed.lineWidth = 0
        printed.marker = .square
        printed.markerSize = 11
        chart.series.append(printed)
        let seeds = Set(rows.compactMap { $0.reproduced?.seeds })
        chart.subtitle =
            "band: lowest to highest of \(seeds.count == 1 ? "the \(seeds.first!) seeds" : "the seeds still training") at each printed epoch; ■ the report's printed values"
        return canvas(chart, zoom: zoom)
    }
}
