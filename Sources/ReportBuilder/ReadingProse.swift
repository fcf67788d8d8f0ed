import Artifacts
import BikeModel
import Foundation
import Pipeline
import Statistics

/// The readings' sentences, each made from the numbers it states.
enum ReadingProse {
    /// A p-value as a reader reads it: 0.41, 0.003, 2e-09.
    static func p(_ value: Double) -> String {
        value >= 0.01
            ? String(format: "%.2f", value)
            : value >= 0.001
                ? String(format: "%.3f", value)
                : String(format: "%.0e", value)
    }

    static func counts(_ reading: ReportResults.ReadingResult) -> String {
        let total = reading.mse.inside + reading.epochs.inside, of = reading.mse.of + reading.epochs.of
        return
            "\(total) of \(of) (\(reading.mse.inside) of \(reading.mse.of) MSEs, \(reading.epochs.inside) of \(reading.epochs.of) epoch counts; Fisher's combined p = \(p(reading.combined.pValue)))"
    }

    /// One reading's joint analysis in words: are the published numbers runs of this method
    /// (Fisher's combination of their rank p-values; Holm over their one-run tests), and do they
    /// share one shift from our runs (DerSimonian–Laird, with I²)? Every number from `reading`.
    static func joint(
        _ reading: ReportResults.ReadingResult, name: String, labels: [String: String],
        shared: [[String]]
    ) -> String {
        let total = reading.numbers.count, inside = reading.mse.inside + reading.epochs.inside
        let same = shared.map { $0.map { "`\($0)`" }.joined(separator: " = ") }.joined(separator: "; ")
        var text =
            "Taken together, under the `\(name)` reading: of the report's \(total) independent published numbers (\(reading.mse.of) MSEs, \(reading.epochs.of) epoch counts; a number printed in several cells counts once\(same.isEmpty ? "" : ": \(same)")), \(inside) lie inside the 95% interval for one of our runs, and Fisher's combination of their rank p-values gives p = \(p(reading.combined.pValue))"
        text +=
            reading.combined.pValue < 0.05
            ? ": jointly, they are not runs of this method as we run it."
            : ": jointly, nothing shows they are not runs of this method."
        let flagged = reading.flagged.map { labels[$0] ?? $0 }
        text +=
            flagged.isEmpty
            ? " After Holm's correction over those \(total) one-run t-tests, none is unlikely as one of our runs at 5%."
            : " After Holm's correction over those \(total) one-run t-tests, \(flagged.count) \(flagged.count == 1 ? "stays" : "stay") unlikely as one of our runs at 5%: \(flagged.joined(separator: "; "))."
        if let shift = reading.shift {
            let ci = shift.confidenceInterval
            func signed(_ x: Double) -> String { String(format: "%+.2f%%", 100 * x) }
            let zeroInside = ci[0] <= 0 && 0 <= ci[1]
            text +=
                " On a common relative scale the published MSEs sit \(signed(shift.shift)) from our means (DerSimonian–Laird random effects over the \(shift.numbers) MSEs whose runs vary; 95% confidence interval \(signed(ci[0])) to \(signed(ci[1]))): \(zeroInside ? "no common shift is shown" : "a common shift")"
            text +=
                ", and \(String(format: "%.0f", 100 * shift.i2))% of their variation is beyond the runs' noise (I²)"
            text +=
                shift.i2 >= 0.75
                ? ", so they differ from our runs by amounts that vary from number to number, not by one shift such as one setting or one rounding would make."
                : "."
        }
        return text
    }

