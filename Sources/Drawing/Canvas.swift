import CGD
import Foundation

public struct Point: Equatable, Sendable {
    public var x: Double, y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

public struct Rect: Equatable, Sendable {
    public var x: Double, y: Double, width: Double, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public func contains(_ p: Point) -> Bool { p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY }
    public func intersects(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
    public func inset(by d: Double) -> Rect { Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d) }
}

/// Where a text's given point sits on its box.
public enum Anchor: Sendable {
    case topLeft, top, topRight, left, center, right, bottomLeft, bottom, bottomRight
}

public enum MarkerShape: Sendable, CaseIterable {
    case circle, square, diamond, triangle
}

/// A picture drawn with libgd. Everything is drawn at `supersampling` times the size and
/// averaged down on output, which anti-aliases thick lines, bands and markers alike (libgd's
/// own anti-aliasing covers one-pixel lines only). Coordinates are in layout pixels, y down;
/// `zoom` multiplies the output (2 for print): every coordinate, width and text size with it.
public final class Canvas {
    /// The layout size; the PNG is `zoom` times it.
    public let width: Int, height: Int
    public let zoom: Int
    let supersampling: Int
    let scale: Double
    let image: gdImagePtr
    /// The TrueType font used for text, or nil for libgd's built-in bitmap fonts.
    public let fontPath: String?

    public init(
        width: Int, height: Int, background: Color = .white, supersampling: Int = 3, zoom: Int = 1,
        fontPath: String? = Canvas.defaultFont
    ) {
        precondition(width > 0 && height > 0 && supersampling >= 1 && Canvas.zooms.contains(zoom))
        self.width = width
        self.height = height
        self.zoom = zoom
        self.supersampling = supersampling
        scale = Double(supersampling * zoom)
        let device = (width: Int32(width * supersampling * zoom), height: Int32(height * supersampling * zoom))
        image = gdImageCreateTrueColor(device.width, device.height)
        gdImageAlphaBlending(image, 1)
        self.fontPath = fontPath.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        fill(0, 0, device.width - 1, device.height - 1, color: background)
    }

    /// The zooms a canvas accepts: 1 for the screen, up to 4 for print.
    public static let zooms = 1...4

    deinit { gdImageDestroy(image) }

    /// DejaVu Sans where the system has it (Debian's fonts-dejavu-core).
    public static let defaultFont: String? = [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf"
    ].first { FileManager.default.fileExists(atPath: $0) }

    func gdColor(_ c: Color) -> Int32 {
        let alpha = Int32((127 * (1 - min(max(c.opacity, 0), 1))).rounded())
        return alpha << 24 | Int32(c.red) << 16 | Int32(c.green) << 8 | Int32(c.blue)
    }

    /// A coordinate in device pixels. Data near the largest Double can map to an infinite or
    /// undefined coordinate: it is clamped far outside the picture (libgd clips it) rather than
    /// trapping, and NaN lands at 0.
    func device(_ v: Double) -> Int32 {
        let scaled = (v * scale).rounded()
        guard !scaled.isNaN else { return 0 }
        return Int32(max(min(scaled, 1e8), -1e8))
    }

    /// Restricts drawing to `rect` (nil: the whole canvas), so data outside a plot's range is cut at its frame.
    public func clip(to rect: Rect?) {
        if let rect {
            gdImageSetClip(image, device(rect.x), device(rect.y), device(rect.maxX) - 1, device(rect.maxY) - 1)
        } else {
            gdImageSetClip(image, 0, 0, image.pointee.sx - 1, image.pointee.sy - 1)
        }
    }

    // MARK: shapes

    public func fill(_ rect: Rect, color: Color) {
        fill(device(rect.x), device(rect.y), device(rect.maxX) - 1, device(rect.maxY) - 1, color: color)
    }

    /// `gdImageFilledRectangle` from (x1, y1) to (x2, y2), device pixels. An opaque colour is
    /// written straight into the clipped rows: alpha blending an opaque colour gives the colour
    /// itself, so the pixels are the same, without libgd's call and blend per pixel, which were a
    /// quarter of the time to draw a figure (its supersampled background alone is millions).
    func fill(_ x1: Int32, _ y1: Int32, _ x2: Int32, _ y2: Int32, color: Color) {
        let value = gdColor(color), picture = image.pointee
        guard value >> 24 == 0 else { return gdImageFilledRectangle(image, x1, y1, x2, y2, value) }
        let left = max(min(x1, x2), picture.cx1, 0), right = min(max(x1, x2), picture.cx2, picture.sx - 1)
        let top = max(min(y1, y2), picture.cy1, 0), bottom = min(max(y1, y2), picture.cy2, picture.sy - 1)
        guard left <= right && top <= bottom else { return }
        for y in top...bottom {
            let row = picture.tpixels[Int(y)]!
            (row + Int(left)).update(repeating: value, count: Int(right - left) + 1)
        }
    }

