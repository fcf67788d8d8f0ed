import BikeModel
import Foundation
import Pipeline
import Testing

extension Fixtures {
    /// The project's own pipeline/, loaded once for every test that reads it.
    public static let committedPipeline = Result {
        try PipelineSpec.load(Fixtures.repository.appendingPathComponent("pipeline").path)
    }

    /// The message of the refusal `PipelineSpec.load` gives for the project's pipeline/, copied
    /// and changed by `change` (given the copy's folder); an accepted pipeline is an issue.
    public static func pipelineRefusal(_ change: (String) throws -> Void) throws -> String {
        let folder = Fixtures.folder() + "/pipeline"
        try FileManager.default.copyItem(
            atPath: Fixtures.repository.appendingPathComponent("pipeline").path, toPath: folder)
        try change(folder)
        do { _ = try PipelineSpec.load(folder) } catch { return "\(error)" }
        Issue.record("the pipeline was accepted")
        return ""
    }

    /// A folder with the first `rows` raw rows of data/train.csv (raw.csv), their encoding
    /// (enc.csv) and its split at t = 75 (t.csv, v.csv), made by the stages.
    public static func rawSplitProject(rows: Int) throws -> String {
        let dir = folder()
        let lines = try String(contentsOfFile: trainCSV, encoding: .utf8).split(separator: "\n").prefix(rows + 1)
        write(lines.joined(separator: "\n") + "\n", to: dir + "/raw.csv")
        try Preprocess.run(input: dir + "/raw.csv", output: dir + "/enc.csv", mode: .report, fitOn: nil)
        try Split(trainShare: 75, rule: .interleaved).run(
            input: dir + "/enc.csv", trainOutput: dir + "/t.csv", validationOutput: dir + "/v.csv")
        return dir
    }

    /// The encoded training and validation tables of data/train.csv at share t, as the pipeline makes them.
    public static func encodedSplit(trainShare: Int = 75, encoding: EncodingMode = .report) throws -> (
        training: FeatureTable, validation: FeatureTable
    ) {
        let dir = folder()
        try Preprocess.run(input: trainCSV, output: dir + "/encoded.csv", mode: encoding, fitOn: nil)
        try Split(trainShare: trainShare, rule: .interleaved).run(
            input: dir + "/encoded.csv", trainOutput: dir + "/t.csv", validationOutput: dir + "/v.csv")
        return (try FeatureTable.load(dir + "/t.csv").table, try FeatureTable.load(dir + "/v.csv").table)
    }
}
