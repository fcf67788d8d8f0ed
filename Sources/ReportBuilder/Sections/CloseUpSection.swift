import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// The headline model up close: one seed's predictions against the counts, and by hour of day.
struct CloseUpSection: ReportSection {
    func addRules(to plan: inout PlanBuilder) { plan.addCloseUps() }

    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        let seed = context.pipeline.headlineSeed
        results.figures["predicted-vs-actual.png"] =
            "The headline model (seed \(seed)) on the validation hours: predicted against actual counts."
        results.figures["hourly.png"] =
            "Mean demand by hour of day on the validation hours, actual against predicted, working days and other days apart."
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        var md = "\n## The headline model up close\n\n"
        if let closeUp = results.closeUp { md += closeUp.finding + "\n\n" }
        md += """
            ![Predicted against actual demand](predicted-vs-actual.png)

            ![Mean demand by hour of day](hourly.png)

            """
        return md
    }
}

extension PlanBuilder {
    /// One headline run seen closely: its predictions, against the counts and by hour of day.
    mutating func addCloseUps() {
        let headline = pipeline.tables.headline.experiment, seed = pipeline.headlineSeed
        if let spec = pipeline.experiment(headline) {
            let run = paths.run(headline)
            let metrics = PlanPath(.build, "runs/\(headline)/seed\(seed)-metrics.json"),
                predictions = PlanPath(.build, "runs/\(headline)/seed\(seed)-predictions.csv")
            add(
                PlanRule(
                    id: "evaluate-\(headline)-seed\(seed)", targets: [metrics, predictions, predictions.sidecar],
                    inputs: [run.models, paths.validation(spec.data), paths.validation(spec.data).sidecar],
                    tool: .evaluate,
                    arguments: [
                        .path(run.models), .path(paths.validation(spec.data)), "--seed", .literal("\(seed)"), "-o",
                        .path(metrics), "--predictions", .path(predictions)
                    ]))
            let closeUps: [(String, [PlanArgument], [PlanPath])] = [
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
                        id: "figure-\(file)", targets: [figure], inputs: inputs, tool: .plot,
                        arguments: arguments + ["-o", .path(figure)]))
                goals.append(figure)
            }
            // The headline model's close-up, measured for the report's paragraph on it.
            resultsInputs += [predictions, predictions.sidecar] + data(spec.data.raw)
        }
    }
}
