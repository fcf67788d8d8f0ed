/// Is there one shift between the published numbers and our runs? The random-effects estimate
/// of DerSimonian and Laird (1986): each published number's relative difference from our mean,
/// weighted by its variance plus a between-number variance τ², with the heterogeneity I²
/// (Higgins and Thompson 2002) saying how much of the spread is more than noise.
public struct RandomEffects: Codable, Equatable, Sendable {
    /// The common shift, as a share of our mean.
    public var shift: Double
    public var standardError: Double
    /// The 95% interval of the shift: shift ± 1.96 × its standard error.
    public var confidenceInterval: [Double]
    /// The between-number variance, and Cochran's Q with its k − 1 degrees of freedom.
    public var tau2: Double
    public var q: Double
    public var degreesOfFreedom: Int
    /// The share of the variation between numbers beyond their noise: max(0, (Q − df)/Q).
    public var i2: Double
    /// How many published numbers.
    public var numbers: Int

    /// The estimate from `effects` and their within-number `variances` (both finite, variances
    /// positive); nil for fewer than two.
    public init?(effects: [Double], variances: [Double]) {
        guard effects.count >= 2, effects.count == variances.count,
            zip(effects, variances).allSatisfy({ $0.isFinite && $1.isFinite && $1 > 0 })
        else { return nil }
        let w = variances.map { 1 / $0 }
        let sumW = w.reduce(0, +), sumW2 = w.reduce(0) { $0 + $1 * $1 }
        let fixed = zip(w, effects).reduce(0) { $0 + $1.0 * $1.1 } / sumW
        let q = zip(w, effects).reduce(0) { $0 + $1.0 * ($1.1 - fixed) * ($1.1 - fixed) }
        let df = effects.count - 1
        let tau2 = Swift.max(0, (q - Double(df)) / (sumW - sumW2 / sumW))
        let wStar = variances.map { 1 / ($0 + tau2) }
        let sumStar = wStar.reduce(0, +)
        let shift = zip(wStar, effects).reduce(0) { $0 + $1.0 * $1.1 } / sumStar
        let standardError = (1 / sumStar).squareRoot()
        let z = normalQuantile(0.975)
        self.q = q
        self.degreesOfFreedom = df
        self.tau2 = tau2
        self.shift = shift
        self.standardError = standardError
        confidenceInterval = [shift - z * standardError, shift + z * standardError]
        i2 = q > 0 ? Swift.max(0, (q - Double(df)) / q) : 0
        numbers = effects.count
    }
}
