import Artifacts
import BikeModel
import Foundation
import Plan
import Statistics
import TestSupport
import Testing

// `@testable`: the readings' declarations (`PipelineSpec.readings`) are internal to the loader.
@testable import Pipeline
// `@testable`: the loss log's forensics and the readings' gate are internal to the results and checks.
@testable import ReportBuilder

/// The two readings of the report, its text and its program: the program's exponential and
/// stopping rule as `train` settings, the readings as declarations, and what the results make
/// of them.
@Suite("Readings: the report's text and its program")
struct ReadingTests {
    @Test("the program's exponential gives AUTHOR-CODE.md's values: constant sigmoid and tanh, a shifted elu")
    func guardedUnits() {
        #expect(Exponential.guardedExp(0) == 1e-40 && Exponential.guardedExp(99.9) == 1e-40)
        #expect(Exponential.guardedExp(101) == 1e40 && Exponential.guardedExp(100) == TaylorExp.exp(100))
        let sigmoid = HiddenUnit(.sigmoid, .guarded)
        #expect(sigmoid.valueAndSlope(-99) == (1.0, 0))
        #expect(sigmoid.valueAndSlope(3) == (1.0, 0))
        #expect(sigmoid.valueAndSlope(-101).value == 1e-40)
        let tanh = HiddenUnit(.tanh, .guarded)
        #expect(tanh.valueAndSlope(-49) == (1.0, 0))
        #expect(tanh.valueAndSlope(0.3) == (1.0, 0))
        let elu = HiddenUnit(.elu, .guarded)
        #expect(elu.valueAndSlope(-0.5).value == -0.1)
        #expect(abs(elu.valueAndSlope(-0.5).slope - 1e-41) <= 1e-56)
        #expect(elu.valueAndSlope(2) == (2, 1))
        // ReLU calls no exponential; the exact units are untouched.
        #expect(HiddenUnit(.relu, .guarded).valueAndSlope(-1) == (0, 0))
        #expect(HiddenUnit(.sigmoid, .exact).valueAndSlope(0) == (0.5, 0.25))
        #expect(abs(HiddenUnit(.elu, .exact).valueAndSlope(-0.5).value - 0.1 * (exp(-0.5) - 1)) < 1e-16)
    }

    @Test("a minimum improvement: a new best needs it, ties and small gains do not count, patience ends the run")
    func minimumImprovement() {
        var text = EarlyStopping(patience: 2, tolerance: 0.005)
        var program = EarlyStopping(patience: 2, tolerance: 0.005, minImprovement: 0.005)
        let errors = [1000.0, 999, 998, 997, 996]
        let textVerdicts = errors.enumerated().map { text.observe(validationMSE: $1, epoch: $0) }
        let programVerdicts = errors.enumerated().map { program.observe(validationMSE: $1, epoch: $0) }
        #expect(textVerdicts == Array(repeating: .improved, count: 5))
        #expect(programVerdicts == [.improved, .keepGoing, .keepGoing, .stop(.patience), .stop(.patience)])
        #expect(program.best == 1000 && program.bestEpoch == 0)
        var enough = EarlyStopping(patience: 2, tolerance: 0.005, minImprovement: 0.005)
        _ = enough.observe(validationMSE: 1000, epoch: 0)
        #expect(enough.observe(validationMSE: 995, epoch: 1) == .improved)
    }

    @Test("under the program's exponential a sigmoid network predicts one constant, and stops by patience")
    func constantNetwork() throws {
        let (training, validation) = try Fixtures.encodedSplit(trainShare: 70)
        var settings = TrainingSettings()
        settings.activation = .sigmoid
        settings.method = .bgd
        settings.learningRate = 0.01
        settings.maxEpochs = 1000
        settings.exponential = .guarded
        settings.minImprovement = 0.005
        let run = train(settings, training: training, validation: validation)
        #expect(run.stopReason == .patience)
        #expect(run.epochsRun < 100)
        let outputs = run.network.hiddenOutputs(validation, unit: HiddenUnit(.sigmoid, .guarded))
        #expect(outputs.allSatisfy { $0.allSatisfy { $0 == 1.0 } })
        let predictions = run.network.predictions(validation, activation: .sigmoid, exponential: .guarded)
        #expect(Set(predictions).count == 1)
        // The text's sigmoid learns something: its units vary over the rows.
        settings.exponential = .exact
        settings.minImprovement = 0
        let learned = train(settings, training: training, validation: validation)
        #expect(Set(learned.network.predictions(validation, activation: .sigmoid)).count > 1)
    }

