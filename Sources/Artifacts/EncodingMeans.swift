import BikeModel
import Foundation

extension EncodingRecord {
    /// The most a category mean may be: a mean of hourly rentals, and no hour of the data has
    /// more than a thousand (a sidecar claiming 1e308 is refused, not trusted).
    public static let largestMean = 100_000.0

    /// Refuses a recorded table whose means could not be means of the counts: not finite,
    /// negative, or beyond `largestMean`.
    public func checkMeans(against table: CSVTable, file: String) throws {
        for (feature, codes) in (self.table?.means ?? [:]).sorted(by: { $0.key < $1.key }) {
            for (code, mean) in codes.sorted(by: { $0.key < $1.key })
            where !(mean.isFinite && mean >= 0 && mean <= EncodingRecord.largestMean) {
                throw InputError(
                    file: CSVSidecar.path(for: file),
                    "encoding.table.means.\(feature).\(code) is \(mean), not a mean of hourly counts (0 to \(formatNumber(EncodingRecord.largestMean)))"
                )
            }
        }
        if let overall = self.table?.overallMean,
            !(overall.isFinite && overall >= 0 && overall <= EncodingRecord.largestMean)
        {
            throw InputError(
                file: CSVSidecar.path(for: file),
                "encoding.table.overallMean is \(overall), not a mean of hourly counts")
        }
    }
}
