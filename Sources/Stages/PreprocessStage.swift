import Artifacts
import BikeModel
import Foundation

extension Preprocess {
    /// Runs the stage end to end, writing `output` and its sidecar atomically.
    public static func run(
        input: String, output: String, mode: EncodingMode, fitOn: String?, unseen: TargetMeanEncoding.Unseen = .error,
        unlabeled: Bool = false
    ) throws {
        if unlabeled && mode == .fit && fitOn == nil {
            throw UsageError("--encoding fit of unlabeled rows needs --fit-on: their own counts are unknown")
        }
        if unseen == .overallMean && mode != .fit {
            throw UsageError(
                "--unseen overall-mean goes with --encoding fit (the report's tables have no overall mean)")
        }
        try OutputGuard.check(
            outputs: OutputGuard.withSidecars([output]), inputs: OutputGuard.withSidecars([input, fitOn]))
        let (records, inputSidecar) = try HourlyRecords.load(input, unlabeled: unlabeled)
        let fit = try fitOn.map { try HourlyRecords.load($0) }
        let fitRecords = fit?.records
        // Rows that split dealt out keep their split in the record; means fitted on the training
        // part of the same split are the leak-free encoding.
        let split = inputSidecar?.data, fitSplit = fit?.sidecar?.data
        var name = mode.rawValue
        if mode == .fit, let split, let fitSplit, fitSplit.part == "training", fitSplit.trainShare == split.trainShare,
            fitSplit.rule == split.rule
        {
            name = DataEncoding.fitTraining.rawValue
        }
        let table = encoding(mode, input: records, fitOn: fitRecords)
        let text = try csv(records, encoding: table, unseen: unseen)
        var inputs = [ArtifactHeader.Input(role: "raw", path: input, sha256: try fingerprint(input))]
        if let fitOn { inputs.append(.init(role: "fit-on", path: fitOn, sha256: try fingerprint(fitOn))) }
        var parameters = ["encoding": mode.rawValue]
        if mode == .fit { parameters["unseen"] = unseen.rawValue }
        if unlabeled { parameters["unlabeled"] = "true" }
        let header = ArtifactHeader(
            schema: .hours, tool: .preprocess, parameters: parameters, inputs: inputs, for: output)
        try AtomicWrite.csv(
            text, to: output, header: header, rows: records.rowCount,
            encoding: EncodingRecord(mode: mode, table: table, unseen: mode == .fit ? unseen : nil),
            data: DataRecord(
                encoding: name, trainShare: split?.trainShare, rule: split?.rule, part: split?.part,
                labelled: unlabeled ? false : nil))
    }
}
