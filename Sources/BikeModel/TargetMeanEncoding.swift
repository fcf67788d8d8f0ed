/// How `preprocess` turns category codes into features.
public enum EncodingMode: String, CaseIterable, Sendable, Codable {
    /// The report's hard-coded integer tables, divided by 100.
    case report
    /// Means computed from data (the input itself, or another file), divided by 100.
    case fit
    /// The raw codes: the report's "no preprocessing" row.
    case none
}

/// Target-mean encoding: each categorical code is replaced by the mean demand of that code,
/// divided by 100 to keep the inputs near the scale of temp and hum.
public struct TargetMeanEncoding: Codable, Equatable, Sendable {
    /// Feature name → code (as text) → mean `cnt` of the rows with that code.
    public var means: [String: [String: Double]]
    /// The mean `cnt` of all rows fitted on (absent for the report's tables): what an unseen
    /// code becomes when the encoding is told to fall back.
    public var overallMean: Double?

    public init(means: [String: [String: Double]], overallMean: Double? = nil) {
        self.means = means
        self.overallMean = overallMean
    }

    /// What a code the table has never seen becomes.
    public enum Unseen: String, CaseIterable, Codable, Sendable {
        /// Refuse the input, naming the row: the safe default.
        case error
        /// The overall mean of the rows fitted on: all a model could know of a new category.
        case overallMean = "overall-mean"
    }

    /// The report's integer tables, transcribed from its code (published.json → encoding).
    /// They are a setting of the method, not a result.
    public static let report: TargetMeanEncoding = {
        let tables: [Feature: [Double]] = [
            .season: [72, 157, 187, 152],
            .mnth: [55, 74, 87, 131, 182, 199, 189, 186, 177, 166, 142, 118],
            .hr: [
                43, 26, 18, 10, 5, 14, 57, 157, 263, 164, 130, 155, 189, 190, 182, 188, 234, 350, 322, 236, 173, 134,
                104, 69
            ],
            .holiday: [144, 125],
            .weekday: [143, 145, 147, 137, 142, 147, 142],
            .workingday: [141, 144],
            .weathersit: [155, 135, 86, 36]
        ]
        var means: [String: [String: Double]] = [:]
        for (feature, values) in tables {
            let first = feature.codes!.lowerBound
            means[feature.rawValue] = Dictionary(
                uniqueKeysWithValues: values.enumerated().map { ("\(first + $0.offset)", $0.element) })
        }
        return TargetMeanEncoding(means: means)
    }()

    /// The mean count of each code that occurs in `records`.
    public static func fit(_ records: HourlyRecords) -> TargetMeanEncoding {
        var means: [String: [String: Double]] = [:]
        for feature in Feature.categorical {
            var sums: [Int: (total: Double, rows: Int)] = [:]
            for row in 0..<records.rowCount {
                let code = Int(records.value(feature, row: row))
                sums[code, default: (0, 0)].total += records.counts[row]
                sums[code, default: (0, 0)].rows += 1
            }
            means[feature.rawValue] = Dictionary(
                uniqueKeysWithValues: sums.map { ("\($0.key)", $0.value.total / Double($0.value.rows)) })
        }
        return TargetMeanEncoding(means: means, overallMean: records.counts.reduce(0, +) / Double(records.rowCount))
    }

    public func mean(of feature: Feature, code: Int) -> Double? { means[feature.rawValue]?["\(code)"] }

    /// The encoded feature matrix (row-major, 12 per row); a code the table has never seen is
    /// an error rather than a silent zero.
    public func encode(_ records: HourlyRecords, unseen: Unseen = .error) throws -> [Double] {
        var encoded = records.features
        for (column, feature) in Feature.allCases.enumerated() where feature.isCategorical {
            guard let table = means[feature.rawValue] else {
                throw UsageError("the encoding table has no entry for '\(feature.rawValue)'")
            }
            for row in 0..<records.rowCount {
                let code = Int(encoded[row * Feature.count + column])
                guard let mean = table["\(code)"] ?? (unseen == .overallMean ? overallMean : nil) else {
                    throw InputError(
                        file: records.file, line: records.lines[row], column: feature.rawValue,
                        "the code \(code) does not occur in the data the encoding was fitted on (--unseen overall-mean encodes it as the overall mean)"
                    )
                }
                encoded[row * Feature.count + column] = mean / 100
            }
        }
        return encoded
    }
}
