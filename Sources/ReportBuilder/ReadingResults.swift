import Artifacts
import BikeModel
import Foundation
import Pipeline
import Statistics

/// The readings set side by side: each published number against each reading's runs, the
/// conclusions under each, what the hidden units do, and which reading the numbers are.
enum ReadingResults {
    /// What the readings are measured on besides the runs.
    struct Inputs {
        /// Experiment → its loss histories (the splits the loss log fits, under each reading).
        var histories: [String: LossHistory] = [:]
        /// Data variant → its validation features (what the hidden units are measured on).
        var validation: [String: FeatureTable] = [:]
        /// The raw data files the readings train on, and their rows: the loss log's candidates.
        var dataFiles: [(path: String, rows: Int)] = []
    }

    typealias Result = (
        readings: [String: ReportResults.ReadingResult], which: ReportResults.WhichReading,
        forensics: ReportResults.LossLogForensics?
    )

    /// The readings of `pipeline`, measured on `experiments` (every experiment's runs, reused
    /// ones included) beside the published numbers of `tables`; nil when none is declared.
    static func build(
        pipeline: PipelineSpec, tables: [String: ReportResults.Table], experiments: [String: ExperimentRuns],
        inputs: Inputs, references: ClaimSpec.References, meanPredictorOf: @escaping (String) -> Double?
    ) throws -> Result? {
        guard !pipeline.readings.isEmpty else { return nil }
        let numbers = publishedNumbers(pipeline, tables: tables)
        var forensics = LossLogForensics.build(pipeline, dataFiles: inputs.dataFiles)
        var readings: [String: ReportResults.ReadingResult] = [:]
        // Every experiment's runs as the claims read them, made once for all the readings.
        let claimRuns = Conclusions.Runs(experiments: experiments.mapValues { $0.outcomes.map(\.values) }, tuned: [:])
        let logExperiments = pipeline.lossLogExperiments(trainShares: forensics?.fittingTrainShares ?? [])
        for reading in pipeline.readings {
            func runs(_ base: String) throws -> ExperimentRuns {
                let name = reading.experiment(for: base)
                guard let found = experiments[name] else {
                    throw InputError(
                        file: pipeline.folder, "reading '\(reading.name)': no runs of experiment '\(name)'")
                }
                return found
            }
            var measured = try numbers.map { number in try judge(number, runs: try runs(number.experiment)) }
            let holm = Holm.adjusted(measured.map { $0.oneRunPValue ?? 1 })
            for index in measured.indices { measured[index].holmPValue = holm[index] }
            let conclusions = try Conclusions.evaluate(
                claims(pipeline.tables.conclusions.claims, under: reading),
                runs: claimRuns,
                references: references, meanPredictorOf: meanPredictorOf, seedCap: pipeline.tables.maxSeeds,
                design: pipeline.design(of:))
            var hidden: [String: ReportResults.HiddenUnits] = [:]
            for base in pipeline.readingBases {
                guard let spec = pipeline.runSpec(reading.experiment(for: base)),
                    let validation = inputs.validation[spec.data.variant]
                else { continue }
                hidden[base] = try hiddenUnits(try runs(base), validation: validation)
            }
            var curves: [String: ReportResults.LossCurve] = [:]
            for base in logExperiments {
                guard let history = inputs.histories[reading.experiment(for: base)],
                    let printed = pipeline.published.lossCurvePrinted
                else { continue }
                curves[base] = try LossCurveComparison.build(
                    printed: printed, history: history,
                    tolerance: pipeline.tables.tolerances[Measure.validationMSE.key] ?? nil)
            }
            let combined = RankTest.fisher(measured.map(\.rankPValue))
            var result = ReportResults.ReadingResult(
                description: reading.spec.description, changes: reading.changeWords,
                experiments: reading.experiments,
                mse: count(measured, numbers, epochs: false), epochs: count(measured, numbers, epochs: true),
                combined: .init(
                    test: "Fisher's combination of rank p-values", statistic: combined.statistic,
                    degreesOfFreedom: combined.degreesOfFreedom, pValue: combined.pValue),
                numbers: measured, conclusions: conclusions, hiddenUnits: hidden, lossCurves: curves)
            result.shift = shift(measured, numbers)
            if let tolerance = pipeline.tables.jointFit {
                result.joint = try jointRows(
                    pipeline, tables: tables, measured: measured, numbers: numbers, tolerance: tolerance
                ) {
                    try runs($0)
                }
            }
            result.flagged = zip(measured, holm).filter { $0.1 < 0.05 }.map(\.0.id)
            readings[reading.name] = result
        }
        if var found = forensics {
            var matches: [ReportResults.LossLogForensics.Match] = []
            for base in logExperiments {
                for reading in pipeline.readings {
                    guard let rows = readings[reading.name]?.lossCurves[base]?.rows else { continue }
                    matches.append(
                        .init(
                            experiment: base, trainShare: pipeline.experiment(base)?.data.trainShare ?? 0,
                            reading: reading.name,
                            inside: rows.filter { $0.reproduced?.consistentWithOneRun == true }.count,
                            of: rows.count))
                }
            }
            found.matches = matches
            found.mostLike = ReadingProse.mostLike(matches)
            found.finding += ReadingProse.logMatches(matches)
            forensics = found
        }
        var answer = which(pipeline, numbers: numbers, readings: readings)
        if let fit = pipeline.tables.jointFit {
            answer.jointFit =
                "each epoch count within \(fit.epochs) and each MSE within \(readable(fit.mse)) of the printed one: \(fit.reason)"
        }
        return (readings, answer, forensics)
    }

