import Foundation

/// One thing drawn on a chart: a line, markers, or both, with an optional shaded band.
public struct Series: Sendable {
    public struct Band: Sendable {
        public var x: [Double], low: [Double], high: [Double]
        public init(x: [Double], low: [Double], high: [Double]) { self.x = x; self.low = low; self.high = high }
    }

    public var name: String
    public var x: [Double], y: [Double]
    public var color: Color
    /// 0 draws no line.
    public var lineWidth: Double = 2.5
    public var dash: [Double]?
    public var marker: MarkerShape?
    public var markerSize: Double = 7
    /// Markers drawn as outlines: a point that is not what it seems (a run that did not converge).
    public var hollow = false
    public var band: Band?
    /// Shown in the legend; false for helpers such as a reference line.
    public var inLegend = true

    public init(name: String, x: [Double], y: [Double], color: Color) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
    }
}

/// A labelled vertical line, for events such as "best epoch".
public struct VerticalMarker: Sendable {
    public var x: Double, label: String, color: Color, dash: [Double]?
    public init(x: Double, label: String, color: Color, dash: [Double]? = [8, 5]) { self.x = x; self.label = label; self.color = color; self.dash = dash }
}

/// A two-axis chart: title, axis titles with units, nice ticks, grid, series, markers, and a
/// legend placed where it covers the fewest data points.
public struct Chart: Sendable {
    public var title: String
    public var subtitle: String?
    public var xTitle: String
    public var yTitle: String
    public var xScale: Scale = .linear
    public var yScale: Scale = .linear
    public var series: [Series] = []
    public var verticals: [VerticalMarker] = []
    /// Draw y = x across the plot (predicted against actual).
    public var diagonal = false
    /// Fixed ranges; nil fits the data.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// Integer data on x (epochs, hours): ticks at whole numbers only.
    public var integerX = false
    /// false leaves the legend out (a second panel of the same series, say).
    public var showLegend = true
    /// A fixed spacing of x ticks (3 for hours of the day, say); nil chooses one.
    public var xTickStep: Double?

