import BikeDemand
import Drawing
import Foundation

/// The report's figures. Each returns a canvas of at least 1200 × 800 pixels.
public enum Figures {
    public static let size = (width: 1200, height: 800)

    static func canvas(_ chart: Chart) -> Canvas {
        let canvas = Canvas(width: size.width, height: size.height)
        chart.draw(on: canvas, in: Rect(x: 0, y: 0, width: Double(size.width), height: Double(size.height)))
        return canvas
    }

    /// Line styles that differ in dash as well as colour, so curves stay apart in grey print too.
    static let dashes: [[Double]?] = [nil, [12, 6], [3, 5], [14, 5, 3, 5], [6, 4]]

    /// Training and validation MSE per epoch of one seed, with the best epoch and the early stop marked.
    public static func lossCurve(_ history: LossHistory, seed: UInt64, model: ModelFile?, title: String, logY: Bool = false) throws -> Canvas {
        guard let curve = history.curves[seed] else {
            throw InputError(file: "history", "has no seed \(seed) (it has \(history.seeds.map(String.init).joined(separator: ", ")))")
        }
        var chart = Chart(title: title, xTitle: "epoch", yTitle: "mean squared error (bikes per hour)²")
        chart.integerX = true
        chart.yScale = logY ? .log : .linear
        let epochs = curve.map { Double($0.epoch) }
        if curve.allSatisfy({ $0.trainingMSE != nil }) {
            var training = Series(name: "training MSE", x: epochs, y: curve.map { $0.trainingMSE! }, color: Color.palette[0])
            training.dash = [12, 6]
            chart.series.append(training)
        }
        chart.series.append(Series(name: "validation MSE", x: epochs, y: curve.map(\.validationMSE), color: Color.palette[1]))
        if let training = model?.training {
            let best = training.best
            if best.epoch >= 1 {
                var point = Series(name: "best epoch \(best.epoch): validation MSE \(Ticks.label(best.validationMSE, step: 0.1))", x: [Double(best.epoch)], y: [best.validationMSE], color: Color.palette[2])
                point.lineWidth = 0
                point.marker = .diamond
                point.markerSize = 14
                chart.series.append(point)
                chart.verticals.append(VerticalMarker(x: Double(best.epoch), label: "best epoch \(best.epoch)", color: Color.palette[2]))
            }
            if training.epochsRun >= 1 {
                let why = switch training.stopReason {
                case .tolerance: "early stop: loss rose past tolerance"
                case .patience: "early stop: no new best for too long"
                case .maxEpochs: "epoch limit"
                case .diverged: "diverged"
                }
                chart.verticals.append(VerticalMarker(x: Double(training.epochsRun), label: "\(why) (epoch \(training.epochsRun))", color: Color.axis, dash: [4, 4]))
            }
        }
        return canvas(chart)
    }

    /// Several configurations' loss curves overlaid: the median over seeds, and a band from the
    /// lowest to the highest seed, at each epoch that any seed reached.
    public static func comparison(_ curves: [(label: String, history: LossHistory)], title: String,
                                  measure: KeyPath<EpochLoss, Double?> = \.validation, yTitle: String = "validation MSE (bikes per hour)²", logY: Bool = false) -> Canvas {
        var chart = Chart(title: title, xTitle: "epoch", yTitle: yTitle)
        chart.subtitle = "line: median over seeds; band: lowest to highest seed; a curve ends when its last seed stopped"
        chart.integerX = true
        chart.yScale = logY ? .log : .linear
        for (index, (label, history)) in curves.enumerated() {
            let summary = history.summary(measure)
            var series = Series(name: "\(label) (\(history.seeds.count) seeds)", x: summary.map { Double($0.epoch) }, y: summary.map(\.spread.median),
                                color: Color.palette[index % Color.palette.count])
            series.dash = dashes[index % dashes.count]
            series.band = Series.Band(x: series.x, low: summary.map(\.spread.min), high: summary.map(\.spread.max))
            chart.series.append(series)
        }
        return canvas(chart)
    }

    /// Predicted against actual counts, one dot per hour, with the line of perfect prediction.
    public static func predictedVsActual(_ predictions: Predictions, title: String) -> Canvas {
        let metrics = Metrics(predictions: predictions.predicted, counts: predictions.actual)
        var chart = Chart(title: title, xTitle: "actual bikes rented in the hour", yTitle: "predicted bikes rented in the hour")
        chart.subtitle = "\(predictions.actual.count) validation hours; MSE \(Ticks.label(metrics.mse, step: 1)), R² \(String(format: "%.3f", metrics.r2)); dashed: predicted = actual"
        // The same nice range on both axes, so that the y = x line runs corner to corner.
        let top = Ticks(lower: 0, upper: max(predictions.actual.max() ?? 1, predictions.predicted.max() ?? 1, 1), target: 7).upper
        chart.xRange = 0...top
        chart.yRange = 0...top
        chart.diagonal = true
        var dots = Series(name: "one validation hour", x: predictions.actual, y: predictions.predicted, color: Color.palette[0].with(opacity: 0.35))
        dots.lineWidth = 0
        dots.marker = .circle
        dots.markerSize = 5
        chart.series.append(dots)
        return canvas(chart)
    }

    /// Mean demand by hour of day, actual against predicted, working days and other days apart.
    public static func hourlyProfile(_ predictions: Predictions, rows: HourlyRecords, title: String) throws -> Canvas {
        guard rows.rowCount == predictions.actual.count, rows.counts == predictions.actual else {
            throw InputError(file: rows.file, "its \(rows.rowCount) rows do not line up with the \(predictions.actual.count) predictions (are they the same validation rows?)")
        }
        var chart = Chart(title: title, xTitle: "hour of day", yTitle: "mean bikes rented in the hour")
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
            var a = Series(name: "\(name), actual", x: hours.map(Double.init), y: hours.map { actual[$0] / n[$0] }, color: color)
            a.marker = .circle
            var p = Series(name: "\(name), predicted", x: a.x, y: hours.map { predicted[$0] / n[$0] }, color: color)
            p.dash = [10, 6]
            p.marker = .square
            p.markerSize = 6
            chart.series += [a, p]
        }
        return canvas(chart)
    }
}
