import Artifacts
import BikeModel
import Foundation
import Pipeline

extension ReportResults.CloseUp {
    /// Mean actual and predicted demand by hour, working days and other days apart, and what
    /// they say: the morning peak, and whether the model tells the two kinds of day apart.
    public init(predictions: Predictions, rows: HourlyRecords, seed: UInt64) throws {
        try predictions.checkAligned(with: rows)
        func profile(working: Double, _ values: [Double]) -> [Double] {
            (0..<24).map { hour in
                let picked = (0..<rows.rowCount).filter {
                    rows.value(.hr, row: $0) == Double(hour) && rows.value(.workingday, row: $0) == working
                }
                return picked.isEmpty ? .nan : picked.map { values[$0] }.reduce(0, +) / Double(picked.count)
            }
        }
        let (wa, wp) = (profile(working: 1, predictions.actual), profile(working: 1, predictions.predicted))
        let (oa, op) = (profile(working: 0, predictions.actual), profile(working: 0, predictions.predicted))
        self.init(
            workingActual: wa, workingPredicted: wp, otherActual: oa, otherPredicted: op, seed: seed,
            finding: ReportResults.CloseUp.finding(
                workingActual: wa, workingPredicted: wp, otherActual: oa, otherPredicted: op, seed: seed))
    }

    /// The paragraph under "The headline model up close", from the profiles alone.
    static func finding(
        workingActual wa: [Double], workingPredicted wp: [Double], otherActual oa: [Double],
        otherPredicted op: [Double], seed: UInt64
    ) -> String {
        func n(_ value: Double) -> String { readable(value) }
        func argmax(_ values: [Double], in hours: Range<Int>) -> Int {
            hours.max { values[$0] < values[$1] } ?? hours.lowerBound
        }
        let morning = argmax(wa, in: 5..<11), evening = argmax(wa, in: 15..<21)
        // How far apart the two kinds of day are, hour by hour: actual against predicted.
        let actualGap = (0..<24).map { abs(wa[$0] - oa[$0]) }.reduce(0, +) / 24
        let predictedGap = (0..<24).map { abs(wp[$0] - op[$0]) }.reduce(0, +) / 24
        var text =
            "On the validation hours of seed \(seed), working days peak at \(morning) am (\(n(wa[morning])) bikes an hour on average) and at \(evening - 12) pm (\(n(wa[evening])))."
        text +=
            " The model predicts \(n(wp[morning])) at \(morning) am (\(String(format: "%+.0f%%", 100 * (wp[morning] / wa[morning] - 1)))) and \(n(wp[evening])) at \(evening - 12) pm (\(String(format: "%+.0f%%", 100 * (wp[evening] / wa[evening] - 1))))"
        text += wp[morning] < 0.8 * wa[morning] ? ": the sharp morning peak is underpredicted." : "."
        text +=
            " Actual demand on working days and on other days differs by \(n(actualGap)) bikes an hour on average over the day; the predictions differ by \(n(predictedGap))"
        text +=
            predictedGap < 0.5 * actualGap
            ? ": the model predicts the two kinds of day much alike. The kind of day reaches it only through the encoded means of holiday, weekday and workingday; the hour's encoded mean is the same on both kinds of day."
            : "."
        return text
    }
}
