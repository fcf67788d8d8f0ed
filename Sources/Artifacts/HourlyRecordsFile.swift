import BikeModel
import Foundation

extension HourlyRecords {
    /// Reads raw rows. Raw data has no sidecar; rows that `split` dealt out do, and it is checked.
    public init(contentsOf path: String, displayName: String? = nil) throws {
        if FileManager.default.fileExists(atPath: CSVSidecar.path(for: path)) {
            let sidecar = try CSVSidecar.load(for: path, expecting: .hours)
            if sidecar.encoding != nil { throw InputError(file: path, "is a feature table made by preprocess; raw hourly data is expected here") }
        }
        try self.init(table: CSVTable(contentsOf: path, displayName: displayName))
    }
}
