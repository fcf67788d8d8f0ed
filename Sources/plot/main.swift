import ArgumentParser
import Artifacts
import BikeModel
import Drawing
import Figures

struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: Tool.plot.name,
        abstract:
            "Draw the report's figures as PNG (1200 × 800; comparisons 1800 × 800) from the pipeline's artifacts.",
        version: packageVersion,
        subcommands: [
            Loss.self, Compare.self, Predicted.self, Hourly.self, Sweep.self, Study.self, PrintedLog.self, Monthly.self,
            DeclaredLosses.self,
            DeclaredTest.self
        ])
}

struct Output: ParsableArguments {
    @Option(name: .shortAndLong, help: "Where to write the PNG.") var output: String
    @Option(help: "The figure's title.") var title: String?
    @Option(help: "Draw at this many times the size, text and lines too (2 for print; 1 to 4).") var scale = 1

    func validate() throws {
        guard Canvas.zooms.contains(scale) else {
            throw ValidationError(
                "--scale must be from \(Canvas.zooms.lowerBound) to \(Canvas.zooms.upperBound), got \(scale)")
        }
    }

    /// The PNG, written atomically, never over one of the figure's inputs, a device or a pipe.
    func write(_ canvas: Canvas, inputs: [String]) throws {
        try OutputGuard.check(outputs: [output], inputs: OutputGuard.withSidecars(inputs))
        try AtomicWrite.files([(output, canvas.pngData())])
    }
}

extension Plot {
    struct Loss: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Training and validation MSE per epoch of one run, best epoch and early stop marked.")
        @Argument(help: "A history from train --history.") var history: String
        @Option(help: "The model or model set, for the best epoch and the stop.") var model: String?
        @Option(help: "Which seed of the history.") var seed: UInt64?
        @Flag(help: "Logarithmic y axis.") var logY = false
        @Option(
            name: .customLong("printed"),
            help: ArgumentHelp(
                "A published validation MSE to overlay on the band of all seeds (repeatable).", valueName: "EPOCH:VALUE"
            ))
        var printed: [String] = []
        @OptionGroup var output: Output

        func run() throws {
            let points = try printed.map { text -> (epoch: Int, value: Double) in
                let parts = text.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, let epoch = Int(parts[0]), epoch >= 1,
                    let value = DecimalText.double(String(parts[1])), value.isFinite, value >= 0
                else {
                    throw ValidationError("--printed '\(text)': expected EPOCH:VALUE, like 10:7173.28")
                }
                return (epoch, value)
            }
            let curves = try LossHistory.load(history)
            let seed = seed ?? curves.seeds[0]
            let chosen = try model.map(ModelSet.models(in:))?.first { $0.training.settings.seed == seed }
            try output.write(
                try Figures.lossCurve(
                    curves, seed: seed, model: chosen, zoom: output.scale,
                    title: output.title ?? "Loss per epoch, seed \(seed)", logY: logY, printed: points),
                inputs: [history] + [model].compactMap { $0 })
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validation curves of several configurations: median over seeds with a min–max band.")
        @Option(
            name: .customLong("curve"),
            help: "LABEL=HISTORY.csv, once per configuration, in legend order (split at the last =).") var curves:
            [String]
        @Flag(help: "Logarithmic y axis.") var logY = false
        @OptionGroup var output: Output

        func run() throws {
            let specs = try curves.map { spec -> (label: String, path: String) in
                guard let equals = spec.lastIndex(of: "=") else {
                    throw ValidationError("--curve '\(spec)': expected LABEL=HISTORY.csv")
                }
                return (String(spec[..<equals]), String(spec[spec.index(after: equals)...]))
            }
            guard !specs.isEmpty else { throw ValidationError("give at least one --curve") }
            let loaded = try specs.map { ($0.label, try LossHistory.load($0.path)) }
            try output.write(
                Figures.comparison(
                    loaded, zoom: output.scale, title: output.title ?? "Validation MSE per epoch", logY: logY),
                inputs: specs.map(\.path))
        }
    }

    struct Predicted: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Predicted against actual counts, with the y = x line.")
        @Argument(help: "Predictions from evaluate --predictions.") var predictions: String
        @OptionGroup var output: Output

