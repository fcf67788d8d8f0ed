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
