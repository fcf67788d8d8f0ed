import Foundation

/// One thing drawn on a chart: a line, markers, or both, with an optional shaded band.
public struct Series: Sendable {
    public struct Band: Sendable {
        public var x: [Double], low: [Double], high: [Double]
        public init(x: [Double], low: [Double], high: [Double]) {
            self.x = x
            self.low = low
            self.high = high
        }
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
    /// Markers on every `markerEvery`-th point only, from the `markerPhase`-th: curves that run
    /// together stay apart by their markers when the phases differ.
    public var markerEvery = 1
    public var markerPhase = 0
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
