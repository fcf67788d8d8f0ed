import Artifacts
import BikeModel
import Foundation
import TestSupport
import Testing

@Suite("preprocess and split")
struct PreprocessTests {
    @Test("fit encoding on the lab's file gives the report's printed season means to every digit")
    func seasonMeans() throws {
        let fitted = TargetMeanEncoding.fit(try HourlyRecords(contentsOf: Fixtures.trainCSV))
        #expect(fitted.mean(of: .season, code: 1)! == 72.16307541625856)
        #expect(fitted.mean(of: .season, code: 2)! == 157.65592374035407)
        #expect(fitted.mean(of: .season, code: 3)! == 187.34375)
        #expect(fitted.mean(of: .season, code: 4)! == 152.82895970009372)
        // The whole year has 26 more hours, all in winter, and a spring mean of its own.
        let year = TargetMeanEncoding.fit(try HourlyRecords(contentsOf: Fixtures.fullYearCSV))
        #expect(abs(year.mean(of: .season, code: 1)! - 72.534) < 0.001)
    }

    @Test("the lab's dates are spelled 2011/1/1, the whole year's 2011-01-01: both read, row for row alike")
    func bothFiles() throws {
        let lab = try HourlyRecords(contentsOf: Fixtures.trainCSV)
        let year = try HourlyRecords(contentsOf: Fixtures.fullYearCSV)
        #expect(lab.rowCount == 8619 && year.rowCount == 8645)
        #expect(Array(year.features.prefix(lab.features.count)) == lab.features)
        #expect(Array(year.counts.prefix(lab.rowCount)) == lab.counts)
    }

    @Test("the report encoding replaces codes by its table / 100; none keeps the codes")
    func encodings() throws {
        let records = try HourlyRecords(contentsOf: Fixtures.trainCSV)
        let report = try TargetMeanEncoding.report.encode(records)
        #expect(
            Array(report[0..<Feature.count]) == [0.72, 0, 0.55, 0.43, 1.44, 1.42, 1.41, 1.55, 0.24, 0.2879, 0.81, 0])
        #expect(Array(records.features[0..<Feature.count]) == [1, 0, 1, 0, 0, 6, 0, 1, 0.24, 0.2879, 0.81, 0])
    }

    @Test("a code the fitted table never saw is an error, not a zero")
    func unseenCode() throws {
        let dir = Fixtures.folder()
        Fixtures.write("\(Fixtures.header)\n\(Fixtures.row)\n", to: dir + "/fit.csv")
        Fixtures.write("\(Fixtures.header)\n1,2011-01-01,1,0,1,5,0,6,0,1,0.24,0.2879,0.81,0,16\n", to: dir + "/in.csv")
        #expect {
            try Preprocess.run(input: dir + "/in.csv", output: dir + "/out.csv", mode: .fit, fitOn: dir + "/fit.csv")
        } throws: { error in
            let error = error as! InputError
            return error.line == 2 && error.column == "hr" && error.message.contains("code 5")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.csv"))
    }

    @Test(
        "split counts",
        arguments: [
            (75, SplitRule.interleaved, 6469, 2150), (70, .interleaved, 6039, 2580), (1, .interleaved, 87, 8532),
            (75, .contiguous, 6464, 2155), (50, .contiguous, 4309, 4310)
        ])
    func splitCounts(share: Int, rule: SplitRule, training: Int, validation: Int) throws {
        let dir = Fixtures.folder()
        try Split(trainShare: share, rule: rule).run(
            input: Fixtures.trainCSV, trainOutput: dir + "/t.csv", validationOutput: dir + "/v.csv")
        #expect(try CSVTable(contentsOf: dir + "/t.csv").rows.count == training)
        #expect(try CSVTable(contentsOf: dir + "/v.csv").rows.count == validation)
        #expect(try ArtifactJSON.decode(CSVSidecar.self, from: dir + "/t.csv.meta.json").rows == training)
    }

    @Test("the training share must be 1 to 99", arguments: [0, 100, -5])
    func badShare(share: Int) {
        #expect(throws: UsageError.self) { try Split(trainShare: share, rule: .interleaved) }
    }

    @Test("rerunning preprocess and split gives identical bytes")
    func deterministic() throws {
        var outputs: [[Data]] = []
        let dir = Fixtures.folder()
        for _ in 0..<2 {
            try Preprocess.run(input: Fixtures.trainCSV, output: dir + "/e.csv", mode: .fit, fitOn: nil)
            try Split(trainShare: 75, rule: .interleaved).run(
                input: dir + "/e.csv", trainOutput: dir + "/t.csv", validationOutput: dir + "/v.csv")
            outputs.append(
                try ["e.csv", "e.csv.meta.json", "t.csv", "t.csv.meta.json", "v.csv", "v.csv.meta.json"].map {
                    try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0))
                })
        }
        #expect(outputs[0] == outputs[1])
    }

    @Test("the report's encoding tables in the code are the ones published.json transcribes")
    func encodingTablesMatchPublished() throws {
        let data = try Data(contentsOf: Fixtures.repository.appendingPathComponent("pipeline/published.json"))
        let encoding = try #require(
            (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["encoding"] as? [String: Any])
        for feature in Feature.categorical {
            let published = try #require(
                encoding[feature.rawValue] as? [Double], "published.json has no table for \(feature)")
            let first = feature.codes!.lowerBound
            let code = published.indices.map { TargetMeanEncoding.report.means[feature.rawValue]?["\(first + $0)"] }
            #expect(code == published.map { $0 }, "\(feature)")
        }
    }
}
