import BikeModel
import Foundation
import Statistics

extension ReportResults {
    /// One cell of a published table with everything the row says of it: the published value,
    /// the reproduced spread (its verdict, interval and margins inside), the relative difference,
    /// the margin it is gated at, and the other configurations that margin would also pass.
    /// results.json keeps these as a row's parallel maps, the shape scripts read; code reads a cell.
    public struct Cell: Sendable {
        public var column: String
        public var published: JSONValue?
        public var reproduced: Spread?
        /// (reproduced median − published) / published.
        public var difference: Double?
        /// The declared margin; nil where the column is reported, not gated.
        public var margin: Double?
        public var alsoReproducedBy: [String]?

        public var isGated: Bool { margin != nil }
        public var verdict: CellVerdict? { reproduced?.verdict }
    }
}

extension ReportResults.Row {
    /// The cell of `column`, empty where the row neither publishes nor measures it.
    public func cell(_ column: String) -> ReportResults.Cell {
        ReportResults.Cell(
            column: column, published: published[column], reproduced: reproduced[column],
            difference: relativeDifference[column], margin: tolerance[column],
            alsoReproducedBy: alsoReproducedBy?[column])
    }

    /// The gated cells, by column name.
    public var gatedCells: [ReportResults.Cell] { tolerance.keys.sorted().map(cell) }
}
