import Artifacts
import BikeModel
import Drawing
import Foundation

extension Figures {
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
