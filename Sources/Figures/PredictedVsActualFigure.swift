import Artifacts
import BikeModel
import Drawing
import Foundation

extension Figures {
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
}
