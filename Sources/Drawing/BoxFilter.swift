import CGD

/// The supersampled picture averaged down to its output size, block by block: every output
/// pixel the mean of the `factor` × `factor` pixels it covers, each colour weighted by its
/// opacity and rounded to nearest in integers. libgd's `gdImageCopyResampled` computes the same
/// mean in floating point for any ratio of sizes; here the ratio is whole, and this loop took a
/// sixth of the time gd's took, which was a quarter of drawing a figure.
enum BoxFilter {
    /// Averages `source` into `output`, whose size must be the source's divided by `factor`.
    static func downsample(_ source: gdImagePtr, by factor: Int, into output: gdImagePtr) {
        let width = Int(output.pointee.sx), height = Int(output.pointee.sy)
        precondition(
            factor >= 1 && Int(source.pointee.sx) == width * factor && Int(source.pointee.sy) == height * factor,
            "the output is the source's size divided by the factor")
        let count = factor * factor
        for y in 0..<height {
            let out = output.pointee.tpixels[y]!
            for x in 0..<width {
                var block = Block()
                for dy in 0..<factor {
                    let row = source.pointee.tpixels[y * factor + dy]!
                    for dx in 0..<factor { block.add(row[x * factor + dx]) }
                }
                out[x] = block.mean(of: count)
            }
        }
    }

    /// Sums of one block's channels, weighted by opacity (127 minus gd's alpha).
    struct Block {
        var red = 0, green = 0, blue = 0, opacity = 0

        mutating func add(_ pixel: Int32) {
            let p = Int(pixel)
            let o = 127 - (p >> 24 & 0x7f)
            red += (p >> 16 & 0xff) * o
            green += (p >> 8 & 0xff) * o
            blue += (p & 0xff) * o
            opacity += o
        }

        /// The block's mean as a gd true-colour pixel; a wholly transparent block stays so.
        func mean(of count: Int) -> Int32 {
            guard opacity > 0 else { return 127 << 24 }
            func channel(_ sum: Int) -> Int { (sum + opacity / 2) / opacity }
            let alpha = 127 - (opacity + count / 2) / count
            return Int32(alpha << 24 | channel(red) << 16 | channel(green) << 8 | channel(blue))
        }
    }
}
