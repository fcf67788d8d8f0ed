import Artifacts
import BikeModel
import Foundation
import Pipeline
import Plan
import TestSupport
import Testing

/// pipeline/ is data: every file is checked against its shape, and whatever reaches a make
/// rule is validated and quoted, so a declaration can neither pass a typo nor run a command.
@Suite("Declarations")
struct DeclarationTests {
    /// A copy of the project's pipeline/ in a fresh folder, edited by `change`.
    func pipeline(_ change: (String) throws -> Void = { _ in }) throws -> String {
        let folder = Fixtures.folder() + "/pipeline"
        try FileManager.default.copyItem(
            atPath: Fixtures.repository.appendingPathComponent("pipeline").path, toPath: folder)
        try change(folder)
        return folder
    }

    func edit(_ path: String, _ change: (String) -> String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = change(text)
        #expect(changed != text, "the edit of \(path) changed nothing")
        Fixtures.write(changed, to: path)
    }

    /// The refusal for `file` (in pipeline/) with `old` replaced by `new`.
    func refusal(in file: String, replacing old: String, with new: String) throws -> String {
        try refusal { try edit($0 + "/" + file) { $0.replacingOccurrences(of: old, with: new) } }
    }

    /// The message of the refusal `load` gives for the edited pipeline.
    func refusal(_ change: (String) throws -> Void) throws -> String {
        let folder = try pipeline(change)
        do { _ = try PipelineSpec.load(folder) } catch { return "\(error)" }
        Issue.record("the pipeline was accepted")
        return ""
    }

    @Test("the committed declarations load")
    func committed() throws {
        let spec = try PipelineSpec.load(try pipeline())
        #expect(spec.declared.count == 15)
        #expect(spec.headlineSeed == 0)
    }

    @Test("the sweeps' mean-predictor comparison follows beyond.json: the first table swept, and its split")
    func sweepMeanTable() throws {
        let committed = try PipelineSpec.load(try pipeline())
        #expect(committed.sweepMeanTable == "activation" && committed.tables.number(of: "activation") == 1)
        let swapped = try PipelineSpec.load(
            try pipeline { folder in
                try edit(folder + "/beyond.json") {
                    $0.replacingOccurrences(of: "\"activation\",\n", with: "").replacingOccurrences(
                        of: "\"gradient_descent\"", with: "\"gradient_descent\", \"activation\"")
                }
            })
        #expect(swapped.sweepMeanTable == "gradient_descent" && swapped.tables.number(of: "gradient_descent") == 2)
        let first = try #require(swapped.tables.tables[1].rows.first)
        #expect(swapped.sweepSplit == swapped.experiment(first.experiment)?.data)
        #expect(swapped.tables.number(of: "no such table") == nil)
    }