    /// The report's published numbers, each distinct run's once: cells naming the same
    /// experiment and column with the same value (the headline is Table 3's t = 75 cell).
    static func publishedNumbers(_ pipeline: PipelineSpec, tables: [String: ReportResults.Table])
        -> [ReportResults.PublishedNumber]
    {
        var out: [ReportResults.PublishedNumber] = []
        func add(cell: String, label: String, column: String, value: Double, experiment: String) {
            if let index = out.firstIndex(where: {
                $0.experiment == experiment && $0.column == column && $0.value == value
            }) {
                out[index].cells.append(cell)
            } else {
                out.append(
                    .init(
                        id: cell, label: label, column: column, value: value,
                        resolution: Spread.resolution(of: value), experiment: experiment, cells: [cell]))
            }
        }
        for (number, spec) in pipeline.tables.tables.enumerated() {
            guard let table = tables[spec.name] else { continue }
            for (index, row) in table.rows.enumerated() {
                for column in table.columns where Measure(key: column) != nil {
                    guard let value = row.published[column]?.number else { continue }
                    add(
                        cell: "\(spec.name)[\(index)].\(column)",
                        label: "Table \(number + 1), \(row.label): \(ReportMarkdown.columnName(column))",
                        column: column, value: value, experiment: row.experiment)
                }
            }
        }
        add(
            cell: "headline.\(Measure.validationMSE.key)", label: "the headline: validation MSE",
            column: Measure.validationMSE.key,
            value: pipeline.published.headline.validationMSE, experiment: pipeline.tables.headline.experiment)
        return out
    }

    /// One published number beside one reading's runs of its experiment.
    static func judge(_ number: ReportResults.PublishedNumber, runs: ExperimentRuns) throws
        -> ReportResults.NumberUnderReading
    {
        let values = runs.outcomes.compactMap { $0.values[number.column] }
        guard let spread = Spread.of(values) else {
            throw InputError(file: number.experiment, "no runs measure \(number.column)")
        }
        let judged = spread.judged(published: number.value, tolerance: nil, resolution: number.resolution)
        var out = ReportResults.NumberUnderReading(
            id: number.id, experiment: runs.name, median: spread.median, min: spread.min, max: spread.max,
            predictionInterval: spread.predictionInterval, consistentWithOneRun: judged.consistentWithOneRun ?? false,
            rankPValue: RankTest.pValue(number.value, runs: values, resolution: number.resolution))
        out.mean = spread.mean
        out.sd = spread.sd
        out.seeds = spread.seeds
        out.oneRunPValue = judged.oneRunPValue
        if !number.isEpochCount, number.resolution == 1 {
            out.truncatedMatches = values.filter { $0.rounded(.towardZero) == number.value }.count
            out.roundedMatches = values.filter { $0.rounded() == number.value }.count
        }
        return out
    }

    /// Each published row of two or more measured numbers (the headline's too), matched whole:
    /// the seeds whose every number lies within the joint tolerance of the published one, beside
    /// whether each number alone is consistent with one run.
    static func jointRows(
        _ pipeline: PipelineSpec, tables: [String: ReportResults.Table], measured: [ReportResults.NumberUnderReading],
        numbers: [ReportResults.PublishedNumber], tolerance: PipelineSpec.Tables.JointFit,
        runs: (String) throws -> ExperimentRuns
    ) throws -> [ReportResults.JointRow] {
        var rows: [ReportResults.JointRow] = []
        for (number, spec) in pipeline.tables.tables.enumerated() {
            guard let table = tables[spec.name] else { continue }
            for (index, row) in table.rows.enumerated() {
                let cells = table.columns.compactMap { column in
                    row.published[column]?.number.map { (column, $0) }
                }.filter { Measure(key: $0.0) != nil }
                guard cells.count >= 2 else { continue }
                let id = "\(spec.name)[\(index)]"
                let outcomes = try runs(row.experiment).outcomes
                let matching = outcomes.filter { outcome in
                    cells.allSatisfy { column, value in
                        guard let ours = outcome.values[column] else { return false }
                        let isEpoch = Measure(key: column)?.isMSE == false
                        return abs(ours - value) <= (isEpoch ? Double(tolerance.epochs) : tolerance.mse)
                    }
                }.count
                let each = cells.allSatisfy { column, _ in
                    let cell = "\(id).\(column)"
                    guard let at = numbers.firstIndex(where: { $0.cells.contains(cell) }) else { return false }
                    return measured[at].consistentWithOneRun
                }
                rows.append(
                    .init(
                        row: id, label: "Table \(number + 1), \(row.label)", columns: cells.map(\.0),
                        seedsMatching: matching, seeds: outcomes.count, eachConsistent: each))
            }
        }
        return rows
    }

