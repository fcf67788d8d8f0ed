import Artifacts
import Foundation
import Pipeline
import Plan
import TestSupport
import Testing

// `@testable`: a section is the report builder's own type (`ReportSection` and `PlanBuilder` are
// internal to it); a newcomer adds one inside the module, as this test does.
@testable import ReportBuilder

/// A report section is one type, and a new one is one file: given to the plan, the results, the
/// checks and the report, it reaches each of them.
@Suite("Report sections: one type each, through the plan, the results, the checks and the report")
struct SectionTests {
    /// The kind of section a newcomer adds: a figure drawn from results.json, its caption, a
    /// check that the caption is there, and a paragraph.
    struct Demo: ReportSection {
        func addFiguresFromResults(to plan: inout PlanBuilder) {
            let results = PlanPath(.figures, "results.json"), figure = PlanPath(.figures, "demo.png")
            plan.add(
                PlanRule(
                    id: "figure-demo.png", targets: [figure], inputs: [results], tool: .plot,
                    arguments: ["demo", .path(results), "-o", .path(figure)]))
            plan.goals.append(figure)
        }

        func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
            results.figures["demo.png"] = "A demo over \(context.pipeline.tables.tables.count) tables."
        }

        func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
            [CheckItem(suite: "demo", name: "its caption", failure: results.figures["demo.png"] == nil ? "none" : nil)]
        }

        func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String {
            "\n## Demo\n\n\(results.figures["demo.png"] ?? "")\n"
        }
    }

    @Test("a section added to the list reaches the plan, the results, the checks and the report")
    func newSection() throws {
        let pipeline = try ResultsBuildTests.pipeline.get()
        let sections = ReportSections.all(pipeline) + [Demo()]
        let plan = MakePlan(pipeline, sections: sections)
        let rule = try #require(plan.rules.last)
        #expect(rule.id == "figure-demo.png" && plan.goals.last == PlanPath(.figures, "demo.png"))
        #expect(
            try plan.listing().hasSuffix(
                "\n\nfigure-demo.png\n  writes: $(FIG)/demo.png\n  reads:  $(FIG)/results.json\n  runs:   $(BIN)/plot 'demo' '$(FIG)/results.json' '-o' '$(FIG)/demo.png'\n"
            ))
        #expect(!MakePlan(pipeline).rules.contains { $0.id == rule.id })

        let results = try ReportResults.build(
            pipeline: pipeline, experiments: try ResultsBuildTests.runs(pipeline),
            headlineHistory: ResultsBuildTests.history, meanPredictors: ["report-t70": 18_000], beyond: BeyondData(),
            data: .init(role: "raw", path: "data/train.csv", sha256: String(repeating: "0", count: 64)),
            runInputs: [], output: "figures/results.json", sections: sections)
        let caption = "A demo over \(pipeline.tables.tables.count) tables."
        #expect(results.figures["demo.png"] == caption)
        #expect(try ResultsBuildTests.build().figures["demo.png"] == nil)

        let items = sections.flatMap { $0.checks(results, pipeline: pipeline) }
        #expect(items.last == CheckItem(suite: "demo", name: "its caption", failure: nil))

        let text = ReportMarkdown.text(results, pipeline: pipeline, sections: sections)
        #expect(text.hasSuffix("\n## Demo\n\n\(caption)\n"))
        #expect(text.hasPrefix(ReportMarkdown.text(results, pipeline: pipeline)))
    }

    @Test("every section the report has is in the list once, in the report's order")
    func order() throws {
        let pipeline = try ResultsBuildTests.pipeline.get()
        let names = ReportSections.all(pipeline).map { "\(type(of: $0))" }
        // The findings read every other section's results, so they come last (shown first).
        #expect(names.first == "IntroductionSection" && names.suffix(2) == ["ProvenanceSection", "FindingsSection"])
        #expect(names.filter { $0 == "TableSection" }.count == pipeline.tables.tables.count)
        let once = names.filter { $0 != "TableSection" }
        #expect(Set(once).count == once.count)
        // The tables in their declared order, numbered from 1.
        let tables = ReportSections.all(pipeline).compactMap { $0 as? TableSection }
        #expect(
            tables.map(\.name) == pipeline.tables.tables.map(\.name) && tables.map(\.number) == Array(1...tables.count))
    }
}
