import Artifacts
import BikeModel
import Plan
import Stages

/// `MakePlan`'s rules as they are gathered, one step per part of the report, each adding the
/// rules it needs (a rule named twice is kept once) and the files the results rule reads.
struct PlanBuilder {
    let pipeline: PipelineSpec
    let paths = PipelinePaths()
    private(set) var rules: [PlanRule] = []
    /// Every file `make report` must bring up to date.
    private(set) var goals: [PlanPath] = []
    /// What the results rule reads besides the runs, the data and the declarations.
    private(set) var resultsInputs: [PlanPath] = []

    init(_ pipeline: PipelineSpec) { self.pipeline = pipeline }

    func data(_ spec: ExperimentSpec.DataSpec) -> [PlanPath] {
        [paths.training(spec), paths.training(spec).sidecar, paths.validation(spec), paths.validation(spec).sidecar]
    }
    mutating func add(_ rule: PlanRule) { if !rules.contains(where: { $0.id == rule.id }) { rules.append(rule) } }

    // Data: each encoding of the whole file, each split, and the raw rows some steps read.
    func splitRule(_ spec: ExperimentSpec.DataSpec, from source: PlanPath, sourceInputs: [PlanPath]) -> PlanRule {
        PlanRule(
            id: "split-\(spec.variant)", targets: data(spec), inputs: sourceInputs, tool: "split",
            arguments: [
                .path(source), "--train-share", .literal("\(spec.trainShare)"), "--rule",
                .literal(spec.rule.rawValue),
                "--train-output", .path(paths.training(spec)), "--validation-output", .path(paths.validation(spec))
            ])
    }
    mutating func addData(_ spec: ExperimentSpec.DataSpec) {
        let source = paths.source(spec)
        switch spec.encoding {
        case "raw":
            add(splitRule(spec, from: source, sourceInputs: [source]))
        case "fit-training":
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
                        tool: "preprocess",
                        arguments: [
                            .path(part), "--encoding", "fit", "--fit-on", .path(fitOn), "--unseen", "overall-mean",
                            "-o", .path(output)
                        ]))
            }
        default:
            let encoded = paths.encoded(spec)
            add(
                PlanRule(
                    id: "encode-\(spec.fileStem.map { "\($0)-" } ?? "")\(spec.encoding)",
                    targets: [encoded, encoded.sidecar], inputs: [source],
                    tool: "preprocess",
                    arguments: [.path(source), "--encoding", .literal(spec.encoding), "-o", .path(encoded)]))
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
            var progress =
                isVariant
                ? "[variant] \(name): training seeds \(spec.seeds)"
                : "[\(index + 1)/\(pipeline.experiments.count)] \(name): training seeds \(spec.seeds)"
            if let maxSeeds = pipeline.tables.maxSeeds, !targets.isEmpty, maxSeeds > pipeline.seeds(of: name).count {
                progress += ", and more up to \(maxSeeds) while a gated cell is inconclusive"
                for target in targets {
                    arguments += [
                        "--settle",
                        .literal(
                            "\(target.measure.rawValue):\(formatNumber(target.value)):\(formatNumber(target.tolerance))"
                        )
                    ]
                }
                arguments += ["--max-seeds", .literal("\(maxSeeds)")]
            }
            add(
                PlanRule(
                    id: "train-\(name)", targets: [run.models] + (history ? [run.history, run.history.sidecar] : []),
                    inputs: data(spec.data),
                    tool: "train", arguments: arguments, progress: progress,
                    seeds: ((try? TrainStage.parseSeeds(spec.seeds)) ?? []).count))
        }
    }

    /// A comparison figure per table, labelled with the settings its rows differ in.
    mutating func addTableFigures() {
        for (number, table) in pipeline.tables.tables.enumerated() {
            var seen = Set<String>()
            let rows = table.rows.map(\.experiment).filter { seen.insert($0).inserted }
            let specs = rows.compactMap(pipeline.experiment)
            let description = SettingsText.describe(specs, brief: true)
            let figure = PlanPath(.figures, table.figure.file)
            var arguments: [PlanArgument] = ["compare"]
            for (row, spec) in zip(rows, specs) {
                arguments += ["--curve", .labelled(description.label(spec), paths.run(row).history)]
            }
            arguments += ["--title", .literal("Table \(number + 1) reproduced: \(description.common)")]
            if table.figure.logY { arguments.append("--log-y") }
            add(
                PlanRule(
                    id: "figure-\(table.figure.file)", targets: [figure],
                    inputs: rows.flatMap { [paths.run($0).history, paths.run($0).history.sidecar] },
                    tool: "plot", arguments: arguments + ["-o", .path(figure)]))
            goals.append(figure)
        }
    }

    /// One headline run seen closely: its loss curve and its predictions.
    mutating func addHeadlineCloseUps() {
        let headline = pipeline.tables.headline.experiment, seed = pipeline.headlineSeed
        if let spec = pipeline.experiment(headline) {
            let run = paths.run(headline)
            let metrics = PlanPath(.build, "runs/\(headline)/seed\(seed)-metrics.json"),
                predictions = PlanPath(.build, "runs/\(headline)/seed\(seed)-predictions.csv")
            add(
                PlanRule(
                    id: "evaluate-\(headline)-seed\(seed)", targets: [metrics, predictions, predictions.sidecar],
                    inputs: [run.models, paths.validation(spec.data), paths.validation(spec.data).sidecar],
                    tool: "evaluate",
                    arguments: [
                        .path(run.models), .path(paths.validation(spec.data)), "--seed", .literal("\(seed)"), "-o",
                        .path(metrics), "--predictions", .path(predictions)
                    ]))
            let settings = SettingsText.describe([spec], brief: true).common
            let closeUps: [(String, [PlanArgument], [PlanPath])] = [
                (
                    "loss-curve.png",
                    ["loss", .path(run.history), "--model", .path(run.models), "--seed", .literal("\(seed)")]
                        + (pipeline.published.loss_curve_printed ?? []).flatMap {
                            ["--printed", PlanArgument.literal("\(Int($0[0])):\(formatNumber($0[1]))")]
                        }
                        + ["--title", .literal("Loss curve of the headline run (\(settings), seed \(seed))")],
                    [run.history, run.history.sidecar, run.models]
                ),
                (
                    "predicted-vs-actual.png",
                    [
                        "predicted", .path(predictions), "--title",
                        .literal("Headline model (seed \(seed)): predicted against actual demand, validation hours")
                    ],
                    [predictions, predictions.sidecar]
                ),
                (
                    "hourly.png",
                    [
                        "hourly", .path(predictions), "--rows", .path(paths.validation(spec.data.raw)),
                        "--title",
                        .literal("Headline model (seed \(seed)): mean demand by hour of day, validation hours")
                    ],
                    [predictions, predictions.sidecar] + data(spec.data.raw)
                )
            ]
            addData(spec.data.raw)
            for (file, arguments, inputs) in closeUps {
                let figure = PlanPath(.figures, file)
                add(
                    PlanRule(
                        id: "figure-\(file)", targets: [figure], inputs: inputs, tool: "plot",
                        arguments: arguments + ["-o", .path(figure)]))
                goals.append(figure)
            }
        }
    }

    /// The year after: the holdout model on new data, encoded as its training data was.
    mutating func addHoldout() {
        if let holdout = pipeline.beyond.holdout, let spec = pipeline.experiment(holdout.experiment) {
            let run = paths.run(holdout.experiment), holdoutData = PlanPath(.project, holdout.data)
            let encoded = PlanPath(.build, "data/holdout-\(holdout.experiment).csv")
            let encoding: [PlanArgument] =
                spec.data.encoding == "report" || spec.data.encoding == "none"
                ? ["--encoding", .literal(spec.data.encoding)] : ["--encoding", "fit", "--fit-on", .path(.data)]
            add(
                PlanRule(
                    id: "encode-holdout-\(holdout.experiment)", targets: [encoded, encoded.sidecar],
                    inputs: [holdoutData, .data], tool: "preprocess",
                    arguments: [.path(holdoutData)] + encoding + ["-o", .path(encoded)]))
            let seed = holdout.seed ?? pipeline.seeds(of: holdout.experiment).first ?? 0
            let metrics = PlanPath(.build, "runs/\(holdout.experiment)/holdout-metrics.json"),
                predictions = PlanPath(.build, "runs/\(holdout.experiment)/holdout-predictions.csv")
            add(
                PlanRule(
                    id: "evaluate-holdout-\(holdout.experiment)", targets: [metrics, predictions, predictions.sidecar],
                    inputs: [run.models, encoded, encoded.sidecar],
                    tool: "evaluate",
                    arguments: [.path(run.models), .path(encoded), "--seed", .literal("\(seed)"), "--all-seeds"]
                        + (holdout.zeroInputs ?? []).flatMap { ["--zero-input", PlanArgument.literal($0)] } + [
                            "-o", .path(metrics), "--predictions", .path(predictions)
                        ]))
            let figure = PlanPath(.figures, "holdout-2012.png")
            add(
                PlanRule(
                    id: "figure-holdout-2012.png", targets: [figure],
                    inputs: [predictions, predictions.sidecar, holdoutData, .data], tool: "plot",
                    arguments: [
                        "monthly", .path(predictions), "--rows", .path(holdoutData), "--reference", .path(.data),
                        "--title",
                        .literal("The headline model (seed \(seed), trained on 2011) on 2012: mean demand by month"),
                        "-o", .path(figure)
                    ]))
            goals.append(figure)
            resultsInputs += [metrics, holdoutData]
        }
    }

    /// The course's acceptance check: its own files, its runs, their predictions.
    mutating func addAcceptance() {
        for rule in AcceptanceCheck.rules(pipeline) { add(rule) }
        resultsInputs += AcceptanceCheck.resultsInputs(pipeline)
    }

    /// The results and the report, from every run and the data the baselines read.
    mutating func addResults() {
        let headline = pipeline.tables.headline.experiment, seed = pipeline.headlineSeed
        if let baselines = pipeline.beyond.baselines, let spec = pipeline.experiment(baselines.experiment) {
            addData(spec.data.raw)
            resultsInputs += data(spec.data) + data(spec.data.raw)
        }
        // The readings: the validation rows their hidden units are measured on, the data files the
        // loss log's candidates count, and the histories compared with the log.
        for reading in pipeline.readings {
            for base in pipeline.readingBases {
                guard let spec = pipeline.runSpec(reading.experiment(for: base)) else { continue }
                resultsInputs += data(spec.data) + (spec.data.file.map { [PlanPath(.project, $0)] } ?? [])
            }
        }
        resultsInputs += pipeline.readingHistories.map { paths.run($0).history }
        // The splits on which a claim or the sweeps' finding compares with predicting the training mean.
        for split in pipeline.meanPredictorSplits { resultsInputs += data(split) }
        let results = PlanPath(.figures, "results.json"), report = PlanPath(.figures, "report.md")
        var seenInputs = Set<PlanPath>()
        let buildInfo = [PlanPath(.tools, "sources.sha256"), PlanPath(.tools, "toolchain")]
        // The headline model's close-up, measured for the report's paragraph on it.
        if let spec = pipeline.experiment(headline) {
            let predictions = PlanPath(.build, "runs/\(headline)/seed\(seed)-predictions.csv")
            resultsInputs += [predictions, predictions.sidecar] + data(spec.data.raw)
        }
        // The headline's loss curve, compared with the one the report printed.
        if pipeline.published.loss_curve_printed?.isEmpty == false {
            resultsInputs.append(paths.run(pipeline.tables.headline.experiment).history)
        }
        let inputs =
            (pipeline.experiments.map { paths.run($0.name).models } + resultsInputs + [.data]
            + pipeline.files.map { PlanPath(.pipeline, $0) } + buildInfo)
            .filter { seenInputs.insert($0).inserted }
        add(
            PlanRule(
                id: "results", targets: [results, report], inputs: inputs, tool: "report",
                arguments: [
                    "build", "--pipeline", .path(.folder(.pipeline)), "--runs", .path(PlanPath(.build, "runs")),
                    "--data-folder", .path(PlanPath(.build, "data")),
                    "--data", .path(.data), "--build-info", .path(.folder(.tools)), "-o", .path(.folder(.figures))
                ],
                progress: "[report] tables, conclusions and provenance"))
        goals.insert(contentsOf: [results, report], at: 0)
    }

    /// The figures drawn from the results: the learning-rate sweeps', and a figure per study.
    mutating func addFiguresFromResults() {
        let results = PlanPath(.figures, "results.json")
        for table in pipeline.beyond.learningRateSweeps?.tables ?? [] {
            let figure = PlanPath(.figures, "sweep-\(table).png")
            // Titled as the report titles the table, not by its internal name.
            let number = (pipeline.tables.tables.firstIndex { $0.name == table } ?? 0) + 1
            let published = pipeline.published.tables[table]?.title ?? table
            add(
                PlanRule(
                    id: "figure-sweep-\(table).png", targets: [figure], inputs: [results], tool: "plot",
                    arguments: [
                        "sweep", .path(results), "--table", .literal(table),
                        "--title", .literal("Learning-rate sweep of Table \(number): \(published)"), "-o", .path(figure)
                    ]))
            goals.append(figure)
        }
        // A figure per study, from its rows in the results.
        for study in pipeline.studies {
            let figure = PlanPath(.figures, study.figure)
            // The settings all points share: the grid's own are in the title already.
            let specs = study.points.compactMap { pipeline.runSpec($0.experiment) }
            let base = specs.isEmpty ? nil : SettingsText.describe(specs, brief: true).common
            add(
                PlanRule(
                    id: "figure-\(study.figure)", targets: [figure], inputs: [results], tool: "plot",
                    arguments: [
                        "study", .path(results), "--study", .literal(study.name),
                        "--title",
                        .literal(
                            "Study \(study.name): \(study.settings.joined(separator: " × "))\(base.map { " (\($0))" } ?? "")"
                        ),
                        "-o", .path(figure)
                    ]))
            goals.append(figure)
        }
    }
}