    public func stroke(_ rect: Rect, color: Color, width: Double = 1) {
        polyline(
            [
                Point(rect.x, rect.y), Point(rect.maxX, rect.y), Point(rect.maxX, rect.maxY), Point(rect.x, rect.maxY),
                Point(rect.x, rect.y)
            ],
            color: color, width: width)
    }

    public func fillPolygon(_ points: [Point], color: Color) {
        guard points.count >= 3 else { return }
        var gdPoints = points.map { gdPoint(x: device($0.x), y: device($0.y)) }
        gdImageFilledPolygon(image, &gdPoints, Int32(gdPoints.count), gdColor(color))
    }

    /// A line through `points`, `width` pixels wide with round joins; `dash` alternates drawn
    /// and skipped lengths.
    public func polyline(_ points: [Point], color: Color, width: Double = 2, dash: [Double]? = nil) {
        guard points.count >= 2 else { return }
        // Far-off points (data near the largest Double) would make segments too long to dash or
        // draw: only the parts near the canvas are kept, which is all that can show.
        let pieces = Canvas.clipped(
            points,
            to: Rect(
                x: -Double(self.width), y: -Double(self.height), width: 3 * Double(self.width),
                height: 3 * Double(self.height)))
        if pieces.count != 1 || pieces[0] != points {
            for piece in pieces { polyline(piece, color: color, width: width, dash: dash) }
            return
        }
        if let dash, !dash.isEmpty, dash.allSatisfy({ $0 > 0 }) {
            for piece in dashed(points, pattern: dash) { polyline(piece, color: color, width: width) }
            return
        }
        // Segments as quads and joins as discs: opaque colours only, so overlaps do not darken.
        let half = width / 2
        for (a, b) in zip(points, points.dropFirst()) {
            let dx = b.x - a.x, dy = b.y - a.y, length = (dx * dx + dy * dy).squareRoot()
            guard length > 0 else { continue }
            let nx = -dy / length * half, ny = dx / length * half
            fillPolygon(
                [
                    Point(a.x + nx, a.y + ny), Point(b.x + nx, b.y + ny), Point(b.x - nx, b.y - ny),
                    Point(a.x - nx, a.y - ny)
                ], color: color)
        }
        if width > 1.5 { for p in points.dropFirst().dropLast() { disc(at: p, diameter: width, color: color) } }
    }

    public func line(from a: Point, to b: Point, color: Color, width: Double = 1, dash: [Double]? = nil) {
        polyline([a, b], color: color, width: width, dash: dash)
    }

    public func disc(at p: Point, diameter: Double, color: Color) {
        let d = max(1, min(device(diameter), 100_000))
        gdImageFilledEllipse(image, device(p.x), device(p.y), d, d, gdColor(color))
    }

    public func marker(_ shape: MarkerShape, at p: Point, size: Double, color: Color) {
        let r = size / 2
        switch shape {
        case .circle: disc(at: p, diameter: size, color: color)
        case .square:
            fillPolygon(
                [Point(p.x - r, p.y - r), Point(p.x + r, p.y - r), Point(p.x + r, p.y + r), Point(p.x - r, p.y + r)],
                color: color)
        case .diamond:
            fillPolygon(
                [
                    Point(p.x, p.y - r * 1.3), Point(p.x + r * 1.3, p.y), Point(p.x, p.y + r * 1.3),
                    Point(p.x - r * 1.3, p.y)
                ], color: color)
        case .triangle:
            fillPolygon(
                [Point(p.x, p.y - r * 1.2), Point(p.x + r * 1.15, p.y + r * 0.8), Point(p.x - r * 1.15, p.y + r * 0.8)],
                color: color)
        }
    }

    /// The runs of a polyline inside `box`, each segment cut at its edges (Liang–Barsky); a
    /// segment with a point that is not a number is left out.
    static func clipped(_ points: [Point], to box: Rect) -> [[Point]] {
        var runs: [[Point]] = [], current: [Point] = []
        for (a, b) in zip(points, points.dropFirst()) {
            var t0 = 0.0, t1 = 1.0
            let dx = b.x - a.x, dy = b.y - a.y
            var inside = [a.x, a.y, b.x, b.y].allSatisfy { !$0.isNaN }
            for (p, q) in [(-dx, a.x - box.x), (dx, box.maxX - a.x), (-dy, a.y - box.y), (dy, box.maxY - a.y)]
            where inside {
                if p == 0 {
                    if q < 0 { inside = false }
                } else {
                    let r = q / p
                    if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
                    if t0 > t1 || r.isNaN { inside = false }
                }
            }
            guard inside else {
                if current.count >= 2 { runs.append(current) }
                current = []
                continue
            }
            let start = t0 == 0 ? a : Point(a.x + t0 * dx, a.y + t0 * dy),
                end = t1 == 1 ? b : Point(a.x + t1 * dx, a.y + t1 * dy)
            if current.last != start {
                if current.count >= 2 { runs.append(current) }
                current = [start]
            }
            current.append(end)
            if t1 < 1 {
                runs.append(current)
                current = []
            }
        }
        if current.count >= 2 { runs.append(current) }
        return runs
    }

