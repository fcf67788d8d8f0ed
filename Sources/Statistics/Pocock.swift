import Foundation

/// The group-sequential boundary of the add-seeds rule: looking at a cell after every ten seeds
/// and stopping once it is decided tests it several times, so each look tests at a smaller
/// nominal level. Pocock's (1977) boundary is one constant for every look; it is found here by
/// numerical integration of the standardised sums at equal group sizes (Armitage, McPherson and
/// Rowe 1969), not read from a table, so that any number of looks is served.
public enum Pocock {
    /// The c with P(Z_k ≥ c at some look k ≤ `looks`) = `alpha` for Z_k = S_k/√k, S_k a sum of
    /// k independent standard normals: a one-sided boundary.
    public static func constant(looks: Int, alpha: Double) -> Double {
        precondition(looks >= 1 && alpha > 0 && alpha < 0.5)
        guard looks > 1 else { return normalQuantile(1 - alpha) }
        var low = normalQuantile(1 - alpha), high = normalQuantile(1 - alpha / Double(looks))
        for _ in 0..<40 {
            let middle = (low + high) / 2
            if crossing(constant: middle, looks: looks) > alpha { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// The one-sided level each look tests at: 1 − Φ(c). Each (looks, alpha) is integrated
    /// once a process: the designs and every claim judged at them ask for the same few.
    public static func nominalLevel(looks: Int, alpha: Double) -> Double {
        guard looks > 1 else { return alpha }
        return levels.value(looks: looks, alpha: alpha) { normalSurvival(constant(looks: looks, alpha: alpha)) }
    }

    /// The nominal levels computed so far, shared by every thread of the process.
    private static let levels = Levels()

    private final class Levels: @unchecked Sendable {
        private let lock = NSLock()
        private var known: [Int: [Double: Double]] = [:]

        func value(looks: Int, alpha: Double, compute: () -> Double) -> Double {
            lock.lock()
            defer { lock.unlock() }
            if let level = known[looks]?[alpha] { return level }
            let level = compute()
            known[looks, default: [:]][alpha] = level
            return level
        }
    }

    /// P(S_k ≥ c√k at some k ≤ looks): the continuing paths' density is carried on a grid whose
    /// top point is each look's boundary (trapezoid weights, half at the ends), and the mass that
    /// crosses at the next look is integrated in closed form. Two looks' grids share their step,
    /// so the normal kernel between their points depends only on the difference of their indices:
    /// it is tabulated once per look, not evaluated for every pair.
    static func crossing(constant c: Double, looks: Int) -> Double {
        let step = 0.025, depth = 8.0
        func top(_ k: Int) -> Double { c * Double(k).squareRoot() }
        func count(_ k: Int) -> Int { Int((depth + c) * Double(k).squareRoot() / step) }
        var points = (0...count(1)).map { top(1) - Double($0) * step }
        var density = points.map(normalDensity)
        var crossed = normalSurvival(c)
        for k in 2...looks {
            let weights = points.indices.map { $0 == 0 || $0 == points.count - 1 ? step / 2 : step }
            let mass = points.indices.map { weights[$0] * density[$0] }
            for j in points.indices { crossed += mass[j] * normalSurvival(top(k) - points[j]) }
            guard k < looks else { break }
            // Point i of look k minus point j of look k − 1 is shift − (i − j)·step.
            let shift = top(k) - top(k - 1), previous = points.count - 1, next = count(k)
            let kernel = (-previous...next).map { normalDensity(shift - Double($0) * step) }
            density = (0...next).map { i in
                var sum = 0.0
                for j in mass.indices { sum += mass[j] * kernel[i - j + previous] }
                return sum
            }
            points = (0...next).map { top(k) - Double($0) * step }
        }
        return crossed
    }
}

/// The standard normal density.
public func normalDensity(_ x: Double) -> Double { exp(-x * x / 2) / (2 * Double.pi).squareRoot() }

/// P(Z > x) for a standard normal Z.
public func normalSurvival(_ x: Double) -> Double { erfc(x / 2.0.squareRoot()) / 2 }

/// The z with P(Z ≤ z) = p, by bisection on `normalSurvival`: the same bits on every machine.
public func normalQuantile(_ p: Double) -> Double {
    precondition(p > 0 && p < 1)
    var low = -40.0, high = 40.0
    for _ in 0..<200 {
        let middle = (low + high) / 2
        if middle == low || middle == high { break }
        if 1 - normalSurvival(middle) < p { low = middle } else { high = middle }
    }
    return high
}
