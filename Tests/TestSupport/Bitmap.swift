import CGD
import Drawing
import Foundation

/// A PNG read back through libgd, for tests and checks: its size and pixels.
public final class Bitmap {
    let image: gdImagePtr
    public init?(png: Data) {
        var bytes = [UInt8](png)
        guard let image = gdImageCreateFromPngPtr(Int32(bytes.count), &bytes) else { return nil }
        self.image = image
    }
    deinit { gdImageDestroy(image) }
    public var width: Int { Int(image.pointee.sx) }
    public var height: Int { Int(image.pointee.sy) }
    public func pixel(_ x: Int, _ y: Int) -> Color {
        let c = UInt32(bitPattern: gdImageGetTrueColorPixel(image, Int32(x), Int32(y)))
        return Color(red: UInt8(c >> 16 & 0xff), green: UInt8(c >> 8 & 0xff), blue: UInt8(c & 0xff))
    }
}
