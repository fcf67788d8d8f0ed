import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Stages

extension AcceptanceCheck {
    static func models(_ run: Run) -> PlanPath { PlanPath(.build, "runs/\(run.name)/models.json") }
    static func forecasts(_ run: Run) -> PlanPath { PlanPath(.build, "runs/\(run.name)/forecasts.json") }

    /// The plan's rules: both files encoded as the report's, each run trained on the labelled
    /// hours (which are its validation rows too: it runs every iteration) and asked to predict.
    static func rules(_ pipeline: PipelineSpec) -> [PlanRule] {
        guard let acceptance = pipeline.beyond.acceptance else { return [] }
        let labelled = PlanPath(.project, acceptance.training), unlabeled = PlanPath(.project, acceptance.predict)
        var rules = [
            PlanRule(
                id: "encode-acceptance-training", targets: [training, training.sidecar], inputs: [labelled],
                tool: .preprocess,
                arguments: [
                    .path(labelled), "--encoding", .literal(EncodingMode.report.rawValue), "-o", .path(training)
                ]),
            PlanRule(
                id: "encode-acceptance-predict", targets: [predict, predict.sidecar], inputs: [unlabeled],
                tool: .preprocess,
                arguments: [
                    .path(unlabeled), "--encoding", .literal(EncodingMode.report.rawValue), "--unlabeled", "-o",
                    .path(predict)
                ])
        ]
        for run in pipeline.acceptanceRuns {
            let seeds = run.seeds.count
            rules.append(
                PlanRule(
                    id: "train-\(run.name)", targets: [models(run)], inputs: [training, training.sidecar],
                    tool: .train,
                    arguments: [.path(training), .path(training)]
                        + run.settings.trainArguments(seeds: run.seeds.text).map(PlanArgument.literal)
                        + ["-o", .path(models(run))],
                    progress: "[acceptance] \(run.configuration) under \(run.reading): training seeds \(run.seeds)",
                    seeds: seeds))
            rules.append(
                PlanRule(
                    id: "predict-\(run.name)", targets: [forecasts(run)],
                    inputs: [models(run), predict, predict.sidecar], tool: .evaluate,
                    arguments: [.path(models(run)), .path(predict), "--unlabeled", "-o", .path(forecasts(run))]))
        }
        return rules
    }

    /// What the results rule reads: every run's forecasts, and the raw files the hours are
    /// matched in.
    static func resultsInputs(_ pipeline: PipelineSpec) -> [PlanPath] {
        guard let acceptance = pipeline.beyond.acceptance else { return [] }
        return pipeline.acceptanceRuns.map(forecasts)
            + [PlanPath(.project, acceptance.predict), PlanPath(.project, acceptance.labels)]
    }
}
