import Foundation

/// An hour whose count a model was not given, with its real count found elsewhere.
public struct LabelledHour: Codable, Equatable, Sendable {
    /// Its line in the file of hours to predict.
    public var line: Int
    /// Its day and hour as the file writes them ("2011/1/1 9:00").
    public var when: String
    public var actual: Double
}

/// The real counts of hours to predict, each found in a labelled file by every column but
/// `instant` and `cnt`: exactly one row must match.
public enum RealCounts {
    public static func find(predict: String, labels: String) throws -> [LabelledHour] {
        let wanted = try CSVTable(contentsOf: predict), known = try CSVTable(contentsOf: labels)
        let keys = wanted.header.filter { $0 != "instant" && $0 != Feature.target }
        let wantedColumns = try wanted.columnIndices(keys), knownColumns = try known.columnIndices(keys)
        let count = try known.columnIndices([Feature.target])[0]
        let day = keys.firstIndex(of: "dteday"), hour = keys.firstIndex(of: "hr")
        var index: [[String]: [CSVTable.Row]] = [:]
        for row in known.rows {
            index[knownColumns.map { row.fields[$0].trimmingCharacters(in: .whitespaces) }, default: []].append(row)
        }
        return try wanted.rows.map { row in
            let key = wantedColumns.map { row.fields[$0].trimmingCharacters(in: .whitespaces) }
            let matches = index[key] ?? []
            guard matches.count == 1, let actual = Double(matches[0].fields[count]) else {
                throw InputError(
                    file: predict, line: row.line,
                    matches.isEmpty
                        ? "no row of \(labels) has this hour's values, so its real count is unknown"
                        : "\(matches.count) rows of \(labels) have this hour's values (lines \(matches.map { String($0.line) }.joined(separator: ", ")))"
                )
            }
            let when = [day.map { key[$0] }, hour.map { "\(key[$0]):00" }].compactMap { $0 }.joined(separator: " ")
            return LabelledHour(line: row.line, when: when, actual: actual)
        }
    }
}
