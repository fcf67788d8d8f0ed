import Artifacts
import BikeModel
import Pipeline
import Plan

extension MakePlan {
    /// The plan of `pipeline`, with `make run`'s variant if one is given: the runs, each
    /// section's rules, the results rule, then the figures drawn from the results, so that each
    /// rule comes after the rules it reads from.
    public init(_ pipeline: PipelineSpec, variant: Variant? = nil) {
        self.init(pipeline, variant: variant, sections: ReportSections.all(pipeline))
    }

    init(_ pipeline: PipelineSpec, variant: Variant? = nil, sections: [any ReportSection]) {
        var plan = PlanBuilder(pipeline)
        plan.addExperiments(variant: variant)
        for section in sections { section.addRules(to: &plan) }
        plan.addResults()
        for section in sections { section.addFiguresFromResults(to: &plan) }
        self.init(
            rules: plan.rules, goals: plan.goals, experiments: pipeline.experiments.map(\.name),
            variant: variant.map { Comparison(name: $0.name, runs: $0.runs, base: $0.base, changes: $0.changes) },
            declarations: pipeline.files)
    }
}
