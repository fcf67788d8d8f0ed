import Foundation
import Statistics

/// Which generator a seed runs: the project's (SplitMix64, the report's draws) or numpy's
/// legacy global one, so that a reader with numpy reruns a seed and gets the same numbers.
public enum GeneratorKind: String, CaseIterable, Sendable {
    case project, numpy
}

/// The draws a declared run makes, from the declared generator: weights uniform or normal, and
/// row indices for batches drawn with replacement.
public struct WeightGenerator: Sendable {
    public let kind: GeneratorKind
    private var project: SeededGenerator
    private var numpy: NumpyRandom
    /// The project's Gaussians come in pairs, as numpy's do: the second is kept for the next call.
    private var keptGaussian: Double?

    /// numpy's seed is 32 bits; a larger seed is refused where it is declared.
    public init(_ kind: GeneratorKind, seed: UInt64) {
        self.kind = kind
        project = SeededGenerator(seed: seed)
        numpy = NumpyRandom(seed: UInt32(truncatingIfNeeded: seed))
    }

    /// Uniform on [0, 1).
    public mutating func unit() -> Double {
        switch kind {
        case .project: project.nextUnit()
        case .numpy: numpy.nextDouble()
        }
    }

    /// A standard normal value: numpy's own, or the same polar method over the project's doubles.
    public mutating func gaussian() -> Double {
        if kind == .numpy { return numpy.nextGaussian() }
        if let kept = keptGaussian {
            keptGaussian = nil
            return kept
        }
        let (kept, value) = NumpyRandom.polarPair { project.nextUnit() }
        keptGaussian = kept
        return value
    }

    /// Uniform on 0..<n, by masked rejection in both generators.
    public mutating func index(below n: Int) -> Int {
        precondition(n > 0)
        if kind == .numpy { return numpy.nextIndex(below: n) }
        let largest = UInt64(n - 1)
        let mask = largest == 0 ? 0 : UInt64.max >> UInt64(largest.leadingZeroBitCount)
        while true {
            let value = project.next() & mask
            if value <= largest { return Int(value) }
        }
    }
}
