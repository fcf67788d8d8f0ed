import Artifacts
import BikeModel
import Pipeline
import Plan
import Stages

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

/// `MakePlan`'s rules as they are gathered, one step per part of the report, each adding the
/// rules it needs (a rule named twice is kept once) and the files the results rule reads.
///
/// Why the plan is built here and rendered in `Plan`: each report section owns its rules beside
/// its results, checks and words, and the sections live in this module; `Plan` renders any
/// plan (make, Makeflow) and checks and quotes its text without knowing a section.
struct PlanBuilder {
    let pipeline: PipelineSpec
    let paths = PipelinePaths()
    private(set) var rules: [PlanRule] = []
    /// Every file `make report` must bring up to date.
    var goals: [PlanPath] = []
    /// What the results rule reads besides the runs, the data and the declarations.
    var resultsInputs: [PlanPath] = []

    init(_ pipeline: PipelineSpec) { self.pipeline = pipeline }

    func data(_ spec: ExperimentSpec.DataSpec) -> [PlanPath] {
        [paths.training(spec), paths.training(spec).sidecar, paths.validation(spec), paths.validation(spec).sidecar]
    }
    mutating func add(_ rule: PlanRule) { if !rules.contains(where: { $0.id == rule.id }) { rules.append(rule) } }

    // Data: each encoding of the whole file, each split, and the raw rows some steps read.
    func splitRule(_ spec: ExperimentSpec.DataSpec, from source: PlanPath, sourceInputs: [PlanPath]) -> PlanRule {
        PlanRule(
            id: "split-\(spec.variant)", targets: data(spec), inputs: sourceInputs, tool: .split,
            arguments: [
                .path(source), "--train-share", .literal("\(spec.trainShare)"), "--rule",
                .literal(spec.rule.rawValue),
                "--train-output", .path(paths.training(spec)), "--validation-output", .path(paths.validation(spec))
            ])
    }
    mutating func addData(_ spec: ExperimentSpec.DataSpec) {
        let source = paths.source(spec)
        switch spec.encoding {
        case .raw:
            add(splitRule(spec, from: source, sourceInputs: [source]))
        case .fitTraining:
            addData(spec.raw)
            let fitOn = paths.training(spec.raw)
            for (part, output) in [
                (paths.training(spec.raw), paths.training(spec)),
                (paths.validation(spec.raw), paths.validation(spec))
            ] {
                // A category absent from the training rows (heavy rain, at t = 75) becomes the overall mean.
                add(
                    PlanRule(
                        id:
                            "fit-\(spec.variant)-\(output.relative.hasSuffix("training.csv") ? "training" : "validation")",
                        targets: [output, output.sidecar], inputs: [part, part.sidecar, fitOn, fitOn.sidecar],
                        tool: .preprocess,
                        arguments: [
                            .path(part), "--encoding", .literal(EncodingMode.fit.rawValue), "--fit-on", .path(fitOn),
                            "--unseen", "overall-mean",
                            "-o", .path(output)
                        ]))
            }
        default:
            let encoded = paths.encoded(spec)
            add(
                PlanRule(
                    id: "encode-\(spec.fileStem.map { "\($0)-" } ?? "")\(spec.encoding.rawValue)",
                    targets: [encoded, encoded.sidecar], inputs: [source],
                    tool: .preprocess,
                    arguments: [.path(source), "--encoding", .literal(spec.encoding.rawValue), "-o", .path(encoded)]))
            add(splitRule(spec, from: encoded, sourceInputs: [encoded, encoded.sidecar]))
        }
    }

    /// The experiments: all seeds of one in one process; `make run`'s variant in a folder of its own.
    mutating func addExperiments(variant: Variant?) {
        let planned = pipeline.experiments + (variant.map { [($0.name, $0.spec)] } ?? [])
        for (index, (name, spec)) in planned.enumerated() {
            let isVariant = index == pipeline.experiments.count
            addData(spec.data)
            let run = isVariant ? paths.variant(name) : paths.run(name)
            // Sweeps and studies need no loss curves, and skip the pass over the training rows each
            // epoch costs.
            let history = !pipeline.isSweep(name) && !pipeline.isStudyPoint(name) && !isVariant
            var arguments: [PlanArgument] = [.path(paths.training(spec.data)), .path(paths.validation(spec.data))]
            arguments += spec.trainArguments.map(PlanArgument.literal) + ["-o", .path(run.models)]
            if history { arguments += ["--history", .path(run.history)] }
            // Only the headline's loss-curve figure draws a history's training MSE; the others
            // skip the pass over the training rows each epoch it costs.
            if history && name != pipeline.tables.headline.experiment { arguments.append("--no-training-mse") }
            let targets = isVariant ? [] : pipeline.settleTargets(of: name)
            let runsTargets = isVariant ? [] : pipeline.runsTargets(of: name)
            var progress =
                isVariant
                ? "[variant] \(name): training seeds \(spec.seeds)"
                : "[\(index + 1)/\(pipeline.experiments.count)] \(name): training seeds \(spec.seeds)"
            if let maxSeeds = pipeline.tables.maxSeeds, !(targets.isEmpty && runsTargets.isEmpty),
                maxSeeds > pipeline.seeds(of: name).count
            {
                progress +=
                    ", and more up to \(maxSeeds) while \(targets.isEmpty ? "" : "a gated cell")\(targets.isEmpty || runsTargets.isEmpty ? "" : " or ")\(runsTargets.isEmpty ? "" : "a conclusion on its runs") is inconclusive"
                for target in targets { arguments += ["--settle", .literal(target.argument)] }
                for target in runsTargets { arguments += ["--settle-runs", .literal(target.argument)] }
                arguments += ["--max-seeds", .literal("\(maxSeeds)")]
            }
            add(
                PlanRule(
                    id: "train-\(name)", targets: [run.models] + (history ? [run.history, run.history.sidecar] : []),
                    inputs: data(spec.data),
                    tool: .train, arguments: arguments, progress: progress,
                    seeds: spec.seeds.count))
        }
    }

    /// The results and the report, from every run, the declarations, and what each section
    /// added to `resultsInputs`.
    mutating func addResults() {
        // The splits on which a claim or the sweeps' finding compares with predicting the training mean.
        for split in pipeline.meanPredictorSplits { resultsInputs += data(split) }
        let results = PlanPath(.figures, "results.json"), report = PlanPath(.figures, "report.md")
        var seenInputs = Set<PlanPath>()
        let buildInfo = [PlanPath(.tools, "sources.sha256"), PlanPath(.tools, "toolchain")]
        // The sections' inputs first: make then evaluates a run they wait on (the acceptance runs')
        // as soon as it is trained, not after every run.
        let inputs =
            (resultsInputs + pipeline.experiments.map { paths.run($0.name).models } + [.data]
            + pipeline.files.map { PlanPath(.pipeline, $0) } + buildInfo)
            .filter { seenInputs.insert($0).inserted }
        add(
            PlanRule(
                id: "results", targets: [results, report], inputs: inputs, tool: .report,
                arguments: [
                    "build", "--pipeline", .path(.folder(.pipeline)), "--runs", .path(PlanPath(.build, "runs")),
                    "--data-folder", .path(PlanPath(.build, "data")),
                    "--data", .path(.data), "--build-info", .path(.folder(.tools)), "-o", .path(.folder(.figures))
                ],
                progress: "[report] tables, conclusions and provenance"))
        goals.insert(contentsOf: [results, report], at: 0)
    }

}
