import Artifacts
import BikeModel
import Drawing
import Foundation

extension Figures {
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
}
