import Foundation

/// How rows are dealt between training and validation.
public enum SplitRule: String, CaseIterable, Sendable, Codable {
    /// Row i trains when i % 100 < t: every stretch of the year is in both sets.
    case interleaved
    /// The first t% of rows train, the rest validate: the split the report argues against,
    /// since demand drifts over the year.
    case contiguous
}

/// The `split` stage: one CSV in, its rows dealt to a training and a validation CSV.
public struct Split: Sendable {
    public var trainShare: Int
    public var rule: SplitRule

    public init(trainShare: Int, rule: SplitRule) throws {
        guard (1...99).contains(trainShare) else {
            throw UsageError("--train-share must be an integer from 1 to 99, got \(trainShare)")
        }
        self.trainShare = trainShare
        self.rule = rule
    }

    /// Whether the row at 0-based position `index` of `count` rows goes to training.
    public func isTraining(_ index: Int, of count: Int) -> Bool {
        switch rule {
        case .interleaved: index % 100 < trainShare
        case .contiguous: index < count * trainShare / 100
        }
    }

    /// Runs the stage: keeps the header and each row's fields, rewrites them as CSV.
    public func run(input: String, trainOutput: String, validationOutput: String) throws {
        // A stage output carries a sidecar, checked here; raw data has none and is split as it is.
        let hasSidecar = FileManager.default.fileExists(atPath: CSVSidecar.path(for: input))
        let source = hasSidecar ? try CSVSidecar.load(for: input, expecting: .hours) : nil
        let table = try CSVTable(contentsOf: input)
        var parts = [CSVTable.line(table.header), CSVTable.line(table.header)]
        var counts = [0, 0]
        for (index, row) in table.rows.enumerated() {
            let part = isTraining(index, of: table.rows.count) ? 0 : 1
            parts[part] += CSVTable.line(row.fields)
            counts[part] += 1
        }
        guard counts[0] > 0, counts[1] > 0 else {
            throw InputError(file: input, "\(table.rows.count) rows leave the \(counts[0] == 0 ? "training" : "validation") set empty at --train-share \(trainShare)")
        }
        let inputRecord = ArtifactHeader.Input(role: "whole", path: input, sha256: try fingerprint(input))
        var writes: [(path: String, data: Data)] = []
        for (part, path) in [trainOutput, validationOutput].enumerated() {
            let parameters = ["trainShare": "\(trainShare)", "rule": rule.rawValue, "part": part == 0 ? "training" : "validation"]
            let header = ArtifactHeader(schema: .hours, tool: "split", parameters: parameters, inputs: [inputRecord])
            writes += try AtomicWrite.csvFiles(parts[part], to: path, header: header, rows: counts[part], encoding: source?.encoding)
        }
        try AtomicWrite.files(writes)
    }
}
