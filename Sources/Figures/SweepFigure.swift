import Artifacts
import BikeModel
import Drawing
import Foundation

extension Figures {
    /// Median validation MSE against learning rate for each configuration of a table, with the
    /// report's choice marked and the rates at which seeds diverged shown along the top.
    public static func sweep(_ sweeps: [BeyondResults.Sweep], zoom: Int = 1, title: String) -> Canvas {
        var chart = Chart(
            title: title, xTitle: "learning rate η (log scale)", yTitle: "validation MSE (bikes per hour)², log scale")
        let anyDiverged = sweeps.contains { $0.points.contains { !$0.divergedSeeds.isEmpty } }
        let anyOpen = sweeps.contains { $0.points.contains { $0.converged == false } }
        chart.subtitle = sweepSubtitle(hollow: anyOpen, diverged: anyDiverged)
        chart.xScale = .log
        chart.yScale = .log
        chart.xPadding = (0.06, 0.06)
        chart.yPadding = (0.03, 0.03)
        let finite = sweeps.flatMap(\.points).compactMap { $0.validationMSE?.max }
        let top = (finite.max() ?? 1) * 1.6
        for (index, sweep) in sweeps.enumerated() {
            let color = Color.palette[index % Color.palette.count]
            let points = sweep.points.filter { $0.validationMSE != nil }
            var line = Series(
                name: sweep.configuration, x: points.map(\.learningRate), y: points.map { $0.validationMSE!.median },
                color: color)
            line.dash = dashes[index % dashes.count]
            line.marker = .circle
            line.markerSize = 8
            line.band = Series.Band(
                x: line.x, low: points.map { $0.validationMSE!.min }, high: points.map { $0.validationMSE!.max })
            chart.series.append(line)
            // Points that did not converge: hollow, drawn over the line's filled markers.
            let open = points.filter { $0.converged == false }
            if !open.isEmpty {
                chart.series.append(
                    hollowMarks(x: open.map(\.learningRate), y: open.map { $0.validationMSE!.median }, color: color))
            }
            if let choice = sweep.points.first(where: { $0.factor == 1 }), let value = choice.validationMSE?.median {
                // Configurations sharing the report's rate would hide each other's ◆: each is
                // nudged sideways by its place in the legend.
                var mark = Series(
                    name: "", x: [choice.learningRate * dodge(index, of: sweeps.count)], y: [value], color: color)
                mark.lineWidth = 0
                mark.marker = .diamond
                mark.markerSize = 15
                mark.inLegend = false
                chart.series.append(mark)
            }
            let diverged = sweep.points.filter { !$0.divergedSeeds.isEmpty }
            if !diverged.isEmpty {
                var warn = Series(
                    name: "", x: diverged.map(\.learningRate), y: diverged.map { _ in top / pow(1.06, Double(index)) },
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

    /// The sweep figure's key: only the marks it draws.
    static func sweepSubtitle(hollow: Bool, diverged: Bool) -> String {
        var parts = ["line: median over seeds, band: lowest to highest", "◆ the report's rate"]
        if hollow { parts.append("○ not converged (a seed hit the epoch limit)") }
        if diverged { parts.append("▲ along the top: some seeds diverged") }
        return parts.joined(separator: "; ")
    }
}