    @Test("both settings are validated, recorded in the model's parameters, and said on the train command line")
    func settingsRecorded() throws {
        var settings = TrainingSettings()
        settings.minImprovement = 0.6
        #expect(throws: UsageError.self) { try settings.validate() }
        settings.minImprovement = .nan
        #expect(throws: UsageError.self) { try settings.validate() }
        settings.minImprovement = 0.005
        settings.exponential = .guarded
        try settings.validate()
        #expect(settings.parameters["exponential"] == "guarded" && settings.parameters["minImprovement"] == "0.005")
        let arguments = settings.trainArguments(seeds: "0-9")
        #expect(arguments.suffix(4) == ["--exponential", "guarded", "--min-improvement", "0.005"])
        // The text's settings are said as before: no new option on its command lines.
        #expect(!TrainingSettings().trainArguments(seeds: "0").contains("--exponential"))
    }

    static let pipeline = Fixtures.committedPipeline

    @Test("the committed readings: the text's first, each applied to every experiment of the tables and the headline")
    func committedReadings() throws {
        let pipeline = try Self.pipeline.get()
        #expect(pipeline.readings.first?.name == "text")
        #expect(
            Set(pipeline.readings.map(\.name)) == [
                "text", "code-exp-only", "code-stopping-only", "code", "submitted", "submitted-weights-only",
                "submitted-t80", "text-full-year", "text-t80"
            ])
        func reading(_ name: String) throws -> Reading { try #require(pipeline.readings.first { $0.name == name }) }
        let text = try reading("text"), code = try reading("code")
        #expect(text.isText && text.experiment(for: "headline") == "headline")
        #expect(pipeline.readingBases.count == 12)
        #expect(code.experiment(for: "headline") == "reading-code-headline")
        let spec = try #require(pipeline.experiment("reading-code-headline"))
        #expect(spec.settings.exponential == .guarded && spec.settings.minImprovement == 0.005)
        #expect(spec.data == pipeline.experiment("headline")?.data)
        let full = try #require(pipeline.runSpec(try reading("text-full-year").experiment(for: "headline")))
        #expect(full.data.file == "data/train-2011-full.csv" && full.data.variant == "train-2011-full-report-t75")
        // Planned like any other experiment, on its own data where it has some.
        let plan = MakePlan(pipeline)
        let rule = try #require(plan.rules.first { $0.id == "train-reading-code-t70-bgd-sigmoid" })
        #expect(rule.arguments.contains(.literal("--exponential")) && rule.arguments.contains(.literal("guarded")))
        #expect(plan.rules.contains { $0.id == "encode-train-2011-full-report" })
        #expect(pipeline.files.contains("readings/code.json"))
    }

    @Test("a hypothesis reading changes only the rows its condition names: the t = 75 rows at t = 80")
    func conditionalChange() throws {
        let pipeline = try Self.pipeline.get()
        let t80 = try #require(pipeline.readings.first { $0.name == "submitted-t80" })
        let headline = try #require(pipeline.runSpec(t80.experiment(for: "headline")))
        #expect(headline.data.trainShare == 80 && headline.settings.exponential == .guarded)
        #expect(headline.settings.weightsWithoutStopping == .best)
        let t70 = try #require(pipeline.runSpec(t80.experiment(for: "t70-bgd-elu")))
        #expect(t70.data.trainShare == 70 && t70.settings.exponential == .guarded)
        // Where no change applies, the reading reads the text's own runs.
        let text = try #require(pipeline.readings.first { $0.name == "text-t80" })
        #expect(text.experiment(for: "t70-bgd-elu") == "t70-bgd-elu")
        #expect(text.experiment(for: "headline") == "reading-text-t80-headline")
        #expect(t80.changeWords.hasSuffix("trainShare=80 where trainShare=75"))
        // A condition on a setting that does not exist is refused with its line.
        let unknown = try refusal {
            Fixtures.write(
                #"{"description": "x", "changes": [{"setting": "trainShare", "value": 80, "where": {"trainShar": 75}}]}"#,
                to: $0 + "/readings/typo.json")
        }
        #expect(unknown.contains("unknown setting \"trainShar\" (did you mean \"trainShare\"?)"), "\(unknown)")
    }

    func refusal(_ change: (String) throws -> Void) throws -> String { try Fixtures.pipelineRefusal(change) }

