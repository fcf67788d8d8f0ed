import Artifacts
import BikeModel
import Plan

extension MakePlan {
    /// The plan of `pipeline`, with `make run`'s variant if one is given: the builder's steps in
    /// the order the rules must come (each after the rules it reads from).
    public init(_ pipeline: PipelineSpec, variant: Variant? = nil) {
        var plan = PlanBuilder(pipeline)
        plan.addExperiments(variant: variant)
        plan.addTableFigures()
        plan.addHeadlineCloseUps()
        plan.addHoldout()
        plan.addAcceptance()
        plan.addResults()
        plan.addFiguresFromResults()
        self.init(
            rules: plan.rules, goals: plan.goals, experiments: pipeline.experiments.map(\.name),
            variant: variant.map { Comparison(name: $0.name, runs: $0.runs, base: $0.base, changes: $0.changes) },
            declarations: pipeline.files)
    }
}
