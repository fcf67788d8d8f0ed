import Foundation

/// Exact binomial confidence bounds (Clopper and Pearson 1934) through the beta distribution,
/// for a whole or an effective number of successes (Korn and Graubard 1998).
public enum ClopperPearson {
    /// The one-sided lower bound at `level` on a probability seen `successes` times in `trials`.
    public static func lower(successes x: Double, trials n: Double, level: Double = 0.95) -> Double {
        precondition(n > 0 && x >= 0 && x <= n)
        return x <= 0 ? 0 : Beta.quantile(1 - level, a: x, b: n - x + 1)
    }

    /// The one-sided upper bound at `level`.
    public static func upper(successes x: Double, trials n: Double, level: Double = 0.95) -> Double {
        precondition(n > 0 && x >= 0 && x <= n)
        return x >= n ? 1 : Beta.quantile(level, a: x + 1, b: n - x)
    }
}

/// The beta distribution's cdf, the regularised incomplete beta function I_x(a, b), by its
/// continued fraction (Abramowitz and Stegun 1964, 26.5.8) evaluated with Lentz's method.
public enum Beta {
    public static func cdf(_ x: Double, a: Double, b: Double) -> Double {
        precondition(a > 0 && b > 0)
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        // The fraction converges fast for x < (a + 1)/(a + b + 2); use the symmetry otherwise.
        if x > (a + 1) / (a + b + 2) { return 1 - cdf(1 - x, a: b, b: a) }
        let front = exp(a * log(x) + b * log(1 - x) - logBeta(a, b)) / a
        return front * fraction(x, a: a, b: b)
    }

    /// The x with I_x(a, b) = p, by bisection.
    public static func quantile(_ p: Double, a: Double, b: Double) -> Double {
        precondition(p > 0 && p < 1)
        var low = 0.0, high = 1.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if cdf(middle, a: a, b: b) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    static func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }

    /// 1/(1+ d1/(1+ d2/(1+ …))) with d_{2m+1} = −(a+m)(a+b+m)x/((a+2m)(a+2m+1)) and
    /// d_{2m} = m(b−m)x/((a+2m−1)(a+2m)).
    static func fraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...10_000 {
            let m2 = Double(2 * m), md = Double(m)
            let even = md * (b - md) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + even * d
            d = abs(d) < tiny ? 1 / tiny : 1 / d
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            result *= d * c
            let odd = -(a + md) * (a + b + md) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + odd * d
            d = abs(d) < tiny ? 1 / tiny : 1 / d
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return result
    }
}
