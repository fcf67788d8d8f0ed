import Artifacts
import BikeModel
import Pipeline
import Plan

/// One section of the report, and everything about it in its one file: the rules that make
/// what it shows (evaluations and figures drawn from runs before the results rule, figures
/// drawn from results.json after it), the files the results rule reads for it, its part of
/// results.json with its figures' captions, what `make check` holds it to, and its markdown.
/// Each step does nothing unless the section says otherwise.
protocol ReportSection {
    /// Rules before the results rule, and what that rule reads for this section.
    func addRules(to plan: inout PlanBuilder)
    /// Figures drawn from results.json, after the results rule.
    func addFiguresFromResults(to plan: inout PlanBuilder)
    /// Its part of results.json, once the runs are read and the tables and headline judged.
    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws
    /// What `make check` holds it to.
    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem]
    /// Its text in figures/report.md.
    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String
}

extension ReportSection {
    func addRules(to plan: inout PlanBuilder) {}
    func addFiguresFromResults(to plan: inout PlanBuilder) {}
    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {}
    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] { [] }
    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String { "" }
}

/// What every section's results may read: the runs (a derived experiment's through the one it
/// reuses), the data the sections beyond the report read, the learning-rate sweeps, and what the
/// claims compare with.
struct ResultsContext {
    let pipeline: PipelineSpec
    let experiments: [String: ExperimentRuns]
    let beyondData: BeyondData
    /// Measured before any section: the conclusions read them as well as their own section.
    let sweeps: [BeyondResults.Sweep]?
    /// Always predicting the training mean, on the swept tables' split.
    let meanPredictorAtSweepSplit: Double?
    let readingInputs: ReadingResults.Inputs
    let references: ClaimSpec.References
    let meanPredictorOf: (String) -> Double?
    let headlineHistory: LossHistory?
}

/// The report's sections in its order, which every step follows: the plan's rules, the
/// results, the checks and the markdown.
package enum ReportSections {
    static func all(_ pipeline: PipelineSpec) -> [any ReportSection] {
        var sections: [any ReportSection] = [IntroductionSection(), HeadlineSection(), LossCurveSection()]
        for (number, table) in pipeline.tables.tables.enumerated() {
            sections.append(TableSection(number: number + 1, name: table.name))
        }
        sections += [
            ConclusionsSection(), ReadingsSection(), CloseUpSection(), BeyondSection(), SweepsSection(),
            BaselinesSection(), LeakFreeSection(), ContiguousSection(), HoldoutSection(), AcceptanceSection(),
            StudiesSection(), ProvenanceSection(),
            // Last: it reads every other section's results (the introduction shows it first).
            FindingsSection()
        ]
        return sections
    }

    /// Every section's checks, in the report's order.
    package static func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        all(pipeline).flatMap { $0.checks(results, pipeline: pipeline) }
    }
}