    @Test("a reading is checked as a declaration: its settings, its values, one text, what it isolates")
    func refusals() throws {
        let unknown = try refusal {
            Fixtures.write(
                #"{"description": "x", "changes": [{"setting": "exponentail", "value": "guarded"}]}"#,
                to: $0 + "/readings/typo.json")
        }
        #expect(
            unknown.contains("readings/typo.json:1: changes.0.setting: \"exponentail\" is not one of"), "\(unknown)")
        let value = try refusal {
            Fixtures.write(
                #"{"description": "x", "changes": [{"setting": "exponential", "value": "approximate"}]}"#,
                to: $0 + "/readings/bad.json")
        }
        #expect(value.contains("readings/bad.json:1: changes.0.exponential: \"approximate\" is not one of"), "\(value)")
        let twice = try refusal {
            Fixtures.write(#"{"description": "x", "changes": []}"#, to: $0 + "/readings/again.json")
        }
        #expect(twice.contains("'again' and 'text' both change nothing"), "\(twice)")
        let from = try refusal {
            Fixtures.write(
                #"{"description": "x", "changes": [{"setting": "minImprovement", "value": 0.01}], "isolates": [{"difference": "y", "from": "txet"}]}"#,
                to: $0 + "/readings/iso.json")
        }
        #expect(from.contains("readings/iso.json: isolates.0.from: no other reading is called \"txet\""), "\(from)")
        let onMeans = try refusal {
            Fixtures.write(
                #"{"description": "x", "changes": [{"setting": "minImprovement", "value": 0.01}], "expected": {"conclusionsOnMeans": {"mgd-beats-sgd": "holds"}}}"#,
                to: $0 + "/readings/means.json")
        }
        #expect(
            onMeans.contains(
                "readings/means.json: expected.conclusionsOnMeans names \"mgd-beats-sgd\", which is no conclusion of tables.json"
            ),
            "\(onMeans)")
        let file = try refusal {
            Fixtures.write(
                #"{"description": "x", "changes": [{"setting": "file", "value": "data/missing.csv"}]}"#,
                to: $0 + "/readings/nofile.json")
        }
        #expect(file.contains("nofile.json:1: changes.0: the data file \"data/missing.csv\" does not exist"), "\(file)")
        let table = try refusal {
            Fixtures.write(
                #"{"description": "x", "changes": [{"setting": "minImprovement", "value": 0.01}], "expected": {"cells": {"activaton": [{"val_mse": "reproduced"}]}}}"#,
                to: $0 + "/readings/typo.json")
        }
        #expect(table.contains("expected.cells names table \"activaton\", which tables.json does not have"), "\(table)")
        let claim = try refusal {
            Fixtures.write(
                #"{"description": "x", "changes": [{"setting": "minImprovement", "value": 0.01}], "expected": {"conclusions": {"no-such": "holds"}}}"#,
                to: $0 + "/readings/typo.json")
        }
        #expect(claim.contains("expected.conclusions names \"no-such\""), "\(claim)")
    }

    @Test("the loss log's granularity on the real files: only t = 60 and t = 80 make every printed value whole")
    func forensics() throws {
        #expect(LossLogForensics.validationRows(rows: 8619, trainShare: 80) == 1720)
        #expect(LossLogForensics.validationRows(rows: 8645, trainShare: 75) == 2150)
        #expect(LossLogForensics.validationRows(rows: 8619, trainShare: 60) == 3440)
        #expect(LossLogForensics.isWhole(9042043.0 / 1720, over: 1720))
        #expect(!LossLogForensics.isWhole(9042043.0 / 1720, over: 2150))
        let pipeline = try Self.pipeline.get()
        let forensics = try #require(
            LossLogForensics.build(
                pipeline, dataFiles: [("data/train.csv", 8619), ("data/train-2011-full.csv", 8645)]))
        #expect(forensics.fittingTrainShares == [60, 80])
        #expect(forensics.lastValueIsHeadline)
        #expect(forensics.candidates.count == 42)
        #expect(forensics.finding.contains("not at t = 75"), "\(forensics.finding)")
    }

    @Test("rank p-values and Fisher's combination against reference values")
    func rankAndFisher() {
        let runs = (1...10).map(Double.init)
        // Inside the runs' range at the median: p = 1; beyond every run: p = 1/11.
        #expect(RankTest.pValue(5.5, runs: runs) == 1)
        #expect(RankTest.pValue(100, runs: runs) == 1.0 / 11)
        // 9.5 is 4 from the median 5.5: the seeds at least 4 away are 1 and 10, so (2 + 1) / 11.
        #expect(RankTest.pValue(9.5, runs: runs) == 3.0 / 11)
        // Printed as the whole number 9 it may have been 8.5 to 10: the nearest, 8.5, is 3 away.
        #expect(RankTest.pValue(9, runs: runs, resolution: 1) == 5.0 / 11)
        // Chi-squared upper quantiles (Abramowitz and Stegun 1964, Table 26.8): 5% at 2 df is
        // 5.991, at 4 df 9.488, at 10 df 18.307; 1% at 20 df 37.566.
        #expect(abs(RankTest.chiSquaredSurvival(5.991, evenDegreesOfFreedom: 2) - 0.05) < 1e-4)
        #expect(abs(RankTest.chiSquaredSurvival(9.488, evenDegreesOfFreedom: 4) - 0.05) < 1e-4)
        #expect(abs(RankTest.chiSquaredSurvival(18.307, evenDegreesOfFreedom: 10) - 0.05) < 1e-4)
        #expect(abs(RankTest.chiSquaredSurvival(37.566, evenDegreesOfFreedom: 20) - 0.01) < 1e-4)
        // Fisher on one p-value gives it back; on many uniform ones, a middling p.
        #expect(abs(RankTest.fisher([0.3]).pValue - 0.3) < 1e-12)
        #expect(RankTest.fisher([0.5, 0.5, 0.5]).degreesOfFreedom == 6)
    }

    @Test("a published number's resolution is the unit of its last transcribed digit")
    func resolution() {
        #expect(Spread.resolution(of: 5257) == 1)
        #expect(Spread.resolution(of: 5.25) == 0.01)
        #expect(Spread.resolution(of: 7173.279069767442) == 1e-12)
        // 18,168.9 printed as 18168 (cut) is one of runs that all gave 18,168.9.
        let runs = Spread([18168.93, 18168.93, 18168.93])
        #expect(runs.judged(published: 18168, tolerance: nil, resolution: 1).consistentWithOneRun == true)
        #expect(runs.judged(published: 18168, tolerance: nil).consistentWithOneRun == false)
    }

    @Test("the committed results set every published number beside every reading, and name the best")
    func committedResults() throws {
        let results = try ReportTests.results.get(), pipeline = try Self.pipeline.get()
        let which = try #require(results.whichReading)
        #expect(which.order == pipeline.readings.map(\.name))
        #expect(which.numbers.count == 30)
        // The headline's 5,257 is one run printed four times.
        let headline = try #require(which.numbers.first { $0.cells.contains("headline.val_mse") })
        #expect(headline.cells.count == 4 && headline.value == 5257)
        for name in which.order {
            let reading = try #require(results.readings?[name])
            #expect(reading.numbers.count == which.numbers.count)
            #expect(reading.mse.of + reading.epochs.of == which.numbers.count)
        }
        // The row's text reading is its `reproduced`, so scripts reading either agree.
        for table in results.tables.values {
            for row in table.rows { #expect(row.readings?["text"]?["val_mse"] == row.reproduced["val_mse"]) }
        }
        #expect(which.finding.hasPrefix("The published numbers fit the `\(which.best)` reading best: "))
        // Every reading matches the same published rows whole, each seed counted once.
        let rows = try #require(results.readings?["text"]?.joint).map(\.row)
        #expect(rows.count == 16 && rows.contains("early_stopping[1]"))
        for name in which.order {
            let joint = try #require(results.readings?[name]?.joint)
            #expect(joint.map(\.row) == rows)
            #expect(joint.allSatisfy { $0.seedsMatching <= $0.seeds && $0.columns.count >= 2 })
        }
    }

    @Test("a row matched whole: a seed counts only when every number is within the joint tolerance at once")
    func jointMatch() throws {
        let results = try ReportTests.results.get(), pipeline = try Self.pipeline.get()
        let tolerance = try #require(pipeline.tables.jointFit)
        let joint = try #require(results.readings?["text"]?.joint)
        var matched = 0
        for stored in joint {
            let parts = stored.row.split(separator: "[")
            let row = try #require(results.tables[String(parts[0])]?.rows[Int(parts[1].dropLast())!])
            // Recounted from the seeds' values the text's cells keep.
            let values = try stored.columns.map { try #require(row.reproduced[$0]?.values, "\($0) keeps no values") }
            let recount = (0..<stored.seeds).filter { seed in
                zip(stored.columns, values).allSatisfy { column, values in
                    let isEpoch = Measure(key: column)?.isMSE == false
                    return abs(values[seed] - row.published[column]!.number!)
                        <= (isEpoch ? Double(tolerance.epochs) : tolerance.mse)
                }
            }.count
            #expect(stored.seedsMatching == recount, "\(stored.row)")
            matched += recount
        }
        #expect(matched > 0, "no row of the text's reading is matched by any seed: the recount checks nothing")
    }

    @Test("make check holds a reading to its declared verdicts, recomputed, and names a changed one")
    func readingsGate() throws {
        var results = try ReportTests.results.get()
        let pipeline = try Self.pipeline.get()
        #expect(Checks.readings(results, pipeline: pipeline).allSatisfy { $0.failure == nil })
        let published = results.tables["activation"]!.rows[0].published["val_mse"]!.number!
        results.tables["activation"]!.rows[0].readings!["code"]!["val_mse"]!.mean = published * 1.2
        let failures = Checks.readings(results, pipeline: pipeline).compactMap(\.failure)
        #expect(
            failures == [
                "code: table 1 'activation', row 1, val_mse: now 'not reproduced' where readings/code.json expects 'reproduced'"
            ], "\(failures)")
    }
}
