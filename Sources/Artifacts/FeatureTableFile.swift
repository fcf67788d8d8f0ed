import BikeModel
import Foundation

extension FeatureTable {
    /// Reads a feature CSV written by `preprocess` or `split`, checking its sidecar first. Rows
    /// without counts (`preprocess --unlabeled`) are refused unless `unlabeled`: only a
    /// prediction can use them, and their counts are then 0 place holders.
    public static func load(_ path: String, unlabeled: Bool = false) throws -> (
        table: FeatureTable, sidecar: CSVSidecar
    ) {
        let sidecar = try CSVSidecar.load(for: path, expecting: .hours)
        let isUnlabeled = sidecar.data?.labelled == false
        if isUnlabeled && !unlabeled {
            throw InputError(
                file: path,
                "holds unlabeled rows (preprocess --unlabeled: every count is unknown), and this step needs counts; predict them with evaluate --unlabeled"
            )
        }
        if unlabeled && !isUnlabeled {
            throw InputError(file: path, "holds labelled rows: evaluate them without --unlabeled")
        }
        let csv = try CSVTable(contentsOf: path)
        let columns = try csv.columnIndices(Feature.allCases.map(\.rawValue) + [Feature.target])
        guard !csv.rows.isEmpty else {
            throw InputError(file: path, line: csv.headerLine, "no data rows after the header")
        }
        try sidecar.checkRows(csv.rows.count, of: path)
        try sidecar.encoding?.checkMeans(against: csv, file: path)
        var features: [Double] = []
        features.reserveCapacity(csv.rows.count * Feature.count)
        var counts: [Double] = []
        for row in csv.rows {
            for (index, column) in columns.enumerated() {
                let name = index < Feature.count ? Feature.allCases[index].rawValue : Feature.target
                if index == Feature.count && isUnlabeled {
                    guard row.fields[column] == HourlyRecords.unknownCount else {
                        throw InputError(
                            file: path, line: row.line, column: name,
                            "expected an unknown count ('?') in an unlabeled table, found \(Quoted(row.fields[column]))"
                        )
                    }
                    counts.append(0)
                    continue
                }
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
