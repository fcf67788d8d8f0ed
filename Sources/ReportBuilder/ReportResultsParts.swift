import Artifacts
import BikeModel
import Pipeline
import Stages
import Statistics

/// The parts of `ReportResults.build`: the runs checked, then each table's rows and the
/// headline judged.
extension ReportResults {
    /// Every seed an experiment declares must be among its runs: results over fewer seeds than
    /// declared would pass for the declared ones.
    static func checkSeeds(_ pipeline: PipelineSpec, _ declared: [String: ExperimentRuns]) throws {
        for (name, spec) in pipeline.experiments {
            guard let runs = declared[name] else { continue }
            let seeds = spec.seeds.values
            let ran = Set(runs.outcomes.map(\.seed))
            if let missing = seeds.first(where: { !ran.contains($0) }) {
                throw InputError(
                    file: pipeline.declared.contains(name) ? "\(pipeline.folder)/experiments/\(name).json" : name,
                    "declares seeds \(spec.seeds), but its runs hold \(ran.count) seeds and not seed \(missing): rerun make runs"
                )
            }
        }
    }

    /// Each table's rows, judged against the published cells, with their departures and readings.
    static func tableResults(
        _ pipeline: PipelineSpec, candidates: [String], runs experimentRuns: (String) throws -> ExperimentRuns
    ) throws -> [String: Table] {
        var tables: [String: Table] = [:]
        for table in pipeline.tables.tables {
            guard let source = pipeline.published.tables[table.name] else {
                throw InputError(file: pipeline.folder + "/published.json", "has no table '\(table.name)'")
            }
            let tableRuns = try table.rows.map { try experimentRuns($0.experiment) }
            let words = SettingsText.describe(tableRuns.map(\.settings))
            var rows: [Row] = []
            for ((spec, experiment), cells) in zip(zip(table.rows, tableRuns), source.rows) {
                let published = Dictionary(zip(source.columns, cells), uniquingKeysWith: { first, _ in first })
                let (reproduced, difference, tolerance) = judged(
                    experiment, published: published, table: table.name, pipeline: pipeline)
                let configuration = Departures.published(table: source, row: cells)
                var row = Row(
                    experiment: spec.experiment, label: words.label(experiment.settings),
                    settings: experiment.settings,
                    departures: Departures.between(configuration, experiment.settings),
                    published: published, reproduced: reproduced, relativeDifference: difference,
                    tolerance: tolerance,
                    seeds: experiment.outcomes.map(\.seed),
                    divergedSeeds: experiment.outcomes.filter(\.diverged).map(\.seed))
                row.alsoReproducedBy = try CellMargins.others(
                    of: spec.experiment, published: published, tolerance: tolerance,
                    candidates: candidates, pipeline: pipeline, runs: experimentRuns)
                if !pipeline.readings.isEmpty {
                    var readings: [String: [String: Spread]] = [:]
                    for reading in pipeline.readings {
                        // The text's reading is the row's own runs: its cells are `reproduced`, already judged.
                        if reading.isText {
                            readings[reading.name] = reproduced
                            continue
                        }
                        let runs = try experimentRuns(reading.experiment(for: spec.experiment))
                        readings[reading.name] =
                            judged(runs, published: published, table: table.name, pipeline: pipeline).reproduced
                    }
                    row.readings = readings
                }
                rows.append(row)
            }
            var result = Table(
                title: source.title, columns: source.columns, rows: rows, publishedConclusion: source.conclusion,
                figure: table.figure.file)
            result.margin = pipeline.tables.margin(Measure.validationMSE.key, table: table.name)
            result.marginRationale = table.margin?.rationale ?? pipeline.tables.tolerancesRationale
            tables[table.name] = result
        }
        return tables
    }

