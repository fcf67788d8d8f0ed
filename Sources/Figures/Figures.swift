import Artifacts
import BikeModel
import Drawing
import Foundation

/// The report's figures. Each returns a canvas of at least 1200 × 800 pixels.
public enum Figures {
    public static let size = (width: 1200, height: 800)
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func canvas(_ chart: Chart, zoom: Int) -> Canvas {
        let canvas = Canvas(width: size.width, height: size.height, zoom: zoom)
        chart.draw(on: canvas, in: Rect(x: 0, y: 0, width: Double(size.width), height: Double(size.height)))
        return canvas
    }

    /// Line styles that differ in dash as well as colour, so curves stay apart in grey print too.
    static let dashes: [[Double]?] = [nil, [12, 6], [3, 5], [14, 5, 3, 5], [6, 4]]

    /// Hollow circles over a line's filled markers: points where a seed did not converge.
    static func hollowMarks(x: [Double], y: [Double], color: Color) -> Series {
        var hollow = Series(name: "", x: x, y: y, color: color)
        hollow.lineWidth = 0
        hollow.marker = .circle
        hollow.markerSize = 8
        hollow.hollow = true
        hollow.inLegend = false
        return hollow
    }

    /// A factor on a log axis spreading `count` marks at one x symmetrically, 4% apart.
    static func dodge(_ index: Int, of count: Int) -> Double {
        pow(1.04, Double(index) - Double(count - 1) / 2)
    }
}
