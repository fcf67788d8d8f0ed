import Foundation

/// A labelled vertical line, for events such as "best epoch".
public struct VerticalMarker: Sendable {
    public var x: Double, label: String, color: Color, dash: [Double]?
    public init(x: Double, label: String, color: Color, dash: [Double]? = [8, 5]) {
        self.x = x
        self.label = label
        self.color = color
        self.dash = dash
    }
}
