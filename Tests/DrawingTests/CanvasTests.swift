import Drawing
import Foundation
import TestSupport
import Testing

@Suite("Drawing with libgd")
struct CanvasTests {
    func near(_ a: Color, _ b: Color, within: Int = 24) -> Bool {
        abs(Int(a.red) - Int(b.red)) <= within && abs(Int(a.green) - Int(b.green)) <= within
            && abs(Int(a.blue) - Int(b.blue)) <= within
    }

    @Test("shapes read back through libgd: size, background, pixels on a line and off it")
    func shapes() throws {
        let canvas = Canvas(width: 300, height: 200, background: .white)
        canvas.line(from: Point(20, 100), to: Point(280, 100), color: Color(hex: 0x0072B2), width: 3)
        canvas.fill(Rect(x: 200, y: 20, width: 40, height: 30), color: Color(hex: 0xD55E00))
        canvas.marker(.circle, at: Point(50, 50), size: 20, color: .black)
        let bitmap = try #require(Bitmap(png: canvas.pngData()))
        #expect(bitmap.width == 300 && bitmap.height == 200)
        #expect(bitmap.pixel(5, 5) == .white)
        #expect(near(bitmap.pixel(150, 100), Color(hex: 0x0072B2), within: 2))
        #expect(bitmap.pixel(150, 110) == .white)
        #expect(bitmap.pixel(220, 35) == Color(hex: 0xD55E00))
        #expect(bitmap.pixel(50, 50) == .black)
        // Supersampling leaves partly covered pixels in between: the edge is smoothed.
        let edge = bitmap.pixel(150, 98)
        #expect(edge != .white && edge != Color(hex: 0x0072B2))
    }

    @Test("an opaque fill is cut at the clip and the picture's edge; a translucent one blends")
    func fills() throws {
        let canvas = Canvas(width: 40, height: 30, background: .white)
        canvas.clip(to: Rect(x: 10, y: 0, width: 30, height: 20))
        canvas.fill(Rect(x: -5, y: 5, width: 60, height: 40), color: .black)
        canvas.clip(to: nil)
        canvas.fill(Rect(x: 0, y: 25, width: 40, height: 5), color: Color(hex: 0x0072B2, opacity: 0.5))
        let bitmap = try #require(Bitmap(png: canvas.pngData()))
        #expect(bitmap.pixel(5, 10) == .white, "left of the clip")
        #expect(bitmap.pixel(10, 5) == .black && bitmap.pixel(39, 19) == .black, "the clip's corners")
        #expect(bitmap.pixel(20, 20) == .white && bitmap.pixel(20, 4) == .white, "below the clip, above the fill")
        let blended = bitmap.pixel(20, 27)
        #expect(near(blended, Color(red: 128, green: 185, blue: 217), within: 2), "half 0072B2 over white: \(blended)")
    }

    @Test("each output pixel is the rounded mean of the supersampled pixels it covers")
    func boxFilter() throws {
        // At 2x supersampling one layout pixel is four device pixels: one black of four gives
        // 255 * 3/4 = 191.25, rounded to 191; two give 127.5, rounded half up to 128.
        let canvas = Canvas(width: 2, height: 1, background: .white, supersampling: 2)
        canvas.fill(Rect(x: 0, y: 0, width: 0.5, height: 0.5), color: .black)
        canvas.fill(Rect(x: 1, y: 0, width: 0.5, height: 1), color: .black)
        let bitmap = try #require(Bitmap(png: canvas.pngData()))
        #expect(bitmap.pixel(0, 0) == Color(red: 191, green: 191, blue: 191))
        #expect(bitmap.pixel(1, 0) == Color(red: 128, green: 128, blue: 128))
    }

    @Test("text lands inside the box it was given")
    func text() throws {
        let canvas = Canvas(width: 400, height: 120, background: .white)
        canvas.text("Validation MSE", at: Point(200, 20), size: 18, color: .black, anchor: .top)
        let (w, h) = canvas.measure("Validation MSE", size: 18)
        let bitmap = try #require(Bitmap(png: canvas.pngData()))
        var inside = 0, outside = 0
        for y in 0..<120 {
            for x in 0..<400 where bitmap.pixel(x, y) != .white {
                let inBox =
                    Double(x) >= 200 - w / 2 - 2 && Double(x) <= 200 + w / 2 + 2 && Double(y) >= 18
                    && Double(y) <= 22 + h
                if inBox { inside += 1 } else { outside += 1 }
            }
        }
        #expect(inside > 100)
        #expect(outside == 0)
    }

    @Test("the same drawing gives the same PNG bytes")
    func deterministic() {
        func draw() -> Data {
            var chart = Chart(title: "t", xTitle: "x", yTitle: "y")
            chart.series = [Series(name: "s", x: [1, 2, 3], y: [3, 1, 2], color: Color.palette[0])]
            let canvas = Canvas(width: 400, height: 300)
            chart.draw(on: canvas, in: Rect(x: 0, y: 0, width: 400, height: 300))
            return canvas.pngData()
        }
        #expect(draw() == draw())
    }

    @Test("ticks fall on nice values for awkward ranges")
    func ticks() {
        #expect(Ticks(lower: 0, upper: 1).values == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Ticks(lower: 0, upper: 1).labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let narrow = Ticks(lower: 5200, upper: 5300)
        #expect(narrow.values == [5200, 5220, 5240, 5260, 5280, 5300])
        #expect(narrow.labels.first == "5,200")
        let wide = Ticks(lower: 0, upper: 18_000, target: 7)
        #expect(wide.values == [0, 5000, 10_000, 15_000, 20_000])
        #expect(wide.labels == ["0", "5,000", "10,000", "15,000", "20,000"])
        let single = Ticks(lower: 5257, upper: 5257)
        #expect(single.lower < 5257 && single.upper > 5257 && single.values.count >= 2)
        #expect(Ticks(lower: 0, upper: 0).values.contains(0))
        let quarter = Ticks(lower: 0, upper: 1.2, target: 6)
        #expect(quarter.labels.allSatisfy { !$0.contains("000000") })
        let log = Ticks(lower: 4000, upper: 40_000, scale: .log)
        #expect(log.values.contains(10_000) && log.lower <= 4000 && log.upper >= 40_000)
        let decades = Ticks(lower: 1e-8, upper: 0.1, scale: .log)
        #expect(Array(decades.labels.prefix(5)) == ["1e-8", "1e-7", "1e-6", "1e-5", "1e-4"])
        let exact = Ticks(lower: -0.5, upper: 23.5, exact: true, step: 3)
        #expect(exact.values == [0, 3, 6, 9, 12, 15, 18, 21] && exact.lower == -0.5)
    }

    @Test("the palette's colours are all distinct")
    func palette() {
        #expect(Set(Color.palette).count == Color.palette.count)
    }
}
