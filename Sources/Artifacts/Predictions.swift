import BikeModel
import Foundation

/// A predictions file written by `evaluate --predictions`: its writer and its reader.
public struct Predictions: Equatable, Sendable {
    public var actual: [Double]
    public var predicted: [Double]

    public init(actual: [Double], predicted: [Double]) {
        precondition(actual.count == predicted.count)
        self.actual = actual
        self.predicted = predicted
    }

    /// The CSV text: `row,actual,predicted`, rows numbered from 0.
    public var csvText: String {
        var text = "row,actual,predicted\n"
        for (row, (actual, predicted)) in zip(actual, predicted).enumerated() {
            text += "\(row),\(formatNumber(actual)),\(formatNumber(predicted))\n"
        }
        return text
    }

    /// The file and its sidecar, to write together with other outputs (`AtomicWrite.files`).
    public func files(to path: String, header: ArtifactHeader) throws -> [(path: String, data: Data)] {
        try AtomicWrite.csvFiles(csvText, to: path, header: header, rows: actual.count)
    }

    public static func load(_ path: String) throws -> Predictions {
        let sidecar = try CSVSidecar.load(for: path, expecting: .predictions)
        let table = try CSVTable(contentsOf: path)
        try sidecar.checkRows(table.rows.count, of: path)
        let columns = try table.columnIndices(["actual", "predicted"])
        guard !table.rows.isEmpty else { throw InputError(file: path, line: table.headerLine, "no predictions") }
        var result = Predictions(actual: [], predicted: [])
        for row in table.rows {
            for (index, name) in ["actual", "predicted"].enumerated() {
                guard let value = DecimalText.double(row.fields[columns[index]]) else {
                    throw InputError(
                        file: path, line: row.line, column: name,
                        "expected a finite decimal number, found \(Quoted(row.fields[columns[index]]))")
                }
                if index == 0 { result.actual.append(value) } else { result.predicted.append(value) }
            }
        }
        return result
    }

    /// Refuses raw rows that are not the rows predicted: their counts must be the actual counts.
    public func checkAligned(with rows: HourlyRecords) throws {
        guard rows.rowCount == actual.count, rows.counts == actual else {
            throw InputError(
                file: rows.file,
                "its \(rows.rowCount) rows do not line up with the \(actual.count) predictions (are they the same rows?)"
            )
        }
    }
}