    @Test("a mistyped key is refused with its line and the nearest known key")
    func unknownKey() throws {
        let message = try refusal(
            in: "experiments/headline.json", replacing: "\"batchSize\": 100", with: "\"hidden-units\": 10")
        #expect(
            message.contains(
                "experiments/headline.json:12: training: unknown key \"hidden-units\" (did you mean \"hiddenUnits\"?)"),
            "\(message)")
        let spaced = try refusal(in: "experiments/t80-mgd-elu.json", replacing: "\"maxEpochs\"", with: "\"maxEpochs \"")
        #expect(spaced.contains("unknown key \"maxEpochs \" (did you mean \"maxEpochs\"?)"), "\(spaced)")
        let top = try refusal(in: "tables.json", replacing: "\"headline\": {", with: "\"headlines\": {")
        #expect(
            top.contains("tables.json:") && top.contains("unknown key \"headlines\" (did you mean \"headline\"?)"),
            "\(top)")
    }

    @Test(
        "values out of range are refused before any training",
        arguments: [
            ("\"learningRate\": 0.0001", "\"learningRate\": 0", "training.learningRate: 0 is out of range"),
            ("\"learningRate\": 0.0001", "\"learningRate\": -1e-4", "training.learningRate: -0.0001 is out of range"),
            ("\"batchSize\": 100", "\"batchSize\": 0", "training.batchSize: 0 is out of range (1 to 1000000)"),
            (
                "\"batchSize\": 100", "\"batchSize\": 100, \"hiddenUnits\": 100000000",
                "training.hiddenUnits: 100000000 is out of range (1 to 1000)"
            ),
            (
                "\"maxEpochs\": 100", "\"maxEpochs\": 1000000000000",
                "training.maxEpochs: 1000000000000 is out of range (0 to 100000)"
            ),
            ("\"maxEpochs\": 100", "\"maxEpochs\": 10.5", "training.maxEpochs: expected a whole number, found 10.5"),
            ("\"trainShare\": 75", "\"trainShare\": 100", "data.trainShare: 100 is out of range (1 to 99)"),
            ("\"seeds\": \"0-9\"", "\"seeds\": \"9-0\"", "seeds: --seeds '9-0'"),
            ("\"activation\": \"elu\"", "\"activation\": \"elu \"", "training.activation: \"elu \" is not one of")
        ])
    func outOfRange(original: String, replacement: String, expected: String) throws {
        let message = try refusal {
            try edit($0 + "/experiments/headline.json") { $0.replacingOccurrences(of: original, with: replacement) }
        }
        #expect(message.contains("experiments/headline.json:") && message.contains(expected), "\(message)")
    }

    @Test("names, seeds and paths that would reach a command are refused")
    func injection() throws {
        let file = try refusal { folder in
            try FileManager.default.copyItem(
                atPath: folder + "/experiments/headline.json",
                toPath: folder + "/experiments/x$(shell touch PWNED).json")
        }
        #expect(file.contains("is not a valid name"), "\(file)")
        let seeds = try refusal(
            in: "beyond.json", replacing: "\"seeds\": \"0-4\"", with: "\"seeds\": \"0-4 --help; touch PWNED; true\"")
        #expect(seeds.contains("beyond.json:") && seeds.contains("learningRateSweeps.seeds"), "\(seeds)")
        let path = try refusal(
            in: "beyond.json", replacing: "\"data/holdout-2012.csv\"", with: "\"data/holdout-2012.csv; touch PWNED\"")
        #expect(path.contains("holdout.data") && path.contains("is not a valid name"), "\(path)")
        let outside = try refusal(
            in: "beyond.json", replacing: "\"data/holdout-2012.csv\"", with: "\"../../etc/passwd\"")
        #expect(outside.contains("may not contain '..'"), "\(outside)")
        let figure = try refusal(in: "tables.json", replacing: "\"activation.png\"", with: "\"a;b#c.png\"")
        #expect(figure.contains("figure.file") && figure.contains("is not a valid name"), "\(figure)")
    }

    @Test("the tables must match the published ones, and name what exists")
    func crossChecks() throws {
        let missing = try refusal(
            in: "tables.json", replacing: "{\"experiment\": \"t80-mgd-elu\", ",
            with: "{\"experiment\": \"t80-mgd-elu-typo\", ")
        #expect(
            missing.contains("names experiment \"t80-mgd-elu-typo\", which is not in")
                && missing.contains("did you mean \"t80-mgd-elu\"?"), "\(missing)")
        let rows = try refusal(
            in: "tables.json",
            replacing: ",\n        {\"experiment\": \"t80-mgd-elu\", \"expected\": {\"val_mse\": \"inconclusive\"}}",
            with: "")
        #expect(rows.contains("table 'train_fraction' declares 4 rows"), "\(rows)")
        let null = try refusal(in: "published.json", replacing: "5279\n", with: "null\n")
        #expect(null.contains("published.json:") && null.contains("the cell of 'val_mse' must be a number"), "\(null)")
        let zero = try refusal(in: "published.json", replacing: "5279\n", with: "0\n")
        #expect(zero.contains("the published val_mse must be positive"), "\(zero)")
        let reversed = try refusal(in: "published.json", replacing: "5200,\n      5300", with: "5300,\n      5200")
        #expect(reversed.contains("stated_range must be [low, high]"), "\(reversed)")
        let short = try refusal(in: "published.json", replacing: "5200,\n      5300", with: "5200")
        #expect(short.contains("headline.stated_range: expected 2 items, found 1"), "\(short)")
        let conclusion = try refusal(
            in: "tables.json",
            replacing: "within 1.5% of the model the full run ends with.\",\n        \"expected\": \"inconclusive\"",
            with: "within 1.5% of the model the full run ends with.\",\n        \"expected\": \"unclear\"")
        #expect(
            conclusion.contains(
                "conclusions.claims.6.expected: \"unclear\" is not one of \"holds\", \"does not hold\", \"inconclusive\""
            ),
            "\(conclusion)")
        let seed = try refusal(
            in: "tables.json", replacing: "\"headline\": {\"experiment\": \"headline\", ",
            with: "\"headline\": {\"experiment\": \"headline\", \"seed\": 12, ")
        #expect(seed.contains("headline.seed 12 is not one of the seeds"), "\(seed)")
        // An expected verdict for a column that has none (epochs are reported, not gated).
        let ungated = try refusal(
            in: "tables.json",
            replacing: "{\"experiment\": \"t80-mgd-elu\", \"expected\": {\"val_mse\": \"inconclusive\"}}",
            with: "{\"experiment\": \"t80-mgd-elu\", \"expected\": {\"epochs_run\": \"inconclusive\"}}")
        #expect(
            ungated.contains(
                "tables.json:37: tables.2.rows.4.expected: 'epochs_run' is not a gated column of table 'train_fraction'"
            ),
            "\(ungated)")
    }

    @Test("a conclusion naming what does not exist is refused with its line, before anything runs")
    func conclusionRefusals() throws {
        let experiment = try refusal(
            in: "tables.json", replacing: "\"sigmoid\": \"t70-bgd-sigmoid\", \"tanh\"",
            with: "\"sigmoid\": \"t70-bgd-sigmoidd\", \"tanh\"")
        #expect(
            experiment.contains(
                "tables.json:67: conclusions.claims.0.runs.sigmoid: names experiment \"t70-bgd-sigmoidd\", which is not in"
            ),
            "\(experiment)")
        let operand = try refusal(
            in: "tables.json", replacing: "\"of\": [\"mgd\"], \"than\"", with: "\"of\": [\"mgdd\"], \"than\"")
        #expect(
            operand.contains(
                "tables.json:89: conclusions.claims.2.conditions.0: \"mgdd\" names no configuration of this claim (did you mean \"mgd\"?)"
            ),
            "\(operand)")
        let incomplete = try refusal(
            in: "tables.json", replacing: "{\"test\": \"ratio\", \"of\": [\"raw\"], \"to\": \"encoded\", ",
            with: "{\"test\": \"ratio\", \"of\": [\"raw\"], ")
        #expect(incomplete.contains("the test \"ratio\" needs \"to\""), "\(incomplete)")
        let twice = try refusal(
            in: "tables.json", replacing: "\"id\": \"train-share-75-lowest\"", with: "\"id\": \"activation-order\"")
        #expect(twice.contains("the conclusion id \"activation-order\" appears twice"), "\(twice)")
    }

    @Test(
        "the JSON reader is strict and names the line",
        arguments: [
            ("{\"a\": 1,\n\"a\": 2}", "x.json:2: the key \"a\" appears twice"),
            ("{\"a\": [1, 2,]}", "x.json:1: unexpected character \"]\""),
            ("{\"a\": 0x10}", "x.json:1: expected ',' or '}'"),
            ("{\"a\": 1e999}", "x.json:1: the number \"1e999\" is too large"),
            ("{\"a\": \"\u{1B}[31m\"}", "x.json:1: a control character inside a string"),
            ("{\"a\": 1}\n\n// comment", "x.json:3: unexpected text after the JSON value"),
            (String(repeating: "[", count: 100_000), "nested deeper than 64 levels"),
            ("{\"a\": \"\\ud800\"}", "a lone surrogate")
        ])
    func strictJSON(text: String, expected: String) {
        #expect { try JSONTree.parse(Array(text.utf8), file: "x.json") } throws: { "\($0)".contains(expected) }
    }

    @Test("declared text reaches a recipe only quoted: make and the shell see it as text")
    func quoting() throws {
        #expect(
            try MakeText.argument(.literal("$(shell touch PWNED)'; rm -rf x #"))
                == "'$$(shell touch PWNED)'\\''; rm -rf x #'")
        #expect(
            try MakeText.argument(.labelled("a $b", PlanPath(.build, "runs/x/history.csv")))
                == "'a $$b=$(B)/runs/x/history.csv'")
        #expect(throws: UsageError.self) { try MakeText.argument(.literal("two\nlines")) }
        // The shell, after make's own expansion, gets back exactly the text.
        let text = "it's $(shell touch PWNED) `x` \"y\" #z"
        let recipe = try MakeText.argument(.literal(text)).replacingOccurrences(of: "$$", with: "$")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "printf %s \(recipe)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == text)
    }
}
