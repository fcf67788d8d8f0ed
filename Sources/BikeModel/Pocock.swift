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

    /// The one-sided level each look tests at: 1 − Φ(c).
    public static func nominalLevel(looks: Int, alpha: Double) -> Double {
        looks <= 1 ? alpha : normalSurvival(constant(looks: looks, alpha: alpha))
    }

    /// P(S_k ≥ c√k at some k ≤ looks): the continuing paths' density is carried on a grid whose
    /// top point is each look's boundary (trapezoid weights, half at the ends), and the mass that
    /// crosses at the next look is integrated in closed form.
    static func crossing(constant c: Double, looks: Int) -> Double {
        let step = 0.025, depth = 8.0
        func grid(_ k: Int) -> [Double] {
            let top = c * Double(k).squareRoot(), count = Int((depth + c) * Double(k).squareRoot() / step)
            return (0...count).map { top - Double($0) * step }
        }
        var points = grid(1)
        var density = points.map(normalDensity)
        var crossed = normalSurvival(c)
        for k in 2...looks {
            let boundary = c * Double(k).squareRoot()
            let weights = points.indices.map { $0 == 0 || $0 == points.count - 1 ? step / 2 : step }
            for j in points.indices { crossed += weights[j] * density[j] * normalSurvival(boundary - points[j]) }
            guard k < looks else { break }
            let next = grid(k)
            density = next.map { s in
                var sum = 0.0
                for j in points.indices { sum += weights[j] * density[j] * normalDensity(s - points[j]) }
                return sum
            }
            points = next
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
