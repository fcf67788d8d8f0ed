import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// The headline: the published number, ours, their verdict, and the joint analysis of the
/// text's reading. Its runs are the headline experiment's; its results are judged with the
/// tables' (`ReportResults.headlineResult`).
struct HeadlineSection: ReportSection {
    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        Checks.headline(results, pipeline: pipeline)
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        "## Headline\n\n" + ReportMarkdown.headline(results, pipeline: pipeline)
    }
}

extension ReportMarkdown {
    /// The headline: the published number, ours, their verdict, and the joint analysis of the text's reading.
    static func headline(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        let stated = pipeline.published.headline.statedRange
        let gate = pipeline.tables.headlineMargin.map { "±" + MarginMarkdown.percent($0) } ?? "its tolerance"
        var md = ""
        if let headline = results.headline.reproduced[Measure.validationMSE.key], stated.count == 2 {
            let published = pipeline.published.headline.validationMSE
            let inside = (min(stated[0], stated[1])...max(stated[0], stated[1])).contains(headline.median)
            let seeds = headline.seeds ?? 0
            md +=
                "The report's headline validation MSE is **\(readable(published))**, \"stable within \(readable(stated[0]))–\(readable(stated[1]))\". "
            md +=
                "Reproduced over \(seeds) seeds: median **\(readable(headline.median))** (\(readable(headline.min))–\(readable(headline.max))), \(String(format: "%+.1f%%", 100 * results.headline.relativeDifference)), \(inside ? "inside" : "outside") the stated range\(results.headline.settings.map { ", with \(SettingsText.describe([$0]).common)" } ?? "").\n\n"
            md += headlinePlace(headline, published: published, gate: gate, why: results.headline.marginRationale)
            if let smallest = headline.smallestMargin,
                let others = results.headline.alsoReproducedBy?[Measure.validationMSE.key]
            {
                md +=
                    " "
                    + MarginMarkdown.headline(
                        smallest: smallest, others: others, reproduced: headline.verdict == .reproduced)
            }
            md += "\n\n"
            if let readings = results.headline.readings, let order = results.whichReading?.order {
                md +=
                    "Under each reading (below, \"Which reading are the published numbers?\"): "
                    + order.compactMap { name in
                        readings[name]?[Measure.validationMSE.key].map { "`\(name)` \(ReadingMarkdown.cell($0))" }
                    }.joined(separator: "; ") + ".\n\n"
            }
            md += departures(results.headline.departures ?? [])
            if let text = pipeline.readings.first(where: \.isText), let reading = results.readings?[text.name] {
                let labels = Dictionary(
                    (results.whichReading?.numbers ?? []).map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
                let shared = (results.whichReading?.numbers ?? []).filter { $0.cells.count > 1 }.map(\.cells)
                md += ReadingProse.joint(reading, name: text.name, labels: labels, shared: shared) + "\n\n"
            }
        }
        return md
    }
}

extension Checks {
    /// The headline: its settings, its median in the stated range, and its verdict as declared.
    static func headline(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        var items: [CheckItem] = []
        let range = pipeline.published.headline.statedRange
        for departure in results.headline.departures ?? [] {
            items.append(
                CheckItem(
                    suite: "headline", name: "headline settings",
                    failure:
                        "headline: ran with \(departure.setting) \(departure.run) where the report used \(departure.published)"
                ))
        }
        if let median = results.headline.reproduced[Measure.validationMSE.key]?.median, range.count == 2,
            range[0] <= range[1]
        {
            items.append(
                CheckItem(
                    suite: "headline", name: "headline validation MSE in the stated range",
                    failure: (range[0]...range[1]).contains(median)
                        ? nil
                        : "headline: reproduced median validation MSE \(readable(median)) is outside the report's stated range \(readable(range[0]))–\(readable(range[1]))"
                ))
        } else {
            items.append(
                CheckItem(
                    suite: "headline", name: "headline validation MSE in the stated range",
                    failure: "headline: no reproduced validation MSE"))
        }
        if let gate = pipeline.tables.headlineMargin {
            items.append(
                CheckItem(
                    suite: "headline", name: "headline validation MSE as declared",
                    failure: cellFailure(
                        "headline, \(Measure.validationMSE.key)",
                        results.headline.reproduced[Measure.validationMSE.key],
                        published: pipeline.published.headline.validationMSE, tolerance: gate,
                        design: pipeline.design(of: pipeline.tables.headline.experiment),
                        expected: pipeline.tables.headline.expected ?? .reproduced)))
        }
        return items
    }
}
