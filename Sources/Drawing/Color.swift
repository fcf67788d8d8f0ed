/// An sRGB colour with opacity.
public struct Color: Equatable, Hashable, Sendable {
    public var red: UInt8, green: UInt8, blue: UInt8
    /// 1 is opaque, 0 invisible.
    public var opacity: Double

    public init(red: UInt8, green: UInt8, blue: UInt8, opacity: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.opacity = opacity
    }

    /// From 0xRRGGBB.
    public init(hex: UInt32, opacity: Double = 1) {
        self.init(
            red: UInt8(hex >> 16 & 0xff), green: UInt8(hex >> 8 & 0xff), blue: UInt8(hex & 0xff), opacity: opacity)
    }

    public func with(opacity: Double) -> Color { Color(red: red, green: green, blue: blue, opacity: opacity) }

    public static let white = Color(hex: 0xFFFFFF)
    public static let black = Color(hex: 0x000000)
    public static let text = Color(hex: 0x222222)
    public static let grid = Color(hex: 0xE5E5E5)
    public static let axis = Color(hex: 0x444444)

    /// Okabe & Ito's eight colours, chosen to stay apart for the common kinds of colour blindness.
    public static let palette: [Color] = [
        0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9, 0x000000, 0xF0E442
    ].map { Color(hex: $0) }
}