    private func dashed(_ points: [Point], pattern: [Double]) -> [[Point]] {
        var pieces: [[Point]] = [], current: [Point] = [points[0]]
        var index = 0, left = pattern[0], drawing = true
        for (a, b) in zip(points, points.dropFirst()) {
            var from = a
            var remaining = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            while remaining > left {
                let t = left / remaining
                let cut = Point(from.x + (b.x - from.x) * t, from.y + (b.y - from.y) * t)
                if drawing {
                    current.append(cut)
                    pieces.append(current)
                } else {
                    current = [cut]
                }
                remaining -= left
                from = cut
                drawing.toggle()
                index = (index + 1) % pattern.count
                left = pattern[index]
            }
            left -= remaining
            if drawing { current.append(b) }
        }
        if drawing && current.count >= 2 { pieces.append(current) }
        return pieces
    }

    // MARK: text

    /// The size in pixels of `text` at `size` points (at 96 dpi).
    public func measure(_ text: String, size: Double) -> (width: Double, height: Double) {
        guard let fontPath else {
            let font = builtinFont(size)
            return (Double(Int(font.pointee.w) * text.count) / scale, Double(font.pointee.h) / scale)
        }
        var box = [Int32](repeating: 0, count: 8)
        _ = gdImageStringFT(nil, &box, 0, fontPath, size * scale, 0, 0, 0, text)
        // Height from the font's full ascent and descent, so labels line up whatever their letters.
        var ref = [Int32](repeating: 0, count: 8)
        _ = gdImageStringFT(nil, &ref, 0, fontPath, size * scale, 0, 0, 0, "Hg")
        return (Double(box[2] - box[0]) / scale, Double(ref[1] - ref[7]) / scale)
    }

    /// Draws `text` with its `anchor` point at `p`; `angle` in degrees, counter-clockwise
    /// (90 for a vertical axis title).
    public func text(
        _ text: String, at p: Point, size: Double, color: Color = .text, anchor: Anchor = .bottomLeft, angle: Double = 0
    ) {
        guard !text.isEmpty else { return }
        let (w, h) = measure(text, size: size)
        let (fx, fy): (Double, Double) =
            switch anchor {
            case .topLeft: (0, 0)
            case .top: (0.5, 0)
            case .topRight: (1, 0)
            case .left: (0, 0.5)
            case .center: (0.5, 0.5)
            case .right: (1, 0.5)
            case .bottomLeft: (0, 1)
            case .bottom: (0.5, 1)
            case .bottomRight: (1, 1)
            }
        guard let fontPath else {
            // Built-in fonts draw left to right only; a vertical title is drawn upright instead.
            let font = builtinFont(size)
            var bytes = Array(text.utf8.map { $0 < 128 ? $0 : UInt8(ascii: "?") }) + [0]
            gdImageString(image, font, device(p.x - fx * w), device(p.y - fy * h), &bytes, gdColor(color))
            return
        }
        // Baseline origin: libgd places text by its baseline; the descent is about a fifth of the height.
        let radians = angle * .pi / 180
        let dx = -fx * w, dy = (1 - fy) * h - 0.22 * h
        let ox = p.x + dx * cos(radians) + dy * sin(radians)
        let oy = p.y - dx * sin(radians) + dy * cos(radians)
        var box = [Int32](repeating: 0, count: 8)
        _ = gdImageStringFT(image, &box, gdColor(color), fontPath, size * scale, radians, device(ox), device(oy), text)
    }

    private func builtinFont(_ size: Double) -> gdFontPtr {
        size * scale >= 30 ? gdFontGetLarge() : size * scale >= 24 ? gdFontGetMediumBold() : gdFontGetSmall()
    }

    // MARK: output

    /// The picture at its output size as PNG bytes; the same drawing gives the same bytes.
    public func pngData() -> Data {
        let (w, h) = (Int32(width * zoom), Int32(height * zoom))
        let output = gdImageCreateTrueColor(w, h)!
        defer { gdImageDestroy(output) }
        BoxFilter.downsample(image, by: supersampling, into: output)
        var size: Int32 = 0
        // zlib's level 6: level 9 took half again as long to draw a figure for 1.5% fewer bytes.
        guard let bytes = gdImagePngPtrEx(output, &size, 6) else { return Data() }
        defer { gdFree(bytes) }
        return Data(bytes: bytes, count: Int(size))
    }
}
