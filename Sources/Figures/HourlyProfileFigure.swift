import Artifacts
import BikeModel
import Drawing
import Foundation

extension Figures {
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
}
