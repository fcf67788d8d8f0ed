import Artifacts
import BikeModel
import Drawing
import Foundation

extension Figures {
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
}