    public init(title: String, xTitle: String, yTitle: String) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
    }

    static let titleSize = 17.0, subtitleSize = 12.0, axisTitleSize = 13.0, tickSize = 11.5, legendSize = 12.0

    public func draw(on canvas: Canvas, in frame: Rect) {
        let pad = 14.0
        var top = frame.y + pad
        canvas.text(title, at: Point(frame.x + frame.width / 2, top), size: Chart.titleSize, color: .text, anchor: .top)
        top += canvas.measure(title, size: Chart.titleSize).height + 4
        if let subtitle {
            canvas.text(subtitle, at: Point(frame.x + frame.width / 2, top), size: Chart.subtitleSize, color: Color(hex: 0x555555), anchor: .top)
            top += canvas.measure(subtitle, size: Chart.subtitleSize).height
        }
        top += 12

        let (xTicks, yTicks) = ticks()
        let tickHeight = canvas.measure("0", size: Chart.tickSize).height
        let tickWidth = yTicks.labels.map { canvas.measure($0, size: Chart.tickSize).width }.max() ?? 0
        let axisTitleHeight = canvas.measure(yTitle, size: Chart.axisTitleSize).height
        let left = frame.x + pad + axisTitleHeight + 10 + tickWidth + 8
        let bottom = frame.maxY - pad - axisTitleHeight - 8 - tickHeight - 8
        var plot = Rect(x: left, y: top, width: frame.maxX - pad - 10 - left, height: bottom - top)

        let legend = showLegend ? legendLayout(canvas) : nil
        var legendBox: Rect?
        if let legend {
            let placement = bestLegendPlace(size: legend, plot: plot, xTicks: xTicks, yTicks: yTicks)
            if let placement { legendBox = placement } else {
                // Every corner covers data: give the legend a column of its own on the right.
                plot.width -= legend.width + 16
                legendBox = Rect(x: plot.maxX + 16, y: plot.y, width: legend.width, height: legend.height)
            }
        }

        let map = Mapping(plot: plot, x: xTicks, y: yTicks, xScale: xScale, yScale: yScale)
        // Grid and ticks.
        for (value, label) in zip(yTicks.values, yTicks.labels) {
            let y = map.y(value)
            canvas.line(from: Point(plot.x, y), to: Point(plot.maxX, y), color: .grid, width: 1)
            canvas.text(label, at: Point(plot.x - 8, y), size: Chart.tickSize, color: .text, anchor: .right)
        }
        for (value, label) in zip(xTicks.values, xTicks.labels) {
            let x = map.x(value)
            canvas.line(from: Point(x, plot.y), to: Point(x, plot.maxY), color: .grid, width: 1)
            canvas.line(from: Point(x, plot.maxY), to: Point(x, plot.maxY + 5), color: .axis, width: 1)
            canvas.text(label, at: Point(x, plot.maxY + 8), size: Chart.tickSize, color: .text, anchor: .top)
        }
        canvas.text(xTitle, at: Point(plot.x + plot.width / 2, frame.maxY - pad), size: Chart.axisTitleSize, color: .text, anchor: .bottom)
        canvas.text(yTitle, at: Point(frame.x + pad, plot.y + plot.height / 2), size: Chart.axisTitleSize, color: .text, anchor: .top, angle: 90)

        if diagonal {
            let lo = max(xTicks.lower, yTicks.lower), hi = min(xTicks.upper, yTicks.upper)
            canvas.line(from: map.point(lo, lo), to: map.point(hi, hi), color: Color(hex: 0x555555), width: 1.5, dash: [10, 6])
        }
        canvas.clip(to: plot)
        for s in series { if let band = s.band { drawBand(band, color: s.color, canvas: canvas, map: map) } }
        for s in series {
            let points = zip(s.x, s.y).filter { map.visible($0.0, $0.1) }.map { map.point($0.0, $0.1) }
            if s.lineWidth > 0 { canvas.polyline(points, color: s.color, width: s.lineWidth, dash: s.dash) }
            if let marker = s.marker {
                for p in points {
                    canvas.marker(marker, at: p, size: s.markerSize, color: s.color)
                    if s.hollow { canvas.marker(marker, at: p, size: s.markerSize * 0.55, color: .white) }
                }
            }
        }
        canvas.clip(to: nil)
        for v in verticals where v.x >= xTicks.lower && v.x <= xTicks.upper {
            let x = map.x(v.x)
            canvas.line(from: Point(x, plot.y), to: Point(x, plot.maxY), color: v.color, width: 1.5, dash: v.dash)
        }
        placeVerticalLabels(canvas: canvas, map: map, plot: plot, avoiding: legendBox)
        canvas.stroke(plot, color: .axis, width: 1)
        if let legendBox { drawLegend(canvas: canvas, box: legendBox) }
    }

    struct Mapping {
        var plot: Rect, x: Ticks, y: Ticks, xScale: Scale, yScale: Scale
        func t(_ v: Double, _ ticks: Ticks, _ scale: Scale) -> Double {
            scale == .log ? (log10(v) - log10(ticks.lower)) / (log10(ticks.upper) - log10(ticks.lower)) : (v - ticks.lower) / (ticks.upper - ticks.lower)
        }
        func x(_ v: Double) -> Double { plot.x + t(v, x, xScale) * plot.width }
        func y(_ v: Double) -> Double { plot.maxY - t(v, y, yScale) * plot.height }
        func point(_ a: Double, _ b: Double) -> Point { Point(x(a), y(b)) }
        func visible(_ a: Double, _ b: Double) -> Bool {
            a.isFinite && b.isFinite && (xScale != .log || a > 0) && (yScale != .log || b > 0)
        }
    }

    /// Ticks fitted to every series, band and marker, or to the fixed ranges.
    func ticks() -> (Ticks, Ticks) {
        var xs = series.flatMap(\.x) + verticals.map(\.x)
        var ys = series.flatMap(\.y) + series.compactMap(\.band).flatMap { $0.low + $0.high }
        xs = xs.filter { $0.isFinite && (xScale != .log || $0 > 0) }
        ys = ys.filter { $0.isFinite && (yScale != .log || $0 > 0) }
        let xr = xRange ?? ((xs.min() ?? 0)...(xs.max() ?? 1))
        let yr = yRange ?? ((ys.min() ?? 0)...(ys.max() ?? 1))
        var xTicks = Ticks(lower: xr.lowerBound, upper: xr.upperBound, scale: xScale, target: 8, exact: xRange != nil, step: xTickStep)
        if integerX, xScale == .linear, let step = zip(xTicks.values.dropFirst(), xTicks.values).map({ $0 - $1 }).first, step < 1 {
            xTicks = Ticks(lower: xr.lowerBound, upper: max(xr.upperBound, xr.lowerBound + 1), scale: .linear, exact: xRange != nil, step: 1)
        }
        return (xTicks, Ticks(lower: yr.lowerBound, upper: yr.upperBound, scale: yScale, target: 7, exact: yRange != nil))
    }

    private func drawBand(_ band: Series.Band, color: Color, canvas: Canvas, map: Mapping) {
        let upper = zip(band.x, band.high).filter { map.visible($0.0, $0.1) }.map { map.point($0.0, $0.1) }
        let lower = zip(band.x, band.low).filter { map.visible($0.0, $0.1) }.map { map.point($0.0, $0.1) }
        guard upper.count >= 2, upper.count == lower.count else { return }
        // One polygon, so that a translucent band has no seams: along the top, back along the bottom.
        canvas.fillPolygon(upper + lower.reversed(), color: color.with(opacity: 0.18))
    }

    private func legendLayout(_ canvas: Canvas) -> (width: Double, height: Double)? {
        let entries = series.filter(\.inLegend)
        guard !entries.isEmpty else { return nil }
        let row = canvas.measure("Hg", size: Chart.legendSize).height + 6
        let width = entries.map { canvas.measure($0.name, size: Chart.legendSize).width }.max()! + 36 + 20
        return (width, Double(entries.count) * row + 14)
    }

    /// The corner (or edge middle) whose box holds the fewest data points, nil if all hold some.
    private func bestLegendPlace(size: (width: Double, height: Double), plot: Rect, xTicks: Ticks, yTicks: Ticks) -> Rect? {
        let map = Mapping(plot: plot, x: xTicks, y: yTicks, xScale: xScale, yScale: yScale)
        var points: [Point] = []
        for s in series {
            let pts = zip(s.x, s.y).filter { map.visible($0.0, $0.1) }.map { map.point($0.0, $0.1) }
            points += pts
            // Sample along the lines too, so a legend does not sit on a long segment.
            for (a, b) in zip(pts, pts.dropFirst()) { for k in 1..<8 { let t = Double(k) / 8; points.append(Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)) } }
            if let band = s.band {
                for (x, (lo, hi)) in zip(band.x, zip(band.low, band.high)) where map.visible(x, lo) && map.visible(x, hi) {
                    let top = map.y(hi), bottom = map.y(lo)
                    for k in 0...4 { points.append(Point(map.x(x), top + (bottom - top) * Double(k) / 4)) }
                }
            }
        }
        let m = 10.0
        let candidates = [
            Rect(x: plot.maxX - size.width - m, y: plot.y + m, width: size.width, height: size.height),
            Rect(x: plot.x + m, y: plot.y + m, width: size.width, height: size.height),
            Rect(x: plot.maxX - size.width - m, y: plot.maxY - size.height - m, width: size.width, height: size.height),
            Rect(x: plot.x + m, y: plot.maxY - size.height - m, width: size.width, height: size.height),
            Rect(x: plot.maxX - size.width - m, y: plot.y + (plot.height - size.height) / 2, width: size.width, height: size.height),
            Rect(x: plot.x + (plot.width - size.width) / 2, y: plot.y + m, width: size.width, height: size.height),
        ]
        guard size.width < plot.width * 0.6, size.height < plot.height * 0.8 else { return nil }
        return candidates.first { box in !points.contains { box.inset(by: -4).contains($0) } }
    }

    private func drawLegend(canvas: Canvas, box: Rect) {
        canvas.fill(box, color: Color.white.with(opacity: 0.92))
        canvas.stroke(box, color: Color(hex: 0xCCCCCC), width: 1)
        let row = canvas.measure("Hg", size: Chart.legendSize).height + 6
        for (i, s) in series.filter(\.inLegend).enumerated() {
            let y = box.y + 7 + row * (Double(i) + 0.5)
            if let band = s.band, !band.x.isEmpty {
                canvas.fill(Rect(x: box.x + 10, y: y - 6, width: 28, height: 12), color: s.color.with(opacity: 0.18))
            }
            if s.lineWidth > 0 { canvas.line(from: Point(box.x + 10, y), to: Point(box.x + 38, y), color: s.color, width: s.lineWidth, dash: s.dash) }
            if let marker = s.marker {
                canvas.marker(marker, at: Point(box.x + 24, y), size: max(s.markerSize, 6), color: s.color.with(opacity: 1))
                if s.hollow { canvas.marker(marker, at: Point(box.x + 24, y), size: max(s.markerSize, 6) * 0.55, color: .white) }
            }
            canvas.text(s.name, at: Point(box.x + 46, y), size: Chart.legendSize, color: .text, anchor: .left)
        }
    }

    /// Labels of vertical markers along the top of the plot, stacked where they would collide.
    private func placeVerticalLabels(canvas: Canvas, map: Mapping, plot: Rect, avoiding legend: Rect?) {
        var taken: [Rect] = legend.map { [$0] } ?? []
        for v in verticals.sorted(by: { $0.x < $1.x }) where v.x >= map.x.lower && v.x <= map.x.upper {
            let (w, h) = canvas.measure(v.label, size: Chart.tickSize)
            let x = map.x(v.x)
            var placed: Rect?
            // Along the top first, then along the bottom, beside the line on either side.
            let spacing: Double = h + 4
            let topRows: [Double] = (0..<4).map { plot.y + 6 + Double($0) * spacing }
            let bottomRows: [Double] = (0..<4).map { plot.maxY - 6 - h - Double($0) * spacing }
            let rows = topRows + bottomRows
            for y in rows {
                for rightSide in [true, false] {
                    let r = Rect(x: rightSide ? x + 5 : x - 5 - w, y: y, width: w, height: h)
                    if r.x >= plot.x && r.maxX <= plot.maxX && !taken.contains(where: { $0.intersects(r) }) { placed = r; break }
                }
                if placed != nil { break }
            }
            guard let r = placed else { continue }
            taken.append(r)
            canvas.fill(r.inset(by: -2), color: Color.white.with(opacity: 0.85))
            canvas.text(v.label, at: Point(r.x, r.y), size: Chart.tickSize, color: v.color, anchor: .topLeft)
        }
    }
}
