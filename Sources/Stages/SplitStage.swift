import Artifacts
import BikeModel
import Foundation

extension Split {
    /// Runs the stage: keeps the header and each row's fields, rewrites them as CSV.
    public func run(input: String, trainOutput: String, validationOutput: String) throws {
        try OutputGuard.check(
            outputs: OutputGuard.withSidecars([trainOutput, validationOutput]),
            inputs: OutputGuard.withSidecars([input]))
        // A stage output carries a sidecar, checked here; raw data has none and is split as it is.
        let hasSidecar = FileManager.default.fileExists(atPath: CSVSidecar.path(for: input))
        let source = hasSidecar ? try CSVSidecar.load(for: input, expecting: .hours) : nil
        let table = try CSVTable(contentsOf: input)
        try source?.checkRows(table.rows.count, of: input)
        if let source { try source.encoding?.checkMeans(against: table, file: input) }
        var parts = [CSVTable.line(table.header), CSVTable.line(table.header)]
        var counts = [0, 0]
        for (index, row) in table.rows.enumerated() {
            let part = isTraining(index, of: table.rows.count) ? 0 : 1
            parts[part] += CSVTable.line(row.fields)
            counts[part] += 1
        }
        guard counts[0] > 0, counts[1] > 0 else {
            throw InputError(
                file: input,
                "\(table.rows.count) rows leave the \(counts[0] == 0 ? "training" : "validation") set empty at --train-share \(trainShare)"
            )
        }
        let inputRecord = ArtifactHeader.Input(role: "whole", path: input, sha256: try fingerprint(input))
        var writes: [(path: String, data: Data)] = []
        for (part, path) in [trainOutput, validationOutput].enumerated() {
            let name = part == 0 ? "training" : "validation"
            let parameters = ["trainShare": "\(trainShare)", "rule": rule.rawValue, "part": name]
            let header = ArtifactHeader(
                schema: .hours, tool: .split, parameters: parameters, inputs: [inputRecord], for: path)
            let encoding = source?.data?.encoding ?? source?.encoding?.mode.rawValue ?? "raw"
            writes += try AtomicWrite.csvFiles(
                parts[part], to: path, header: header, rows: counts[part], encoding: source?.encoding,
                data: DataRecord(encoding: encoding, trainShare: trainShare, rule: rule, part: name))
        }
        try AtomicWrite.files(writes)
    }
}
