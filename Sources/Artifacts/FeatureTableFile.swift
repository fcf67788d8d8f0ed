import BikeModel
import Foundation

extension FeatureTable {
    /// Reads a feature CSV written by `preprocess` or `split`, checking its sidecar first.
    public static func load(_ path: String) throws -> (table: FeatureTable, sidecar: CSVSidecar) {
        let sidecar = try CSVSidecar.load(for: path, expecting: .hours)
        let csv = try CSVTable(contentsOf: path)
        let columns = try csv.columnIndices(Feature.allCases.map(\.rawValue) + [Feature.target])
        guard !csv.rows.isEmpty else {
            throw InputError(file: path, line: csv.headerLine, "no data rows after the header")
        }
        try sidecar.checkRows(csv.rows.count, of: path)
        var features: [Double] = []
        features.reserveCapacity(csv.rows.count * Feature.count)
        var counts: [Double] = []
        for row in csv.rows {
            for (index, column) in columns.enumerated() {
                let name = index < Feature.count ? Feature.allCases[index].rawValue : Feature.target
                guard let value = DecimalText.double(row.fields[column]) else {
                    throw InputError(
                        file: path, line: row.line, column: name,
                        "expected a finite decimal number, found \(Quoted(row.fields[column]))")
                }
                if index < Feature.count { features.append(value) } else { counts.append(value) }
            }
        }
        return (FeatureTable(features: features, counts: counts), sidecar)
    }
}
