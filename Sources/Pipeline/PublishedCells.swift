import Artifacts
import BikeModel

extension PipelineSpec {
    /// What a published column's cells must be: a setting's cells are compared with the runs'
    /// settings, so `"eta": false` would be a departure no one could see.
    struct CellKind: Sendable {
        var words: String
        var accepts: @Sendable (JSONValue) -> Bool
        static func oneOf(_ values: [String]) -> CellKind {
            CellKind(words: "one of \(values.joined(separator: ", "))") {
                if case .string(let s) = $0 { return values.contains(s) }
                return false
            }
        }
        static func number(_ range: ClosedRange<Double>, whole: Bool = false) -> CellKind {
            CellKind(
                words:
                    "\(whole ? "a whole number" : "a number") from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))"
            ) {
                guard let n = $0.number else { return false }
                return range.contains(n) && (!whole || n == n.rounded())
            }
        }
        static let flag = CellKind(words: "true or false") {
            if case .bool = $0 { return true }
            return false
        }
    }
    /// The settings' columns take their settings' values; the measures' take numbers.
    static let cellKinds: [String: CellKind] = Dictionary(
        uniqueKeysWithValues: PublishedNames.all.map { entry -> (String, CellKind) in
            switch entry.values {
            case .choice(let names): (entry.published, .oneOf(names))
            case .whole(let range):
                (entry.published, .number(Double(range.lowerBound)...Double(range.upperBound), whole: true))
            case .number(let range): (entry.published, .number(range))
            case .flag: (entry.published, .flag)
            }
        }
    ).merging(
        Dictionary(
            uniqueKeysWithValues: [Measure.epochsRun, .bestEpoch, .validationMSE, .trainingMSE].map {
                ($0.key, $0.isMSE ? CellKind.number(0...1e12) : .number(0...1e5, whole: true))
            }), uniquingKeysWith: { setting, _ in setting })
}
