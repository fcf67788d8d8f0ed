import Foundation

/// numpy's legacy global generator (`np.random.seed`, `normal`, `random_sample`, `choice`), bit
/// for bit, so that a reader with numpy can rerun any of our seeds: MT19937 (Matsumoto &
/// Nishimura 1998) seeded by its `init_genrand`, doubles from two 32-bit draws, the polar
/// Gaussian (Marsaglia 1964) that keeps the second value of a pair for the next call, and
/// bounded integers by masked rejection.
public struct NumpyRandom: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var position = 624
    /// The Gaussian kept from the last accepted pair, returned by the next call.
    private var keptGaussian: Double?

    public init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            let previous = state[i - 1]
            state[i] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(i)
        }
    }

    public mutating func nextUInt32() -> UInt32 {
        if position == 624 { twist() }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// Uniform on [0, 1) with 53 random bits: the top 27 bits of one draw and 26 of the next.
    public mutating func nextDouble() -> Double {
        let a = Double(nextUInt32() >> 5), b = Double(nextUInt32() >> 6)
        return (a * 67_108_864 + b) / 9_007_199_254_740_992
    }

    /// A standard normal value.
    public mutating func nextGaussian() -> Double {
        if let kept = keptGaussian {
            keptGaussian = nil
            return kept
        }
        let (kept, value) = Self.polarPair { nextDouble() }
        keptGaussian = kept
        return value
    }

    /// Two standard normal values from uniform ones on [0, 1) by Marsaglia's polar method, in
    /// numpy's order: the second is returned first, the first kept for the next call.
    public static func polarPair(_ uniform: () -> Double) -> (kept: Double, returned: Double) {
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2 * uniform() - 1
            x2 = 2 * uniform() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let f = (-2 * log(r2) / r2).squareRoot()
        return (f * x1, f * x2)
    }

    /// Uniform on 0..<n (n at most 2^32), as numpy's `randint(0, n)` and `choice(n)` draw it:
    /// the draw masked to the bits n − 1 needs, rejected until it is below n.
    public mutating func nextIndex(below n: Int) -> Int {
        precondition(n > 0 && n <= 1 << 32, "numpy draws 32-bit indices here")
        let largest = UInt32(n - 1)
        guard largest > 0 else { return 0 }
        var mask = largest
        for shift in [1, 2, 4, 8, 16] { mask |= mask >> UInt32(shift) }
        while true {
            let value = nextUInt32() & mask
            if value <= largest { return Int(value) }
        }
    }

    private mutating func twist() {
        for i in 0..<624 {
            let y = (state[i] & 0x8000_0000) | (state[(i + 1) % 624] & 0x7FFF_FFFF)
            var next = state[(i + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { next ^= 0x9908_B0DF }
            state[i] = next
        }
        position = 0
    }
}
