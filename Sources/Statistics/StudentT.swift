import Foundation

/// Student's t distribution with a whole number of degrees of freedom: what the seed
/// statistics need for their intervals (STATISTICS.md).
public enum StudentT {
    /// P(T ≤ t), from the closed forms of Abramowitz and Stegun 26.7.3 and 26.7.4 for P(|T| ≤ t):
    /// finite sums in θ = atan(t/√ν), exact for whole ν, with no special functions to trust.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Int) -> Double {
        precondition(nu >= 1)
        guard t.isFinite else { return t > 0 ? 1 : 0 }
        let theta = atan(abs(t) / Double(nu).squareRoot())
        let s = sin(theta), c = cos(theta), c2 = c * c
        var central: Double
        if nu % 2 == 1 {
            // (2/π)[θ + sinθ cosθ (1 + (2/3)cos²θ + … + (2·4…(ν−3))/(1·3…(ν−2)) cos^(ν−3)θ)]
            var sum = 0.0
            if nu > 1 {
                var term = 1.0
                sum = 1
                var k = 2
                while k <= nu - 3 {
                    term *= Double(k) / Double(k + 1) * c2
                    sum += term
                    k += 2
                }
            }
            central = 2 / Double.pi * (theta + s * c * sum)
        } else {
            // sinθ [1 + (1/2)cos²θ + (1·3)/(2·4) cos⁴θ + … + (1·3…(ν−3))/(2·4…(ν−2)) cos^(ν−2)θ]
            var term = 1.0, sum = 1.0
            var k = 1
            while k <= nu - 3 {
                term *= Double(k) / Double(k + 1) * c2
                sum += term
                k += 2
            }
            central = s * sum
        }
        central = min(max(central, 0), 1)
        return t >= 0 ? 0.5 + central / 2 : 0.5 - central / 2
    }

    /// The t with P(T ≤ t) = p, for 0.5 ≤ p < 1, by bisection on the exact cdf: slow by the
    /// standards of a library, instant at the dozen quantiles a report needs, and the same bits
    /// on every machine.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Int) -> Double {
        precondition(p >= 0.5 && p < 1 && nu >= 1)
        var low = 0.0, high = 1.0
        while cdf(high, degreesOfFreedom: nu) < p { high *= 2 }
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if cdf(middle, degreesOfFreedom: nu) < p { low = middle } else { high = middle }
        }
        return high
    }
}
