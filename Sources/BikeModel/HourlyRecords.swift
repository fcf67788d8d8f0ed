import Foundation

/// The raw hourly data, validated cell by cell: one row per hour with the 12 features as the
/// data set codes them and the rented-bike count. Extra columns (instant, dteday, casual,
/// registered) are ignored; columns are found by name.
public struct HourlyRecords: Sendable {
    /// Row-major, `Feature.count` values per row, in `Feature.allCases` order.
    public var features: [Double]
    public var counts: [Double]
    /// The file line of each row, for messages about it later.
    public var lines: [Int]
    public var file: String
    /// False for rows whose count is unknown (`cnt` is `?`), read with `unlabeled: true`: their
    /// `counts` are 0 place holders that nothing may score.
    public private(set) var labelled = true

    /// What an unlabeled row's count cell holds.
    public static let unknownCount = "?"

    public var rowCount: Int { counts.count }

    public func value(_ feature: Feature, row: Int) -> Double {
        features[row * Feature.count + Feature.allCases.firstIndex(of: feature)!]
    }

    /// `unlabeled`: every row's count must be unknown (`?` or empty), as in the course's
    /// acceptance rows to predict; otherwise every count must be a whole number.
    public init(table: CSVTable, unlabeled: Bool = false) throws {
        file = table.file
        labelled = !unlabeled
        let columns = try table.columnIndices(Feature.allCases.map(\.rawValue) + [Feature.target])
        guard !table.rows.isEmpty else {
            throw InputError(file: table.file, line: table.headerLine, "no data rows after the header")
        }
        features = []
        features.reserveCapacity(table.rows.count * Feature.count)
        counts = []
        counts.reserveCapacity(table.rows.count)
        lines = table.rows.map(\.line)
        for row in table.rows {
            for (feature, column) in zip(Feature.allCases, columns) {
                features.append(try Self.parse(row.fields[column], as: feature, file: table.file, line: row.line))
            }
            let text = row.fields[columns[Feature.count]], trimmed = text.trimmedOfSpaces
            let unknown = trimmed == Self.unknownCount || trimmed.isEmpty
            if unlabeled {
                guard unknown else {
                    throw InputError(
                        file: table.file, line: row.line, column: Feature.target,
                        "expected an unknown count ('?') in rows read as unlabeled, found \(Quoted(text))")
                }
                counts.append(0)
                continue
            }
            guard let count = Int(trimmed), count >= 0 else {
                throw InputError(
                    file: table.file, line: row.line, column: Feature.target,
                    "expected a non-negative integer count, found \(Quoted(text))"
                        + (unknown
                            ? " (an unlabeled row: preprocess such rows with --unlabeled, and predict them with evaluate --unlabeled)"
                            : ""))
            }
            counts.append(Double(count))
        }
    }

    static func parse(_ text: String, as feature: Feature, file: String, line: Int) throws -> Double {
        let trimmed = text.trimmedOfSpaces
        if let codes = feature.codes {
            guard let code = Int(trimmed), codes.contains(code) else {
                throw InputError(
                    file: file, line: line, column: feature.rawValue,
                    "expected an integer \(codes.lowerBound)–\(codes.upperBound), found \(Quoted(text))")
            }
            return Double(code)
        }
        guard let value = DecimalText.double(trimmed), (0...1).contains(value) else {
            throw InputError(
                file: file, line: line, column: feature.rawValue,
                "expected a number in [0, 1], found \(Quoted(text))")
        }
        return value
    }
}

extension String {
    /// The text without leading or trailing spaces (`CharacterSet.whitespaces`). A cell with
    /// plain ASCII at both ends, nearly every one, is returned as it is: Foundation's trimming
    /// took a fifth of reading a data file.
    var trimmedOfSpaces: String {
        let utf8 = self.utf8
        func plain(_ byte: UInt8?) -> Bool { byte.map { $0 < 0x80 && $0 != 0x20 && $0 != 0x09 } ?? true }
        if plain(utf8.first) && plain(utf8.last) { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}