    /// The random-effects shift of the published MSEs from our means, relative: each number's
    /// (published − mean)/mean with variance sd²(1 + 1/n)/mean², the published run's noise
    /// counted as one more of ours.
    static func shift(_ measured: [ReportResults.NumberUnderReading], _ numbers: [ReportResults.PublishedNumber])
        -> RandomEffects?
    {
        var effects: [Double] = [], variances: [Double] = []
        for (run, number) in zip(measured, numbers) where !number.isEpochCount {
            guard let mean = run.mean, let sd = run.sd, let n = run.seeds, mean > 0, sd > 0 else { continue }
            effects.append((number.value - mean) / mean)
            variances.append(sd * sd * (1 + 1 / Double(n)) / (mean * mean))
        }
        return RandomEffects(effects: effects, variances: variances)
    }

    static func count(
        _ measured: [ReportResults.NumberUnderReading], _ numbers: [ReportResults.PublishedNumber], epochs: Bool
    ) -> ReportResults.Count {
        let kind = zip(measured, numbers).filter { $0.1.isEpochCount == epochs }
        return .init(inside: kind.filter { $0.0.consistentWithOneRun }.count, of: kind.count)
    }

    /// The report's conclusions with each configuration read under `reading`, held to the
    /// reading's own expectations (the text's: the claims' own).
    static func claims(_ claims: [ClaimSpec], under reading: Reading) -> [ClaimSpec] {
        claims.map { claim in
            var out = claim
            out.runs = claim.runs?.mapValues(reading.experiment)
            if !reading.isText {
                out.expected = reading.spec.expected?.conclusions?[claim.id]
                out.expectedOnMeans = reading.spec.expected?.conclusionsOnMeans?[claim.id]
            }
            return out
        }
    }

    /// What the hidden units pass on over the validation rows, and what the model predicts.
    static func hiddenUnits(_ runs: ExperimentRuns, validation: FeatureTable) throws -> ReportResults.HiddenUnits {
        var spreads: [Double] = [], distinct: [Double] = [], constants: [Double] = []
        for model in runs.models {
            let network = try model.network(file: runs.name)
            let exponential = model.training.settings.exponential
            let outputs = network.hiddenOutputs(validation, unit: HiddenUnit(model.activation, exponential))
            spreads.append(
                outputs.map { unit in
                    unit.count < 2 ? 0 : Spread.standardDeviation(unit, mean: unit.reduce(0, +) / Double(unit.count))
                }.max() ?? 0)
            let predictions = Set(
                network.predictions(validation, activation: model.activation, exponential: exponential))
            distinct.append(Double(predictions.count))
            if predictions.count == 1, let only = predictions.first { constants.append(only) }
        }
        guard let outputSpread = Spread.of(spreads), let distinctPredictions = Spread.of(distinct) else {
            throw InputError(file: runs.name, "holds no model")
        }
        return .init(
            outputSpread: outputSpread, distinctPredictions: distinctPredictions, constantSeeds: constants.count,
            constant: Spread.of(constants))
    }

    /// Which reading the numbers fit best: the most published numbers inside the interval for
    /// one run, then the larger combined p-value; and what each difference alone moves.
    static func which(
        _ pipeline: PipelineSpec, numbers: [ReportResults.PublishedNumber],
        readings: [String: ReportResults.ReadingResult]
    ) -> ReportResults.WhichReading {
        let order = pipeline.readings.map(\.name)
        func inside(_ name: String) -> Int { (readings[name]?.mse.inside ?? 0) + (readings[name]?.epochs.inside ?? 0) }
        let best =
            order.max { a, b in
                (inside(a), readings[a]?.combined.pValue ?? 0) < (inside(b), readings[b]?.combined.pValue ?? 0)
            } ?? ""
        var attribution: [ReportResults.Attribution] = []
        for reading in pipeline.readings {
            for isolates in reading.spec.isolates ?? [] {
                guard let with = readings[reading.name], let without = readings[isolates.from] else { continue }
                let pairs = zip(with.numbers, without.numbers)
                attribution.append(
                    .init(
                        reading: reading.name, difference: isolates.difference, from: isolates.from,
                        movedIn: pairs.filter { $0.consistentWithOneRun && !$1.consistentWithOneRun }.map(\.0.id),
                        movedOut: pairs.filter { !$0.consistentWithOneRun && $1.consistentWithOneRun }.map(\.0.id)))
            }
        }
        return .init(
            order: order, best: best, finding: ReadingProse.finding(best: best, order: order, readings: readings),
            numbers: numbers, attribution: attribution)
    }
}
