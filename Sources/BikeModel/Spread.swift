/// Median and range of a measure over seeds.
public struct Spread: Codable, Equatable, Sendable {
    public var median: Double
    public var min: Double
    public var max: Double

    /// The spread of `values`, or nil when there are none.
    public static func of(_ values: [Double]) -> Spread? { values.isEmpty ? nil : Spread(values) }

    public init(_ values: [Double]) {
        precondition(!values.isEmpty)
        let sorted = values.sorted()
        let n = sorted.count
        median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        min = sorted[0]
        max = sorted[n - 1]
    }
}
