import Artifacts

extension ReportResults {
    /// A table row by its id in the readings' joint fits, `early_stopping[1]`.
    func tableRow(_ id: String) -> Row? {
        let parts = id.split(separator: "[")
        guard parts.count == 2, let table = tables[String(parts[0])], let at = Int(parts[1].dropLast()),
            table.rows.indices.contains(at)
        else { return nil }
        return table.rows[at]
    }
}

/// The published rows that print the headline's run, matched whole under each reading, by the
/// split each reading runs them at: what "Which run printed the headline?" and the findings read.
struct HeadlineRows {
    let order: [String]
    let readings: [String: ReportResults.ReadingResult]
    /// The first reading's joint rows; every reading lists the same rows in the same order.
    let rows: [ReportResults.JointRow]
    /// The indices of the rows whose experiment is the headline's.
    let indices: [Int]
    private let headline: String
    private let experiments: [String: ExperimentSpec]

    init?(_ results: ReportResults) {
        guard let which = results.whichReading, let readings = results.readings,
            let rows = readings[which.order.first ?? ""]?.joint
        else { return nil }
        let headline = results.headline.experiment
        let indices = rows.indices.filter { results.tableRow(rows[$0].row)?.experiment == headline }
        guard !indices.isEmpty else { return nil }
        (order, self.readings, self.rows, self.indices) = (which.order, readings, rows, indices)
        (self.headline, experiments) = (headline, results.provenance.experiments)
    }

    /// The training share `reading` runs the headline's experiment at.
    func trainShare(_ reading: String) -> Int? {
        experiments[readings[reading]?.experiments[headline] ?? headline]?.data.trainShare
    }

    /// Every share some reading runs the headline at, in order.
    var splits: [Int] { Set(order.compactMap(trainShare)).sorted() }

    /// Of the readings that run row `index` at share `t`, the one matching the largest share of
    /// its seeds (the first, in the readings' order, on a tie).
    func best(_ index: Int, at t: Int) -> (reading: String, row: ReportResults.JointRow)? {
        order.filter { trainShare($0) == t }.compactMap { name in readings[name]?.joint.map { (name, $0[index]) } }
            .max { $0.1.seedsMatching * $1.1.seeds < $1.1.seedsMatching * $0.1.seeds }
    }
}
