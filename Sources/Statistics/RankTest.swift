import Foundation

/// Is one published number one of our runs? A rank (conformal) p-value for each, and Fisher's
/// combination of several (STATISTICS.md, "Which reading").
public enum RankTest {
    /// The share of `runs` at least as far from their median as `published` is, counted as
    /// (k + 1)/(n + 1) (Vovk, Gammerman and Shafer 2005): if the published run is exchangeable
    /// with ours, P(p <= a) <= a. A number printed to `resolution` is as far as the nearest
    /// value it could have been printed from.
    public static func pValue(_ published: Double, runs: [Double], resolution: Double = 0) -> Double {
        guard let spread = Spread.of(runs) else { return 1 }
        let printed = Spread.printedRange(published, resolution: resolution)
        let m = spread.median
        let distance = printed.contains(m) ? 0 : min(abs(printed.lowerBound - m), abs(printed.upperBound - m))
        let atLeastAsFar = runs.filter { abs($0 - m) >= distance }.count
        return Double(atLeastAsFar + 1) / Double(runs.count + 1)
    }

    /// Fisher's method (Fisher 1932): X = -2 sum ln p_i is chi-squared with 2k degrees of
    /// freedom when the k p-values are independent and uniform; with rank p-values, which are
    /// only ever larger than uniform ones, the test is conservative.
    public static func fisher(_ pValues: [Double]) -> (statistic: Double, degreesOfFreedom: Int, pValue: Double) {
        let statistic = -2 * pValues.reduce(0) { $0 + log(Swift.max($1, .leastNormalMagnitude)) }
        let k = pValues.count
        return (statistic, 2 * k, chiSquaredSurvival(statistic, evenDegreesOfFreedom: 2 * k))
    }

    /// P(X >= x) for X chi-squared with 2k degrees of freedom, in closed form:
    /// e^(-x/2) sum_{j<k} (x/2)^j / j!  (Abramowitz and Stegun 1964, 26.4.21).
    public static func chiSquaredSurvival(_ x: Double, evenDegreesOfFreedom df: Int) -> Double {
        precondition(df >= 2 && df % 2 == 0, "the closed form holds for even degrees of freedom")
        guard x > 0 else { return 1 }
        let half = x / 2
        var term = 1.0, sum = 1.0
        for j in 1..<(df / 2) {
            term *= half / Double(j)
            sum += term
        }
        return Swift.min(1, exp(-half) * sum)
    }
}
