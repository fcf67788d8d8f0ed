import Artifacts
import BikeModel
import Drawing
import Foundation

/// The median of the values (the mean of the middle two for an even count).
private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted(), n = sorted.count
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

extension Figures {
    /// A declared run's loss curves: the median over its seeds of the training and validation
    /// losses after each measured step, the validation loss's lowest to highest seed as a band.
    public static func declaredLosses(_ runs: DeclaredRunsFile, zoom: Int = 1, title: String) throws -> Canvas {
        guard let steps = runs.seeds.first?.losses.map({ $0[0] }), !steps.isEmpty,
            runs.seeds.allSatisfy({ $0.losses.map { $0[0] } == steps && $0.losses.allSatisfy { $0.count == 3 } })
        else {
            throw InputError(file: "\(runs.report)/\(runs.run)", "its seeds do not share one list of measured steps")
        }
        func column(_ k: Int) -> [[Double]] {
            steps.indices.map { i in runs.seeds.map { $0.losses[i][k] } }
        }
        let training = column(1), validation = column(2)
        var chart = Chart(title: title, xTitle: "step", yTitle: runs.lossWords)
        chart.subtitle = "median of \(runs.seeds.count) seeds; band: validation loss, lowest to highest seed"
        var band = Series(name: "validation loss, lowest to highest seed", x: [], y: [], color: Color.palette[1])
        band.lineWidth = 0
        band.band = Series.Band(
            x: steps, low: validation.map { $0.min()! }, high: validation.map { $0.max()! })
        chart.series.append(band)
        var trainingSeries = Series(
            name: "training loss", x: steps, y: training.map(median), color: Color.palette[0])
        trainingSeries.dash = [12, 6]
        chart.series.append(trainingSeries)
        chart.series.append(
            Series(name: "validation loss", x: steps, y: validation.map(median), color: Color.palette[1]))
        return canvas(chart, zoom: zoom)
    }

    /// The test rows' real counts against the predictions: the median over seeds, and their
    /// lowest to highest as a band.
    public static func declaredTest(_ runs: DeclaredRunsFile, zoom: Int = 1, title: String) throws -> Canvas {
        let rows = runs.testCounts.count
        guard rows > 0, !runs.seeds.isEmpty, runs.seeds.allSatisfy({ $0.testPredictions.count == rows }) else {
            throw InputError(
                file: "\(runs.report)/\(runs.run)", "has no test rows, or a seed lacks some of their predictions")
        }
        let x = (0..<rows).map(Double.init)
        let predictions = (0..<rows).map { r in runs.seeds.map { $0.testPredictions[r] } }
        var chart = Chart(title: title, xTitle: "test hour (in file order)", yTitle: "bikes per hour")
        chart.integerX = true
        chart.xRange = 0...Double(rows - 1)
        chart.subtitle = "prediction: median of \(runs.seeds.count) seeds, band lowest to highest"
        var band = Series(name: "predicted, lowest to highest seed", x: [], y: [], color: Color.palette[1])
        band.lineWidth = 0
        band.band = Series.Band(x: x, low: predictions.map { $0.min()! }, high: predictions.map { $0.max()! })
        chart.series.append(band)
        chart.series.append(Series(name: "actual", x: x, y: runs.testCounts, color: Color.palette[0]))
        var median = Series(
            name: "predicted", x: x, y: predictions.map(median), color: Color.palette[1])
        median.dash = [12, 6]
        chart.series.append(median)
        return canvas(chart, zoom: zoom)
    }
}
