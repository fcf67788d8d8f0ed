import Artifacts
import BikeModel
import Foundation
import Pipeline
import Statistics

/// Which validation sets could have printed the report's loss log. Each prediction is a whole
/// count and so is each actual count, so an MSE over n rows is a whole number over n: a printed
/// value v fits n only if v × n is whole, within the digits it was printed to (the granularity
/// test of Brown and Heathers 2017, "GRIM", applied to MSEs).
enum LossLogForensics {
    /// The candidates: every data file the readings train on, at every training share from the
    /// tables' lowest to their highest, under the interleaved rule.
    static func build(_ pipeline: PipelineSpec, dataFiles: [(path: String, rows: Int)])
        -> ReportResults.LossLogForensics?
    {
        guard let printed = pipeline.published.lossCurvePrinted, !printed.isEmpty else { return nil }
        let values = printed.map { $0[1] }
        let shares = pipeline.readingBases.compactMap { pipeline.experiment($0)?.data.trainShare }
        guard let low = shares.min(), let high = shares.max() else { return nil }
        var candidates: [ReportResults.LossLogForensics.Candidate] = []
        for file in dataFiles {
            for share in low...high {
                let n = validationRows(rows: file.rows, trainShare: share)
                let whole = values.filter { isWhole($0, over: n) }.count
                candidates.append(
                    .init(
                        data: file.path, rows: file.rows, trainShare: share, validationRows: n,
                        fits: n > 0 && whole == values.count, wholeValues: whole))
            }
        }
        var fitting: [Int] = []
        for candidate in candidates where candidate.fits && !fitting.contains(candidate.trainShare) {
            fitting.append(candidate.trainShare)
        }
        let headline = pipeline.published.headline.validationMSE
        let headlineShare = pipeline.experiment(pipeline.tables.headline.experiment)?.data.trainShare
        let lastIsHeadline = values.last.map { $0.rounded(.towardZero) == headline } ?? false
        var out = ReportResults.LossLogForensics(
            values: values, candidates: candidates, fittingTrainShares: fitting.sorted(),
            lastValueIsHeadline: lastIsHeadline,
            finding: ReadingProse.forensics(
                candidates, fitting: fitting.sorted(), values: values, headline: headline,
                headlineShare: headlineShare, lastIsHeadline: lastIsHeadline))
        out.headlineTrainShare = headlineShare
        return out
    }

    /// The validation rows of `rows` rows at share t under the report's rule (i % 100 >= t).
    static func validationRows(rows: Int, trainShare: Int) -> Int {
        guard let split = try? Split(trainShare: trainShare, rule: .interleaved) else { return 0 }
        return (0..<rows).filter { !split.isTraining($0, of: rows) }.count
    }

    /// Whether v × n is a whole number, allowing for the digits v was printed to and for the
    /// rounding of the stored double and of the product.
    static func isWhole(_ v: Double, over n: Int) -> Bool {
        guard n > 0, v.isFinite else { return false }
        let product = v * Double(n)
        let slack = Double(n) * (Spread.resolution(of: v) / 2 + v.ulp) + product.ulp
        return abs(product - product.rounded()) <= slack
    }
}
