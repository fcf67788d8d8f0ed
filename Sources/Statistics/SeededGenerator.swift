/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fully specified generator, so that a seed
/// names the same initial weights on every machine and Swift version. Swift's own system
/// generator cannot be seeded.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on [0, 1): the top 53 bits as a fraction.
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
