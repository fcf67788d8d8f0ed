import BikeModel
import Foundation

extension HourlyRecords {
    /// Reads raw rows. Raw data has no sidecar; rows that `split` dealt out do, and it is checked.
    public init(contentsOf path: String, displayName: String? = nil) throws {
        let sidecar = try CSVSidecar.loadIfPresent(for: path)
        if sidecar?.encoding != nil { throw InputError(file: path, "is a feature table made by preprocess; raw hourly data is expected here") }
        let table = try CSVTable(contentsOf: path, displayName: displayName)
        try sidecar?.checkRows(table.rows.count, of: path)
        try self.init(table: table)
    }
}
