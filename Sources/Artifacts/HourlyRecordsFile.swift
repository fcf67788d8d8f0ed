import BikeModel
import Foundation

extension HourlyRecords {
    /// Reads raw rows. Raw data has no sidecar; rows that `split` dealt out do, and it is checked.
    public init(contentsOf path: String, displayName: String? = nil) throws {
        self = try HourlyRecords.load(path, displayName: displayName).records
    }

    /// Raw rows and their sidecar, if they have one (rows that `split` dealt out), checked.
    public static func load(_ path: String, displayName: String? = nil, unlabeled: Bool = false) throws -> (
        records: HourlyRecords, sidecar: CSVSidecar?
    ) {
        let sidecar = try CSVSidecar.loadIfPresent(for: path)
        if sidecar?.encoding != nil {
            throw InputError(file: path, "is a feature table made by preprocess; raw hourly data is expected here")
        }
        let table = try CSVTable(contentsOf: path, displayName: displayName)
        try sidecar?.checkRows(table.rows.count, of: path)
        return (try HourlyRecords(table: table, unlabeled: unlabeled), sidecar)
    }
}
