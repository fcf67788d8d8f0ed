/// The report's twelve input features, in METHOD.md's order, and the target.
public enum Feature: String, CaseIterable, Sendable, Codable {
    case season, yr, mnth, hr, holiday, weekday, workingday, weathersit, temp, atemp, hum, windspeed

    public static let count = Feature.allCases.count
    public static let target = "cnt"

    /// The features the report replaces by the mean demand of their value.
    public static let categorical: [Feature] = [.season, .mnth, .hr, .holiday, .weekday, .workingday, .weathersit]

    /// The codes a categorical (or binary) column may take, as the data set documents them.
    public var codes: ClosedRange<Int>? {
        switch self {
        case .season: 1...4
        case .yr: 0...1
        case .mnth: 1...12
        case .hr: 0...23
        case .holiday, .workingday: 0...1
        case .weekday: 0...6
        case .weathersit: 1...4
        case .temp, .atemp, .hum, .windspeed: nil
        }
    }

    public var isCategorical: Bool { Feature.categorical.contains(self) }
}
