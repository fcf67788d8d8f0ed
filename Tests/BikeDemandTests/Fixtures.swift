import Foundation
import TestSupport

@testable import Artifacts
@testable import BikeModel
@testable import ReportBuilder

extension Fixtures {
    /// The encoded training and validation tables of data/train.csv at share t, as the pipeline makes them.
    static func encodedSplit(trainShare: Int = 75, encoding: EncodingMode = .report) throws -> (
        training: FeatureTable, validation: FeatureTable
    ) {
        let dir = folder()
        try Preprocess.run(input: trainCSV, output: dir + "/encoded.csv", mode: encoding, fitOn: nil)
        try Split(trainShare: trainShare, rule: .interleaved).run(
            input: dir + "/encoded.csv", trainOutput: dir + "/t.csv", validationOutput: dir + "/v.csv")
        return (try FeatureTable.load(dir + "/t.csv").table, try FeatureTable.load(dir + "/v.csv").table)
    }
}