        func run() throws {
            try output.write(
                Figures.predictedVsActual(
                    Predictions.load(predictions), zoom: output.scale,
                    title: output.title ?? "Predicted against actual demand"), inputs: [predictions])
        }
    }

    struct Hourly: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mean demand by hour of day, actual against predicted, working days and other days apart.")
        @Argument(help: "Predictions from evaluate --predictions.") var predictions: String
        @Option(help: "The same rows as raw data (split of data/train.csv), for hour and working day.") var rows: String
        @OptionGroup var output: Output

        func run() throws {
            try output.write(
                Figures.hourlyProfile(
                    Predictions.load(predictions), rows: HourlyRecords(contentsOf: rows), zoom: output.scale,
                    title: output.title ?? "Demand by hour of day"),
                inputs: [predictions, rows])
        }
    }

    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validation MSE against learning rate for one table's configurations, from results.json.")
        @Argument(help: "figures/results.json, written by report build.") var results: String
        @Option(help: "The table whose configurations to draw (activation, gradient_descent).") var table: String
        @OptionGroup var output: Output

        func run() throws {
            let all =
                try ArtifactJSON.load(ReportResults.self, from: results, schema: .results).beyond.learningRateSweeps
                ?? []
            let sweeps = all.filter { $0.table == table }
            guard !sweeps.isEmpty else {
                throw ValidationError("\(results) has no learning-rate sweep of table '\(table)'")
            }
            try output.write(
                Figures.sweep(sweeps, zoom: output.scale, title: output.title ?? "Learning-rate sweep: \(table)"),
                inputs: [results])
        }
    }

    struct Study: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A study's measure against its grid's values, from results.json.")
        @Argument(help: "figures/results.json, written by report build.") var results: String
        @Option(help: "The study to draw (its file name in pipeline/studies/, without .json).") var study: String
        @OptionGroup var output: Output

        func run() throws {
            let studies = try ArtifactJSON.load(ReportResults.self, from: results, schema: .results).studies ?? [:]
            guard let found = studies[study], !found.rows.isEmpty else {
                throw ValidationError("\(results) has no study '\(study)'")
            }
            try output.write(
                Figures.study(found, zoom: output.scale, title: output.title ?? "Study \(study)"), inputs: [results])
        }
    }

    struct PrintedLog: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The report's printed loss log against the runs the results set it against, from results.json.")
        @Argument(help: "figures/results.json, written by report build.") var results: String
        @OptionGroup var output: Output

        func run() throws {
            guard let curve = try ArtifactJSON.load(ReportResults.self, from: results, schema: .results).lossCurve,
                !curve.rows.isEmpty
            else { throw ValidationError("\(results) has no printed loss log") }
            let against = curve.experiment ?? "the headline"
            try output.write(
                Figures.printedLog(
                    curve, zoom: output.scale,
                    title: output.title ?? "The printed loss log against the runs of \(against)"),
                inputs: [results])
        }
    }

    struct Monthly: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mean demand by month, actual against predicted, and another year's actual beside them.")
        @Argument(help: "Predictions from evaluate --predictions.") var predictions: String
        @Option(help: "The same rows as raw data, for the month.") var rows: String
        @Option(help: "Raw data of another year to draw beside (e.g. data/train.csv).") var reference: String?
        @OptionGroup var output: Output

        func run() throws {
            try output.write(
                Figures.monthly(
                    Predictions.load(predictions), rows: HourlyRecords(contentsOf: rows),
                    reference: reference.map { try HourlyRecords(contentsOf: $0) }, zoom: output.scale,
                    title: output.title ?? "Demand by month"),
                inputs: [predictions, rows] + [reference].compactMap { $0 })
        }
    }
}

/// A declared report's run (from `train --report`), drawn by one of its figures.
struct DeclaredRun: ParsableArguments {
    @Argument(help: "A run from train --report.") var runs: String
    @OptionGroup var output: Output

    func draw(_ figure: (DeclaredRunsFile, Int, String) throws -> Canvas, title: (String) -> String) throws {
        let file = try DeclaredRunsFile.load(runs)
        try output.write(figure(file, output.scale, output.title ?? title(file.run)), inputs: [runs])
    }
}

extension Plot {
    struct DeclaredLosses: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "declared-losses",
            abstract: "A declared report's run: training and validation loss per measured step over its seeds.")
        @OptionGroup var declared: DeclaredRun

        func run() throws { try declared.draw(Figures.declaredLosses, title: { "Loss curves of \($0)" }) }
    }

    struct DeclaredTest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "declared-test",
            abstract: "A declared report's run: the test rows' real counts against its seeds' predictions.")
        @OptionGroup var declared: DeclaredRun

        func run() throws { try declared.draw(Figures.declaredTest, title: { "Test rows of \($0)" }) }
    }
}

Plot.main()