    /// "The published numbers fit the `code` reading best: …", from the counts.
    static func finding(best: String, order: [String], readings: [String: ReportResults.ReadingResult]) -> String {
        guard let top = readings[best] else { return "" }
        var text =
            "The published numbers fit the `\(best)` reading best: \(counts(top)) of the report's independent published numbers lie inside the 95% interval for one of its runs."
        let others = order.filter { $0 != best }.compactMap { name in readings[name].map { "`\(name)` \(counts($0))" } }
        if !others.isEmpty { text += " Under the other readings: " + others.joined(separator: "; ") + "." }
        let joint = order.compactMap { name -> String? in
            guard let reading = readings[name] else { return nil }
            let shift = reading.shift.map {
                String(
                    format: ", shift %+.2f%% (95%% CI %+.2f%% to %+.2f%%, I² %.0f%%)", 100 * $0.shift,
                    100 * $0.confidenceInterval[0], 100 * $0.confidenceInterval[1], 100 * $0.i2)
            }
            return "`\(name)` \(reading.flagged.count) of \(reading.numbers.count) flagged\(shift ?? "")"
        }
        if !joint.isEmpty {
            text +=
                " After Holm's correction over each reading's one-run t-tests, and the random-effects shift of its published MSEs from its means (DerSimonian–Laird): "
                + joint.joined(separator: "; ") + "."
        }
        return text
    }

    /// The experiment whose runs hold the most printed values under some reading, if one does alone.
    static func mostLike(_ matches: [ReportResults.LossLogForensics.Match]) -> String? {
        var experiments: [String] = []
        for m in matches where !experiments.contains(m.experiment) { experiments.append(m.experiment) }
        func best(_ experiment: String) -> Int {
            matches.filter { $0.experiment == experiment }.map(\.inside).max() ?? 0
        }
        guard let top = experiments.max(by: { best($0) < best($1) }) else { return nil }
        return experiments.filter { best($0) == best(top) }.count == 1 ? top : nil
    }

    /// Which fitting split's runs the printed log lies among, reading by reading.
    static func logMatches(_ matches: [ReportResults.LossLogForensics.Match]) -> String {
        var experiments: [String] = []
        for m in matches where !experiments.contains(m.experiment) { experiments.append(m.experiment) }
        guard !experiments.isEmpty else { return "" }
        let parts = experiments.map { experiment -> String in
            let rows = matches.filter { $0.experiment == experiment }
            return
                "`\(experiment)` (t = \(rows[0].trainShare)): "
                + rows.map { "\($0.inside) of \($0.of) under `\($0.reading)`" }.joined(separator: ", ")
        }
        var text =
            " Against the runs of each split that fits, the printed values that lie inside the 95% interval for one run: "
            + parts.joined(separator: "; ") + "."
        if let top = mostLike(matches), let share = matches.first(where: { $0.experiment == top })?.trainShare {
            text +=
                " The log is most like a run at t = \(share) (`\(top)`); the headline's loss-curve table sets it against those runs."
        }
        return text
    }

    /// What the printed loss log's granularity says of the run that printed it.
    static func forensics(
        _ candidates: [ReportResults.LossLogForensics.Candidate], fitting: [Int], values: [Double], headline: Double,
        headlineShare: Int?, lastIsHeadline: Bool
    ) -> String {
        func rows(_ share: Int) -> String {
            let sizes = Set(candidates.filter { $0.trainShare == share }.map(\.validationRows)).sorted()
            return sizes.map { readable(Double($0)) }.joined(separator: " or ")
        }
        var text: String
        if fitting.isEmpty {
            text =
                "No training share from the tables' range fits every printed value: no candidate validation set makes each a whole number of squared errors."
        } else {
            let fits = fitting.map { "t = \($0) (\(rows($0)) validation rows)" }.joined(separator: " or ")
            text =
                "Every one of the \(values.count) printed values times the validation rows of \(fits) is a whole number of squared errors, on every data file tried"
            if let headlineShare, !fitting.contains(headlineShare) {
                let whole = candidates.filter { $0.trainShare == headlineShare }.map(\.wholeValues).max() ?? 0
                text +=
                    "; at the headline's t = \(headlineShare) (\(rows(headlineShare)) rows) only \(whole) of \(values.count) are. So the log was printed by a run at \(fitting.map { "t = \($0)" }.joined(separator: " or ")), not at t = \(headlineShare)"
            }
            text += "."
        }
        if lastIsHeadline, let last = values.last {
            text +=
                " Its last value, \(String(format: "%.4f", last)), cut to a whole number is \(readable(headline)): the headline the report gives\(headlineShare.map { " for t = \($0)" } ?? "")."
        }
        return text
    }
}
