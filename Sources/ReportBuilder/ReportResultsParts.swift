import Artifacts
import BikeModel
import Stages
import Statistics

/// The parts of `ReportResults.build`: the runs checked, then each table's rows and the
/// headline judged.
extension ReportResults {
    /// Every seed an experiment declares must be among its runs: results over fewer seeds than
    /// declared would pass for the declared ones.
    static func checkSeeds(_ pipeline: PipelineSpec, _ declared: [String: ExperimentRuns]) throws {
        for (name, spec) in pipeline.experiments {
            guard let runs = declared[name], let seeds = try? TrainStage.parseSeeds(spec.seeds) else { continue }
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
            result.margin = pipeline.tables.margin("val_mse", table: table.name)
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
        guard let headlineSpread = headlineRuns.spreadWithValues("val_mse") else {
            throw InputError(file: pipeline.tables.headline.experiment, "the headline's runs have no validation MSE")
        }
        let published = pipeline.published.headline
        var headline = Headline(
            experiment: pipeline.tables.headline.experiment,
            published: [
                "val_mse": .number(published.val_mse),
                "stated_range": .array(published.stated_range.map(JSONValue.number))
            ],
            reproduced: [
                "val_mse": headlineSpread.judged(
                    published: published.val_mse, tolerance: pipeline.tables.headlineMargin,
                    resolution: Spread.resolution(of: published.val_mse),
                    alpha: pipeline.design(of: pipeline.tables.headline.experiment).alpha)
            ],
            relativeDifference: (headlineSpread.median - published.val_mse) / published.val_mse)
        headline.seeds = headlineRuns.outcomes.map(\.seed)
        headline.margin = pipeline.tables.headlineMargin
        headline.marginRationale = pipeline.tables.headline.margin?.rationale ?? pipeline.tables.tolerancesRationale
        if let gate = pipeline.tables.headlineMargin {
            headline.alsoReproducedBy = try CellMargins.others(
                of: pipeline.tables.headline.experiment, published: ["val_mse": .number(published.val_mse)],
                tolerance: ["val_mse": gate], candidates: candidates, pipeline: pipeline, runs: experimentRuns)
        }
        headline.settings = headlineRuns.settings
        headline.departures = Departures.between(
            published.settings?.values ?? [:], headlineRuns.settings)
        if !pipeline.readings.isEmpty {
            var readings: [String: [String: Spread]] = [:]
            for reading in pipeline.readings {
                let runs = try experimentRuns(reading.experiment(for: pipeline.tables.headline.experiment))
                readings[reading.name] =
                    judged(runs, published: ["val_mse": .number(published.val_mse)], table: nil, pipeline: pipeline)
                    .reproduced
                    .filter { $0.key == "val_mse" }
            }
            headline.readings = readings
        }
        return headline
    }
}