    /// The headline judged against its published number, with its departures and readings.
    static func headlineResult(
        _ pipeline: PipelineSpec, candidates: [String], runs experimentRuns: (String) throws -> ExperimentRuns
    ) throws -> Headline {
        let headlineRuns = try experimentRuns(pipeline.tables.headline.experiment)
        guard let headlineSpread = headlineRuns.spreadWithValues(Measure.validationMSE.key) else {
            throw InputError(file: pipeline.tables.headline.experiment, "the headline's runs have no validation MSE")
        }
        let published = pipeline.published.headline
        var headline = Headline(
            experiment: pipeline.tables.headline.experiment,
            published: [
                Measure.validationMSE.key: .number(published.validationMSE),
                "stated_range": .array(published.statedRange.map(JSONValue.number))
            ],
            reproduced: [
                Measure.validationMSE.key: headlineSpread.judgedWithCause(
                    published: published.validationMSE, tolerance: pipeline.tables.headlineMargin,
                    resolution: Spread.resolution(of: published.validationMSE),
                    alpha: pipeline.design(of: pipeline.tables.headline.experiment).alpha)
            ],
            relativeDifference: (headlineSpread.median - published.validationMSE) / published.validationMSE)
        headline.seeds = headlineRuns.outcomes.map(\.seed)
        headline.margin = pipeline.tables.headlineMargin
        headline.marginRationale = pipeline.tables.headline.margin?.rationale ?? pipeline.tables.tolerancesRationale
        if let gate = pipeline.tables.headlineMargin {
            headline.alsoReproducedBy = try CellMargins.others(
                of: pipeline.tables.headline.experiment,
                published: [Measure.validationMSE.key: .number(published.validationMSE)],
                tolerance: [Measure.validationMSE.key: gate], candidates: candidates, pipeline: pipeline,
                runs: experimentRuns)
        }
        headline.settings = headlineRuns.settings
        headline.departures = Departures.between(
            published.settings?.values ?? [:], headlineRuns.settings)
        if !pipeline.readings.isEmpty {
            var readings: [String: [String: Spread]] = [:]
            for reading in pipeline.readings {
                let runs = try experimentRuns(reading.experiment(for: pipeline.tables.headline.experiment))
                readings[reading.name] =
                    judged(
                        runs, published: [Measure.validationMSE.key: .number(published.validationMSE)], table: nil,
                        pipeline: pipeline
                    )
                    .reproduced
                    .filter { $0.key == Measure.validationMSE.key }
            }
            headline.readings = readings
        }
        return headline
    }
}

extension ReportResults {
    /// The report's printed loss curve set against the headline's history, when it printed one.
    static func printedLossCurve(_ pipeline: PipelineSpec, history: LossHistory?) throws -> LossCurve? {
        try pipeline.published.lossCurvePrinted.flatMap { printed -> ReportResults.LossCurve? in
            guard !printed.isEmpty else { return nil }
            guard let history else {
                throw InputError(
                    file: pipeline.folder + "/published.json", "loss_curve_printed needs the headline's history")
            }
            return try LossCurveComparison.build(
                printed: printed, history: history,
                tolerance: pipeline.tables.tolerances[Measure.validationMSE.key] ?? nil)
        }
    }

    /// The runs the conclusions read: every experiment's, and each sweep's base at its tuned rate.
    static func conclusionRuns(
        _ pipeline: PipelineSpec, experiments: [String: ExperimentRuns], sweeps: [BeyondResults.Sweep]?
    ) -> Conclusions.Runs {
        var conclusionRuns = Conclusions.Runs(
            experiments: experiments.mapValues { $0.outcomes.map(\.values) }, tuned: [:])
        for (sweep, result) in zip(pipeline.sweeps, sweeps ?? []) {
            guard let rate = result.tunedLearningRate,
                let index = result.points.firstIndex(where: { $0.learningRate == rate }),
                let runs = experiments[sweep.points[index].experiment]
            else { continue }
            conclusionRuns.tuned[sweep.base] = (rate, runs.outcomes.map(\.values))
        }
        return conclusionRuns
    }

    /// The readings' sections, and the printed log set against the runs it most likely came from.
    mutating func addReadings(
        _ pipeline: PipelineSpec, tables: [String: Table], experiments: [String: ExperimentRuns],
        inputs: ReadingResults.Inputs, references: ClaimSpec.References, meanPredictorOf: @escaping (String) -> Double?
    ) throws {
        if let readings = try ReadingResults.build(
            pipeline: pipeline, tables: tables, experiments: experiments, inputs: inputs,
            references: references, meanPredictorOf: meanPredictorOf)
        {
            self.readings = readings.readings
            whichReading = readings.which
            lossLogForensics = readings.forensics
            // The printed log is set against the runs it most likely came from, not the headline's.
            if let match = readings.forensics?.mostLike, let history = inputs.histories[match],
                let printed = pipeline.published.lossCurvePrinted
            {
                lossCurve = try LossCurveComparison.build(
                    printed: printed, history: history,
                    tolerance: pipeline.tables.tolerances[Measure.validationMSE.key] ?? nil)
                lossCurve?.experiment = match
            }
        }
    }
}

extension ReadingResults.Inputs {
    /// What the readings read besides the runs: each reading's validation rows (the hidden
    /// units are measured on them only), and the row count of each data file they name.
    init(_ pipeline: PipelineSpec, dataFolder: String, dataPath: String) throws {
        self.init()
        var files: [String] = [dataPath]
        for reading in pipeline.readings {
            for base in pipeline.readingBases {
                guard let spec = pipeline.runSpec(reading.experiment(for: base)) else { continue }
                if validation[spec.data.variant] == nil {
                    // The validation rows alone: the hidden units are measured on them only.
                    validation[spec.data.variant] = try FeatureTable.load(
                        "\(dataFolder)/\(spec.data.variant)/validation.csv"
                    ).table
                }
                if let file = spec.data.file, !files.contains(file) { files.append(file) }
            }
        }
        for file in files where !pipeline.readings.isEmpty {
            dataFiles.append((file, try HourlyRecords(contentsOf: file).rowCount))
        }
    }
}
