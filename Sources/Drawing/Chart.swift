import Foundation

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
    /// Tick labels by value (month names for 1...12, say); ticks without one keep the number.
    public var xTickNames: [Double: String] = [:]
    /// Room around the data as a fraction of its span (of its decades on a log axis), so that
    /// no point sits on the frame; fixed ranges are kept as given.
    public var xPadding: (low: Double, high: Double) = (0, 0)
    public var yPadding: (low: Double, high: Double) = (0, 0)
    /// A square plot area: equal ranges on both axes then put y = x at 45 degrees.
    public var squarePlot = false
    /// Points drawn as a density: the plot cut into cells of `cell` pixels, each shaded by how
    /// many points it holds (darker: more, on a log scale), so thousands of points do not hide
    /// one another.
    public var density: Density?

    public struct Density: Sendable {
        public var x: [Double], y: [Double], color: Color, cell: Double
        public init(x: [Double], y: [Double], color: Color, cell: Double = 8) {
            self.x = x
            self.y = y
            self.color = color
            self.cell = cell
        }
    }

    public init(title: String, xTitle: String, yTitle: String) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
    }

    static let titleSize = 17.0, subtitleSize = 12.0, axisTitleSize = 13.0, tickSize = 11.5, legendSize = 12.0

    public func draw(on canvas: Canvas, in frame: Rect) {
        let pad = 14.0
        let top = drawTitles(on: canvas, in: frame, pad: pad)
        let (xTicks, yTicks) = ticks()
        let tickHeight = canvas.measure("0", size: Chart.tickSize).height
        let tickWidth = yTicks.labels.map { canvas.measure($0, size: Chart.tickSize).width }.max() ?? 0
        let axisTitleHeight = canvas.measure(yTitle, size: Chart.axisTitleSize).height
        let left = frame.x + pad + axisTitleHeight + 10 + tickWidth + 8
        let bottom = frame.maxY - pad - axisTitleHeight - 8 - tickHeight - 8
        var plot = Rect(x: left, y: top, width: frame.maxX - pad - 10 - left, height: bottom - top)
        if squarePlot {
            let side = min(plot.width, plot.height)
            plot = Rect(x: plot.x + (plot.width - side) / 2, y: plot.y, width: side, height: side)
        }

        let legend = showLegend ? legendLayout(canvas) : nil
        var legendBox: Rect?
        if let legend {
            let placement = bestLegendPlace(size: legend, plot: plot, xTicks: xTicks, yTicks: yTicks)
            if let placement {
                legendBox = placement
            } else {
                // Every corner covers data: give the legend a column of its own on the right.
                plot.width -= legend.width + 16
                legendBox = Rect(x: plot.maxX + 16, y: plot.y, width: legend.width, height: legend.height)
            }
        }

        let map = Mapping(plot: plot, x: xTicks, y: yTicks, xScale: xScale, yScale: yScale)
        drawAxes(on: canvas, map: map, frame: frame, left: left, pad: pad)
        if diagonal {
            let lo = max(xTicks.lower, yTicks.lower), hi = min(xTicks.upper, yTicks.upper)
            canvas.line(
                from: map.point(lo, lo), to: map.point(hi, hi), color: Color(hex: 0x555555), width: 1.5, dash: [10, 6])
        }
        canvas.clip(to: plot)
        if let density { drawDensity(density, canvas: canvas, map: map) }
        for s in series { if let band = s.band { drawBand(band, color: s.color, canvas: canvas, map: map) } }
        drawSeries(on: canvas, map: map)
        canvas.clip(to: nil)
        for v in verticals where v.x >= xTicks.lower && v.x <= xTicks.upper {
            let x = map.x(v.x)
            canvas.line(from: Point(x, plot.y), to: Point(x, plot.maxY), color: v.color, width: 1.5, dash: v.dash)
        }
        placeVerticalLabels(canvas: canvas, map: map, plot: plot, avoiding: legendBox)
        canvas.stroke(plot, color: .axis, width: 1)
        if let legendBox { drawLegend(canvas: canvas, box: legendBox) }
    }

    /// The title and the subtitle's lines, centred at the top; returns where the plot may start.
    func drawTitles(on canvas: Canvas, in frame: Rect, pad: Double) -> Double {
        var top = frame.y + pad
        canvas.text(title, at: Point(frame.x + frame.width / 2, top), size: Chart.titleSize, color: .text, anchor: .top)
        top += canvas.measure(title, size: Chart.titleSize).height + 4
        // A subtitle may hold several lines, one per "\n", each wrapped to the frame.
        let lines =
            (subtitle.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? [])
            .flatMap {
                Chart.wrap($0, width: frame.width - 2 * pad) { canvas.measure($0, size: Chart.subtitleSize).width }
            }
        for line in lines {
            canvas.text(
                line, at: Point(frame.x + frame.width / 2, top), size: Chart.subtitleSize, color: Color(hex: 0x555555),
                anchor: .top)
            top += canvas.measure(line.isEmpty ? "Hg" : line, size: Chart.subtitleSize).height
        }
        top += 12
        return top
    }

    /// The grid, the ticks and their labels, and both axis titles.
    func drawAxes(on canvas: Canvas, map: Mapping, frame: Rect, left: Double, pad: Double) {
        let (plot, xTicks, yTicks) = (map.plot, map.x, map.y)
        // Grid and ticks.
        for (value, label) in zip(yTicks.values, yTicks.labels) {
            let y = map.y(value)
            canvas.line(from: Point(plot.x, y), to: Point(plot.maxX, y), color: .grid, width: 1)
            canvas.text(label, at: Point(plot.x - 8, y), size: Chart.tickSize, color: .text, anchor: .right)
        }
        for (value, number) in zip(xTicks.values, xTicks.labels) {
            let label = xTickNames[value] ?? number
            let x = map.x(value)
            canvas.line(from: Point(x, plot.y), to: Point(x, plot.maxY), color: .grid, width: 1)
            canvas.line(from: Point(x, plot.maxY), to: Point(x, plot.maxY + 5), color: .axis, width: 1)
            canvas.text(label, at: Point(x, plot.maxY + 8), size: Chart.tickSize, color: .text, anchor: .top)
        }
        canvas.text(
            xTitle, at: Point(plot.x + plot.width / 2, frame.maxY - pad), size: Chart.axisTitleSize, color: .text,
            anchor: .bottom)
        // Beside the plot, wherever a square plot put it.
        canvas.text(
            yTitle, at: Point(plot.x - (left - frame.x - pad), plot.y + plot.height / 2), size: Chart.axisTitleSize,
            color: .text, anchor: .top, angle: 90)
    }

    /// Each series' line and markers, inside the plot's clip.
    func drawSeries(on canvas: Canvas, map: Mapping) {
        for s in series {
            let visible = zip(s.x, s.y).enumerated().filter { map.visible($0.element.0, $0.element.1) }
            let points = visible.map { map.point($0.element.0, $0.element.1) }
            if s.lineWidth > 0 { canvas.polyline(points, color: s.color, width: s.lineWidth, dash: s.dash) }
            if let marker = s.marker {
                let every = max(1, s.markerEvery)
                for (index, p) in zip(visible.map(\.offset), points)
                where (index - s.markerPhase) % every == 0 && index >= s.markerPhase {
                    canvas.marker(marker, at: p, size: s.markerSize, color: s.color)
                    if s.hollow { canvas.marker(marker, at: p, size: s.markerSize * 0.55, color: .white) }
                }
            }
        }
    }

    struct Mapping {
        var plot: Rect, x: Ticks, y: Ticks, xScale: Scale, yScale: Scale
        func t(_ v: Double, _ ticks: Ticks, _ scale: Scale) -> Double {
            scale == .log
                ? (log10(v) - log10(ticks.lower)) / (log10(ticks.upper) - log10(ticks.lower))
                : (v - ticks.lower) / (ticks.upper - ticks.lower)
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
        if let density {
            xs += density.x.filter { $0.isFinite }
            ys += density.y.filter { $0.isFinite }
        }
        let xr = xRange ?? Chart.padded((xs.min() ?? 0)...(xs.max() ?? 1), by: xPadding, scale: xScale)
        let yr = yRange ?? Chart.padded((ys.min() ?? 0)...(ys.max() ?? 1), by: yPadding, scale: yScale)
        var xTicks = Ticks(
            lower: xr.lowerBound, upper: xr.upperBound, scale: xScale, target: 8, exact: xRange != nil, step: xTickStep)
        if integerX, xScale == .linear, let step = zip(xTicks.values.dropFirst(), xTicks.values).map({ $0 - $1 }).first,
            step < 1
        {
            xTicks = Ticks(
                lower: xr.lowerBound, upper: max(xr.upperBound, xr.lowerBound + 1), scale: .linear,
                exact: xRange != nil, step: 1)
        }
        return (
            xTicks, Ticks(lower: yr.lowerBound, upper: yr.upperBound, scale: yScale, target: 7, exact: yRange != nil)
        )
    }

    /// `text` broken at spaces into lines no wider than `width` (a word wider alone keeps a line).
    static func wrap(_ text: String, width: Double, measure: (String) -> Double) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if !line.isEmpty && measure(candidate) > width {
                lines.append(line)
                line = word
            } else {
                line = candidate
            }
        }
        return lines + [line]
    }

    /// `range` widened by a fraction of its span at each end (of its decades on a log scale).
    static func padded(_ range: ClosedRange<Double>, by padding: (low: Double, high: Double), scale: Scale)
        -> ClosedRange<Double>
    {
        guard padding != (0, 0), range.lowerBound.isFinite, range.upperBound.isFinite else { return range }
        if scale == .log, range.lowerBound > 0 {
            let decades = max(log10(range.upperBound / range.lowerBound), 0.1)
            return
                (range.lowerBound / pow(10, decades * padding.low))...(range.upperBound
                * pow(10, decades * padding.high))
        }
        let span = range.upperBound - range.lowerBound
        return (range.lowerBound - span * padding.low)...(range.upperBound + span * padding.high)
    }

    private func drawDensity(_ density: Density, canvas: Canvas, map: Mapping) {
        let plot = map.plot
        let columns = max(1, Int((plot.width / density.cell).rounded(.up))),
            rows = max(1, Int((plot.height / density.cell).rounded(.up)))
        var counts = [Int](repeating: 0, count: columns * rows)
        for (x, y) in zip(density.x, density.y) where map.visible(x, y) {
            let p = map.point(x, y)
            let column = min(max(Int((p.x - plot.x) / density.cell), 0), columns - 1),
                row = min(max(Int((p.y - plot.y) / density.cell), 0), rows - 1)
            counts[row * columns + column] += 1
        }
        let most = Double(counts.max() ?? 1)
        for (index, count) in counts.enumerated() where count > 0 {
            let shade = 0.15 + 0.85 * log(1 + Double(count)) / log(1 + most)
            let cell = Rect(
                x: plot.x + Double(index % columns) * density.cell, y: plot.y + Double(index / columns) * density.cell,
                width: density.cell, height: density.cell)
            canvas.fill(cell, color: density.color.with(opacity: shade))
        }
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
    private func bestLegendPlace(size: (width: Double, height: Double), plot: Rect, xTicks: Ticks, yTicks: Ticks)
        -> Rect?
    {
        let map = Mapping(plot: plot, x: xTicks, y: yTicks, xScale: xScale, yScale: yScale)
        var points: [Point] = []
        for s in series {
            let pts = zip(s.x, s.y).filter { map.visible($0.0, $0.1) }.map { map.point($0.0, $0.1) }
            points += pts
            // Sample along the lines too, so a legend does not sit on a long segment.
            for (a, b) in zip(pts, pts.dropFirst()) {
                for k in 1..<8 {
                    let t = Double(k) / 8
                    points.append(Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t))
                }
            }
            if let band = s.band {
                for (x, (lo, hi)) in zip(band.x, zip(band.low, band.high))
                where map.visible(x, lo) && map.visible(x, hi) {
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
            Rect(
                x: plot.maxX - size.width - m, y: plot.y + (plot.height - size.height) / 2, width: size.width,
                height: size.height),
            Rect(x: plot.x + (plot.width - size.width) / 2, y: plot.y + m, width: size.width, height: size.height)
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
            if s.lineWidth > 0 {
                canvas.line(
                    from: Point(box.x + 10, y), to: Point(box.x + 38, y), color: s.color, width: s.lineWidth,
                    dash: s.dash)
            }
            if let marker = s.marker {
                canvas.marker(
                    marker, at: Point(box.x + 24, y), size: max(s.markerSize, 6), color: s.color.with(opacity: 1))
                if s.hollow {
                    canvas.marker(marker, at: Point(box.x + 24, y), size: max(s.markerSize, 6) * 0.55, color: .white)
                }
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
            // A label that would cross another vertical line is a last resort.
            let others = verticals.filter { $0.x != v.x && $0.x >= map.x.lower && $0.x <= map.x.upper }.map {
                map.x($0.x)
            }
            for avoidLines in [true, false] {
                for y in rows {
                    for rightSide in [true, false] {
                        let r = Rect(x: rightSide ? x + 5 : x - 5 - w, y: y, width: w, height: h)
                        let crosses = others.contains { $0 >= r.x - 3 && $0 <= r.maxX + 3 }
                        if r.x >= plot.x && r.maxX <= plot.maxX && !taken.contains(where: { $0.intersects(r) })
                            && !(avoidLines && crosses)
                        {
                            placed = r
                            break
                        }
                    }
                    if placed != nil { break }
                }
                if placed != nil { break }
            }
            guard let r = placed else { continue }
            taken.append(r)
            canvas.fill(r.inset(by: -2), color: Color.white)
            canvas.text(v.label, at: Point(r.x, r.y), size: Chart.tickSize, color: v.color, anchor: .topLeft)
        }
    }
}
