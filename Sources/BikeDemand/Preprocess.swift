import Foundation

/// The `preprocess` stage: raw hourly data in, the 12 features (encoded as asked) and `cnt` out.
public enum Preprocess {
    /// Builds the encoding for `mode`; `fit` learns it from `fitOn` (the input itself by default).
    public static func encoding(_ mode: EncodingMode, input: HourlyRecords, fitOn: HourlyRecords?) -> TargetMeanEncoding? {
        switch mode {
        case .report: .report
        case .fit: .fit(fitOn ?? input)
        case .none: nil
        }
    }

    /// The feature table as CSV text: a header of the 12 feature names and `cnt`, then one row per hour.
    public static func csv(_ records: HourlyRecords, encoding: TargetMeanEncoding?, unseen: TargetMeanEncoding.Unseen = .error) throws -> String {
        let features = try encoding?.encode(records, unseen: unseen) ?? records.features
        var text = (Feature.allCases.map(\.rawValue) + [Feature.target]).joined(separator: ",") + "\n"
        text.reserveCapacity(records.rowCount * 96)
        for row in 0..<records.rowCount {
            for column in 0..<Feature.count {
                text += formatNumber(features[row * Feature.count + column])
                text += ","
            }
            text += formatNumber(records.counts[row])
            text += "\n"
        }
        return text
    }

    /// Runs the stage end to end, writing `output` and its sidecar atomically.
    public static func run(input: String, output: String, mode: EncodingMode, fitOn: String?, unseen: TargetMeanEncoding.Unseen = .error) throws {
        if unseen == .overallMean && mode != .fit { throw UsageError("--unseen overall-mean goes with --encoding fit (the report's tables have no overall mean)") }
        let records = try HourlyRecords(contentsOf: input)
        let fitRecords = try fitOn.map { try HourlyRecords(contentsOf: $0) }
        let table = encoding(mode, input: records, fitOn: fitRecords)
        let text = try csv(records, encoding: table, unseen: unseen)
        var inputs = [ArtifactHeader.Input(role: "raw", path: input, sha256: try fingerprint(input))]
        if let fitOn { inputs.append(.init(role: "fit-on", path: fitOn, sha256: try fingerprint(fitOn))) }
        var parameters = ["encoding": mode.rawValue]
        if let fitOn { parameters["fitOn"] = fitOn }
        if mode == .fit { parameters["unseen"] = unseen.rawValue }
        let header = ArtifactHeader(schema: .hours, tool: "preprocess", parameters: parameters, inputs: inputs)
        try AtomicWrite.csv(text, to: output, header: header, rows: records.rowCount,
                            encoding: EncodingRecord(mode: mode, table: table, unseen: mode == .fit ? unseen : nil))
    }
}

/// Number text that reads back to the same Double: integers without a fraction, the rest in
/// Swift's shortest round-trip form.
public func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}
