import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import Statistics

/// The readings of the report's numbers (the text's method, the program as it ran): each
/// reading's tables and conclusions, which one the published numbers are, and the printed loss
/// log's forensics. The prose is `ReadingMarkdown`'s, the measurements `ReadingResults`'.
struct ReadingsSection: ReportSection {
    func addRules(to plan: inout PlanBuilder) {
        let pipeline = plan.pipeline
        // The validation rows their hidden units are measured on, the data files the loss log's
        // candidates count, and the histories compared with the log.
        for reading in pipeline.readings {
            for base in pipeline.readingBases {
                guard let spec = pipeline.runSpec(reading.experiment(for: base)) else { continue }
                plan.resultsInputs += plan.data(spec.data) + (spec.data.file.map { [PlanPath(.project, $0)] } ?? [])
            }
        }
        plan.resultsInputs += pipeline.readingHistories.map { plan.paths.run(pipeline.runFolder($0)).history }
    }

    func addResults(to results: inout ReportResults, _ context: ResultsContext) throws {
        try results.addReadings(
            context.pipeline, tables: results.tables, experiments: context.experiments, inputs: context.readingInputs,
            references: context.references, meanPredictorOf: context.meanPredictorOf)
    }

    func checks(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        Checks.readings(results, pipeline: pipeline)
    }

    func markdown(_ results: ReportResults, pipeline: PipelineSpec) -> String {
        "\n" + ReadingMarkdown.sections(results)
    }
}

extension Checks {
    /// Each reading in the results, and every verdict its file declares held to: a gated cell's
    /// verdict recomputed from its stored mean, sd and seeds, a conclusion's from its
    /// probability. The text's reading is the tables' own, gated by the cells above.
    static func readings(_ results: ReportResults, pipeline: PipelineSpec) -> [CheckItem] {
        var items: [CheckItem] = []
        for reading in pipeline.readings {
            let file = "readings/\(reading.name).json"
            let found = results.readings?[reading.name]
            items.append(
                CheckItem(
                    suite: "readings", name: "\(reading.name): in the results, with every experiment",
                    failure: found.map { Set($0.experiments.keys) == Set(pipeline.readingBases) } == true
                        ? nil : "reading '\(reading.name)' is missing from the results or lacks some experiment"))
            for (tableName, rows) in (reading.spec.expected?.cells ?? [:]).sorted(by: { $0.key < $1.key }) {
                let number = pipeline.tables.number(of: tableName) ?? 0
                for (index, columns) in rows.enumerated() {
                    for (column, expected) in columns.sorted(by: { $0.key < $1.key }) {
                        let name = "\(reading.name): table \(number) '\(tableName)', row \(index + 1), \(column)"
                        let row = results.tables[tableName].flatMap { index < $0.rows.count ? $0.rows[index] : nil }
                        let verdict = row.flatMap { row -> CellVerdict? in
                            guard let published = row.published[column]?.number,
                                let gate = pipeline.tables.margin(column, table: tableName),
                                let base = pipeline.tables.tables.first(where: { $0.name == tableName })?.rows[index]
                            else { return nil }
                            return recomputedVerdict(
                                row.readings?[reading.name]?[column], published: published, tolerance: gate,
                                alpha: pipeline.design(of: reading.experiment(for: base.experiment)).alpha)
                        }
                        items.append(
                            CheckItem(
                                suite: "readings", name: name,
                                failure: verdict == expected
                                    ? nil
                                    : "\(name): now '\(verdict?.rawValue ?? "missing")' where \(file) expects '\(expected.rawValue)'"
                            ))
                    }
                }
            }
            for (id, expected) in (reading.spec.expected?.conclusionsOnMeans ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let claim = pipeline.tables.conclusions.claims.first(where: { $0.id == id }) else { continue }
                if let item = Checks.claimOnMeans(
                    claim, found?.conclusions.first { $0.id == id }, suite: "readings",
                    file: "readings/\(reading.name).json", expected: expected)
                {
                    items.append(
                        CheckItem(
                            suite: "readings", name: "\(reading.name): conclusion '\(id)' on means",
                            failure: item.failure))
                }
            }
            for (id, expected) in (reading.spec.expected?.conclusions ?? [:]).sorted(by: { $0.key < $1.key }) {
                let name = "\(reading.name): conclusion '\(id)'"
                let conclusion = found?.conclusions.first { $0.id == id }
                let probability = conclusion?.probability
                let verdict = probability.flatMap {
                    Checks.claimVerdict(probability: $0, effectiveRuns: conclusion?.effectiveRuns)
                }
                items.append(
                    CheckItem(
                        suite: "readings", name: name,
                        failure: verdict == expected
                            ? nil
                            : "\(name): now '\(verdict?.rawValue ?? "missing")'\(probability.map { " (probability \(String(format: "%.3f", $0)))" } ?? "") where \(file) expects '\(expected.rawValue)'"
                    ))
            }
        }
        return items
    }

    /// A cell's verdict from its stored mean, sd and seed count (not the verdict stored beside it).
    static func recomputedVerdict(_ stored: Spread?, published: Double, tolerance: Double, alpha: Double)
        -> CellVerdict?
    {
        guard let stored, let mean = stored.mean, let n = stored.seeds, let sd = stored.sd, mean.isFinite,
            sd.isFinite, sd >= 0, (2...10_000).contains(n)
        else { return nil }
        return Spread(mean: mean, sd: sd, seeds: n).judged(published: published, tolerance: tolerance, alpha: alpha)
            .verdict
    }
}
