import Artifacts
import BikeModel
import Foundation
import TestSupport
import Testing

/// The one table of training settings, seen from each place that reads it: `train`'s command
/// line, the experiment files, results.json's `settings` and pipeline/README.md.
@Suite("The settings table")
struct TrainingSettingTests {
    /// Every setting away from train's default, as no experiment of the report has them.
    static var unusual: TrainingSettings {
        var s = TrainingSettings()
        s.activation = .tanh
        s.method = .sgd
        s.learningRate = 3e-6
        s.batchSize = 7
        s.hiddenUnits = 3
        s.maxEpochs = 2
        s.earlyStopping = false
        s.patience = 4
        s.tolerance = 0.01
        s.exponential = .guarded
        s.minImprovement = 0.005
        s.weightsWithoutStopping = .best
        return s
    }

    @Test("every setting differs from its default in the fixture, so each one below is exercised")
    func fixtureCoversTheTable() {
        for setting in TrainingSetting.all {
            #expect(setting.read(Self.unusual) != setting.read(TrainingSettings()), "\(setting.name)")
        }
    }

    @Test("the command line the plan writes from the table is the one train reads back into its model")
    func commandLineRoundTrip() throws {
        let dir = try Fixtures.rawSplitProject(rows: 200)
        let arguments = Self.unusual.trainArguments(seeds: "3-4")
        #expect(arguments.contains("--no-early-stopping") && arguments.contains("--min-improvement"))
        let result = try Fixtures.tool("train", ["t.csv", "v.csv", "-o", "set.json"] + arguments, in: dir)
        #expect(result.status == 0, "\(result.error)")
        let models = try ModelSet.load(dir + "/set.json").models
        #expect(models.map(\.training.settings.seed) == [3, 4])
        for model in models {
            var ran = model.training.settings
            ran.seed = 0
            #expect(ran == Self.unusual)
        }
    }

    @Test("train's settings options are read by the table: the plan's command line parses back to its settings")
    func optionsParse() throws {
        let options = try TrainOptions(parsing: ["t.csv"] + Self.unusual.trainArguments(seeds: "3-4") + ["v.csv"])
        #expect(options.settings == Self.unusual)
        #expect(options.given == Set(TrainingSetting.all.map(\.name)))
        #expect(options.operands == ["t.csv", "--seeds", "3-4", "v.csv"])
        // `=` joins an option to its value; a flag takes none; the rate follows the method.
        let joined = try TrainOptions(parsing: ["--method=sgd", "--hidden-units=3", "--early-stopping"])
        #expect(joined.settings.hiddenUnits == 3 && joined.settings.earlyStopping)
        #expect(joined.settings.learningRate == GradientDescent.sgd.reportLearningRate)
        // Bounds are the settings' validation's: parsing reads any whole number.
        #expect(try TrainOptions(parsing: ["--hidden-units", "100000"]).settings.hiddenUnits == 100_000)
    }

    @Test(
        "a setting's option given twice, without its value or with a value not of its type is refused by name",
        arguments: [
            (["--patience", "3", "--patience=4"], "--patience is given twice"),
            (["--max-epochs"], "--max-epochs needs a value: a whole number from 0 to 100000"),
            (["--max-epochs", "-3"], "--max-epochs needs a value: a whole number from 0 to 100000"),
            (["--hidden-units", "2.5"], #"--hidden-units: "2.5" is not a whole number from 1 to 1000"#),
            (["--activation", "softmax"], #"--activation: "softmax" is not sigmoid|tanh|relu|elu"#),
            (["--learning-rate", "fast"], #"--learning-rate: "fast" is not a number from 1e-12 to 1000"#)
        ])
    func optionsRefused(arguments: [String], says: String) {
        #expect(throws: UsageError.self) { try TrainOptions(parsing: arguments) }
        do {
            _ = try TrainOptions(parsing: arguments)
        } catch {
            #expect(error.description == says)
        }
    }

    @Test("train --help lists every setting's option, in the table's order")
    func optionsHelp() {
        let lines = TrainOptions.help.split(separator: "\n")
        #expect(lines.count == TrainingSetting.all.count)
        for (line, setting) in zip(lines, TrainingSetting.all) {
            let option = setting.option
            #expect(line.hasPrefix("  --\(option) <") || line.hasPrefix("  --[no-]\(option): "), "\(line)")
        }
        #expect(lines.contains { $0.contains("--learning-rate") && $0.contains("bgd 0.001") })
    }

    @Test("an experiment writes back the settings it gives and no others; results' settings carry them all")
    func experimentFiles() throws {
        let json = #"{"activation": "relu", "method": "bgd", "learningRate": 0.001, "hiddenUnits": 8}"#
        let spec = try JSONDecoder().decode(ExperimentSpec.TrainingSpec.self, from: Data(json.utf8))
        #expect(spec.given == ["activation", "method", "learningRate", "hiddenUnits"])
        #expect(spec.settings.hiddenUnits == 8 && spec.settings.batchSize == TrainingSettings().batchSize)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(
            String(decoding: try encoder.encode(spec), as: UTF8.self)
                == #"{"activation":"relu","hiddenUnits":8,"learningRate":0.001,"method":"bgd"}"#)
        var run = RunSettings(training: Self.unusual, data: DataRecord(encoding: "report", trainShare: 70))
        let back = try JSONDecoder().decode(RunSettings.self, from: try encoder.encode(run))
        #expect(
            back == run
                && Set(run.values.keys) == Set(TrainingSetting.all.map(\.name) + ["encoding", "trainShare", "rule"]))
        run.hiddenUnits = 9
        #expect(run.values["hiddenUnits"] == .number(9))
        // A value the table does not take is refused, not read as another.
        for bad in [#""hiddenUnits": 2.5"#, #""exponential": "softmax""#, #""earlyStopping": 1"#] {
            let text =
                #"{"activation": "relu", "method": "bgd", "learningRate": 0.001, "#.dropLast(2) + ", " + bad + "}"
            #expect(throws: DecodingError.self) {
                try JSONDecoder().decode(ExperimentSpec.TrainingSpec.self, from: Data(text.utf8))
            }
        }
    }

    static let readme = Fixtures.repository.appendingPathComponent("pipeline/README.md").path

    @Test("pipeline/README.md lists each training setting as the table says (BIKE_REPORT_WRITE_GOLDEN=1 rewrites it)")
    func readmeRows() throws {
        let text = try String(contentsOfFile: Self.readme, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let rows = lines.indices.filter { lines[$0].hasPrefix("| `training.") }
        let generated = TrainingSetting.all.map(\.readmeRow)
        if ProcessInfo.processInfo.environment["BIKE_REPORT_WRITE_GOLDEN"] != nil, let first = rows.first {
            lines.removeSubrange(first...rows.last!)
            lines.insert(contentsOf: generated, at: first)
            try lines.joined(separator: "\n").write(toFile: Self.readme, atomically: true, encoding: .utf8)
            return
        }
        #expect(rows.map { lines[$0] } == generated)
        #expect(rows.last.map { $0 - rows[0] + 1 } == rows.count, "the rows stand together")
    }
}
