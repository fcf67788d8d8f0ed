import Artifacts
import Foundation
import Gates
import Pipeline
import Plan
import Statistics
import TestSupport
import Testing

// `@testable`: runs are made up here through `TrainingRun`'s memberwise initialiser, internal: a real run comes only from training.
@testable import BikeModel
// `@testable`: the results are built here from runs made in memory (`ExperimentRuns`, internal: the tool reads them from files).
@testable import ReportBuilder

/// Studies, claims and variants are data: a grid over an experiment's settings, claims judged on
/// its points, and `make run`'s settings, each checked as pipeline/ is.
@Suite("Studies and claims")
struct StudyTests {
    /// A copy of the project's pipeline/ with `studies` written into its studies/ folder.
    func pipeline(studies: [String: String] = [:]) throws -> String {
        let folder = Fixtures.folder() + "/pipeline"
        try FileManager.default.copyItem(
            atPath: Fixtures.repository.appendingPathComponent("pipeline").path, toPath: folder)
        for (name, text) in studies { Fixtures.write(text, to: "\(folder)/studies/\(name).json") }
        return folder
    }

    func refusal(_ studies: [String: String], _ change: (String) throws -> Void = { _ in }) throws -> String {
        let folder = try pipeline(studies: studies)
        try change(folder)
        do { _ = try PipelineSpec.load(folder) } catch { return "\(error)" }
        Issue.record("the pipeline was accepted")
        return ""
    }

    static let tenUnits = """
        {
          "description": "q = 10 at two learning rates",
          "base": "headline",
          "grid": [
            {"setting": "hiddenUnits", "values": [5, 10]},
            {"setting": "learningRate", "values": [0.0001, 0.0002]}
          ],
          "seeds": "0-2",
          "claims": [
            {"id": "ten-like-five", "claim": "q = 10 is within 1% of q = 5",
             "conditions": [{"test": "near", "of": ["10,0.0001"], "to": "5,0.0001", "within": 0.01}]}
          ]
        }
        """

    @Test("a study's points are experiments, and a point that is an experiment's own reads its runs")
    func points() throws {
        let spec = try PipelineSpec.load(try pipeline(studies: ["ten": Self.tenUnits]))
        let study = try #require(spec.studies.first { $0.name == "ten" })
        #expect(study.points.map(\.name) == ["5,0.0001", "5,0.0002", "10,0.0001", "10,0.0002"])
        // q = 5 at 0.0001 with seeds 0-2 is the headline at three of its seeds.
        #expect(spec.reused["study-ten-5-0.0001"]?.experiment == "headline")
        #expect(spec.reused["study-ten-5-0.0001"]?.seeds == [0, 1, 2])
        let own = try #require(spec.experiment("study-ten-10-0.0002"))
        #expect(own.settings.hiddenUnits == 10 && own.settings.learningRate == 0.0002 && own.seeds.text == "0-2")
        // The report's two studies, and the sweeps' points at the report's rate, rerun nothing.
        #expect(spec.reused["study-hidden_units-5"]?.experiment == "headline")
        #expect(spec.reused["study-batch_size-100"]?.experiment == "headline")
        #expect(spec.reused["sweep-t70-bgd-elu-x1"]?.experiment == "t70-bgd-elu")
        let plan = try MakePlan(spec).makefile().text
        #expect(plan.contains("$(B)/runs/study-ten-10-0.0002/models.json:"))
        #expect(!plan.contains("$(B)/runs/study-ten-5-0.0001/models.json:"))
        #expect(plan.contains("'study' '$(FIG)/results.json' '--study' 'ten'"))
    }

    @Test(
        "a study's mistakes are refused with the file, the line and what is wrong",
        arguments: [
            (
                "\"hiddenUnits\", \"values\": [5, 10]", "\"hidenUnits\", \"values\": [5, 10]",
                "ten.json:5: grid.0.setting: \"hidenUnits\" is not one of"
            ),
            ("[5, 10]", "[5, 0]", "ten.json:5: grid.0.values.hiddenUnits: 0 is out of range (1 to 1000)"),
            ("[5, 10]", "[5, 5]", "ten.json:5: grid.0.values: 5 appears twice"),
            (
                "\"base\": \"headline\"", "\"base\": \"headlin\"",
                "ten.json:3: base: names experiment \"headlin\", which is not in experiments/ (did you mean \"headline\"?)"
            ),
            (
                "\"to\": \"5,0.0001\"", "\"to\": \"6,0.0001\"",
                "claims.0.conditions.0: \"6,0.0001\" names no configuration of this claim"
            ),
            (
                "\"seeds\": \"0-2\"", "\"seeds\": \"0-2\", \"seedss\": 1",
                "ten.json:8: unknown key \"seedss\" (did you mean \"seeds\"?)"
            )
        ])
    func refusals(original: String, replacement: String, message: String) throws {
        let text = Self.tenUnits.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.tenUnits)
        let refused = try refusal(["ten": text])
        #expect(refused.contains(message), "\(refused)")
    }

    @Test("a grid is bounded, and its points may not take an experiment's name")
    func bounded() throws {
        let rates = (1...50).map { "0.000\($0 + 10)" }.joined(separator: ", ")
        let large = Self.tenUnits.replacingOccurrences(of: "[5, 10]", with: "[1, 2, 3, 4, 5]")
            .replacingOccurrences(of: "[0.0001, 0.0002]", with: "[\(rates)]")
        #expect(try refusal(["ten": large]).contains("ten.json:4: grid: 250 points; a study has at most 200"))
        let taken = try refusal(["ten": Self.tenUnits]) { folder in
            Fixtures.write(
                try String(contentsOfFile: folder + "/experiments/headline.json", encoding: .utf8),
                to: folder + "/experiments/study-ten-10-0.0002.json")
        }
        #expect(
            taken.contains(
                "the point 10,0.0002 would run as \"study-ten-10-0.0002\", the name of experiments/study-ten-10-0.0002.json or of another point"
            ),
            "\(taken)")
    }

    /// Runs at the given validation MSE per seed, repeated thirty times: with 60 seeds or more a
    /// claim every seed bears out can hold (its lower 95% bound reaches 0.95 at 59).
    func runs(_ values: [Double]) -> [[String: Double]] {
        Array(repeating: values.map { ["val_mse": $0, "epochs_run": 60] }, count: 30).flatMap { $0 }
    }

    @Test("each test of a claim holds, fails, or leaves the verdict to the bootstrap over seeds")
    func claimTests() throws {
        func claim(_ conditions: String) throws -> ClaimSpec {
            try JSONDecoder().decode(
                ClaimSpec.self, from: Data("{\"id\": \"c\", \"claim\": \"c\", \"conditions\": [\(conditions)]}".utf8))
        }
        let runs = ["a": runs([100, 101]), "b": runs([200, 202]), "c": runs([100, 300])]
        func verdict(_ conditions: String) throws -> ConclusionVerdict {
            var references = ClaimSpec.References()
            references.meanPredictor = { _ in 105 }
            references.ranges["stated-range"] = 90...110
            return try claim(conditions).judge(runs, references: references).verdict
        }
        #expect(try verdict(#"{"test": "below", "of": ["a"], "than": ["b"]}"#) == .holds)
        #expect(try verdict(#"{"test": "below", "of": ["a"], "than": ["b"], "factor": 2.5}"#) == .doesNotHold)
        // c is 100 or 300: below b in half the draws.
        #expect(try verdict(#"{"test": "below", "of": ["c"], "than": ["b"]}"#) == .inconclusive)
        #expect(try verdict(#"{"test": "close", "of": ["a", "b"], "within": 0.05}"#) == .doesNotHold)
        #expect(try verdict(#"{"test": "near", "of": ["a"], "to": "mean-predictor", "within": 0.06}"#) == .holds)
        #expect(try verdict(#"{"test": "ratio", "of": ["b"], "to": "a", "between": [1.9, 2.1]}"#) == .holds)
        #expect(try verdict(#"{"test": "difference", "of": ["b"], "minus": "a", "between": [0, 50]}"#) == .doesNotHold)
        #expect(
            try verdict(#"{"test": "difference", "of": ["b:epochs_run"], "minus": "a", "between": [-50, -30]}"#)
                == .holds)
        #expect(try verdict(#"{"test": "inside", "of": ["a"], "range": "stated-range"}"#) == .holds)
        let (_, _, _, evidence) = try claim(#"{"test": "close", "of": ["a", "b"], "within": 0.05}"#)
            .judge(runs, references: .init())
        #expect(evidence == "medians: a (100), b (201): 100.0% apart (at most 5.0%).")
    }

    @Test("make run's settings are read as the experiment files read them")
    func variantSettings() throws {
        let spec = try PipelineSpec.load(try pipeline())
        let variant = try Variant(base: "headline", settings: "hiddenUnits=10 learningRate=2e-4", pipeline: spec)
        #expect(variant.name == "headline-hiddenUnits10-learningRate0.0002")
        #expect(variant.spec.settings.hiddenUnits == 10 && variant.spec.settings.learningRate == 0.0002)
        #expect(variant.spec.seeds.text == "0-9")
        let commas = try Variant(base: "headline", settings: "activation=relu seeds=1,4", pipeline: spec)
        #expect(commas.spec.settings.activation == .relu && commas.name == "headline-activationrelu-seeds1_4")
        #expect(try Variant(base: "headline", settings: "seeds=3", pipeline: spec).spec.seeds.text == "3")
        let seeds = try Variant(base: "headline", settings: "seeds=0-2 earlyStopping=false", pipeline: spec)
        #expect(seeds.name == "headline-seeds0-2-earlyStoppingfalse" && seeds.spec.settings.earlyStopping == false)
        for (settings, message) in [
            ("hidenUnits=10", "SET: unknown setting \"hidenUnits\" (did you mean \"hiddenUnits\"?)"),
            ("hiddenUnits=0", "SET: hiddenUnits: 0 is out of range (1 to 1000)"),
            ("hiddenUnits", "SET: \"hiddenUnits\": expected SETTING=VALUE"),
            ("activation=softmax", "SET: activation: \"softmax\" is not one of"),
            ("hiddenUnits=2 hiddenUnits=3", "SET: hiddenUnits is set twice"),
            ("", "SET: no setting to change"),
            ("learningRate=$(shell touch x)", "SET: learningRate: expected a number, found a string")
        ] {
            #expect {
                try Variant(base: "headline", settings: settings, pipeline: spec)
            } throws: { "\($0)".contains(message) }
        }
        #expect {
            try Variant(base: "headlin", settings: "hiddenUnits=3", pipeline: spec)
        } throws: { "\($0)".contains("EXP: no experiment is called \"headlin\" (did you mean \"headline\"?)") }
        let plan = try MakePlan(spec, variant: variant).makefile().text
        #expect(plan.contains("$(B)/variants/headline-hiddenUnits10-learningRate0.0002/models.json:"))
        #expect(
            plan.contains(
                "variant: $(B)/variants/headline-hiddenUnits10-learningRate0.0002/models.json $(B)/runs/headline/models.json"
            ))
        #expect(plan.contains("'--changes' 'hiddenUnits=10 learningRate=0.0002'"))
    }

    @Test("make check holds each study to its grid and its claims to their expected verdicts")
    func gate() throws {
        let pipeline = try PipelineSpec.load(Fixtures.repository.appendingPathComponent("pipeline").path)
        var results = try ArtifactJSON.load(
            ReportResults.self, from: Fixtures.repository.appendingPathComponent("figures/results.json").path,
            schema: .results)
        // Each study in the results, and each of its three claims on single runs and on means.
        #expect(ResultsCheck.items(results, pipeline: pipeline).filter { $0.suite == "studies" }.count == 8)
        #expect(ResultsCheck.failures(results, pipeline: pipeline).isEmpty)
        let index = try #require(
            results.studies?["batch_size"]?.claims.firstIndex { $0.id == "batches-50-to-300-beat-extremes" })
        // Never bearing the claim out, over 100 effective runs: its upper bound is below 0.05.
        results.studies?["batch_size"]?.claims[index].probability = 0
        results.studies?["batch_size"]?.claims[index].effectiveRuns = 100
        results.studies?["hidden_units"]?.rows.removeLast()
        // A verdict on means that moved, and an open one that says no cause.
        results.studies?["batch_size"]?.claims[index].onMeans?.verdict = .doesNotHold
        let alike = try #require(
            results.studies?["batch_size"]?.claims.firstIndex { $0.id == "batches-50-to-300-alike" })
        results.studies?["batch_size"]?.claims[alike].onMeans?.verdict = .inconclusive
        let failures = ResultsCheck.failures(results, pipeline: pipeline)
        #expect(
            failures.contains {
                $0
                    == "claim 'batches-50-to-300-beat-extremes' is now 'does not hold' on means where studies/batch_size.json expects 'holds'"
            }, "\(failures)")
        #expect(failures.contains("claim 'batches-50-to-300-alike' is inconclusive on means and says no cause"))
        #expect(
            failures.contains {
                $0.hasPrefix(
                    "claim 'batches-50-to-300-beat-extremes' is now 'does not hold' (probability 0.000) where studies/batch_size.json expects 'inconclusive'"
                )
            }, "\(failures)")
        #expect(
            failures.contains { $0.contains("study 'hidden_units' is missing from the results or has another grid") })
    }

    @Test("make run prints the variant beside its base, measure by measure")
    func comparison() throws {
        func runs(_ values: [Double], q: Int) throws -> ExperimentRuns {
            let models = values.enumerated().map { seed, value -> ModelFile in
                var settings = TrainingSettings()
                settings.seed = UInt64(seed)
                settings.hiddenUnits = q
                let point = Checkpoint(epoch: 60, trainingMSE: value + 100, validationMSE: value)
                let run = TrainingRun(
                    settings: settings, network: Network(hiddenUnits: q, seed: UInt64(seed)), best: point, last: point,
                    epochsRun: 60, stopReason: .patience, history: [], divergedAt: nil)
                return ModelFile(
                    artifact: ArtifactHeader(schema: .model, tool: .train, parameters: [:], inputs: []), run: run,
                    encoding: nil, data: DataRecord(encoding: "report", trainShare: 75, rule: .interleaved))
            }
            return try ExperimentRuns(models: models, file: "models.json", name: "models")
        }
        let text = VariantComparison.text(
            try runs([5000, 5100, 5200], q: 5), baseName: "headline", try runs([5200, 5300, 5350], q: 10),
            changes: "hiddenUnits=10", folder: "build/variants/headline-hiddenUnits10")
        #expect(
            text == """
                headline against the variant with hiddenUnits=10 (runs in build/variants/headline-hiddenUnits10/), median (min–max) over seeds:
                measure         headline, 3 seeds    with hiddenUnits=10, 3 seeds  difference
                validation MSE  5,100 (5,000–5,200)  5,300 (5,200–5,350)           +200 (+3.9%)
                training MSE    5,200 (5,100–5,300)  5,400 (5,300–5,450)           +200 (+3.8%)
                epochs run      60 (60–60)           60 (60–60)                    +0 (+0.0%)

                """, "\(text)")
    }
}

@Suite("claims judged on the configurations' means")
struct ClaimOnMeansTests {
    /// Ten runs of each configuration about a mean, with a spread of ±2%.
    static func runs(_ mean: Double) -> [[String: Double]] {
        (0..<10).map { seed -> [String: Double] in
            let step = Double(seed % 5 - 2) / 2
            return ["val_mse": mean * (1 + 0.02 * step), "epochs_run": 60 + Double(seed % 3)]
        }
    }

    func verdict(_ condition: String) throws -> ReportResults.OnMeans {
        let claim = try JSONDecoder().decode(
            ClaimSpec.self, from: Data("{\"id\": \"c\", \"claim\": \"c\", \"conditions\": [\(condition)]}".utf8))
        var references = ClaimSpec.References()
        references.meanPredictor = { _ in 105 }
        references.ranges["stated-range"] = 90...110
        return claim.judgeMeans(
            ["a": Self.runs(100), "b": Self.runs(200), "c": Self.runs(101)], references: references, family: 8,
            seedCap: 50)
    }

    @Test("each test of a claim, on means: holds, does not hold, or open with its cause")
    func tests() throws {
        #expect(try verdict(#"{"test": "below", "of": ["a"], "than": ["b"]}"#).verdict == .holds)
        #expect(try verdict(#"{"test": "below", "of": ["a"], "than": ["b"], "factor": 2.5}"#).verdict == .doesNotHold)
        #expect(try verdict(#"{"test": "close", "of": ["a", "c"], "within": 0.05}"#).verdict == .holds)
        #expect(try verdict(#"{"test": "near", "of": ["a"], "to": "mean-predictor", "within": 0.1}"#).verdict == .holds)
        #expect(try verdict(#"{"test": "ratio", "of": ["b"], "to": "a", "between": [1.9, 2.1]}"#).verdict == .holds)
        // An edge at or below 0 (which the declaration allows) is no edge for a ratio of positive means.
        #expect(try verdict(#"{"test": "ratio", "of": ["b"], "to": "a", "between": [-1, 2.1]}"#).verdict == .holds)
        #expect(
            try verdict(#"{"test": "ratio", "of": ["b"], "to": "a", "between": [-2, -1]}"#).verdict == .doesNotHold)
        #expect(
            try verdict(#"{"test": "difference", "of": ["b"], "minus": "a", "between": [0, 50]}"#).verdict
                == .doesNotHold)
        #expect(try verdict(#"{"test": "inside", "of": ["a"], "range": "stated-range"}"#).verdict == .holds)
        // a and c are 1% apart; "within 1%" sits on its own edge.
        let edge = try verdict(#"{"test": "close", "of": ["a", "c"], "within": 0.01}"#)
        #expect(edge.verdict == .inconclusive && edge.cause != nil)
        // Runs of a spread ±2%: a range of ±1% can never hold 95% of them.
        var references = ClaimSpec.References()
        references.ranges["stated-range"] = 99...101
        let claim = try JSONDecoder().decode(
            ClaimSpec.self,
            from: Data(
                #"{"id": "c", "claim": "c", "conditions": [{"test": "inside", "of": ["a"], "range": "stated-range"}]}"#
                    .utf8))
        let noise = claim.judgeMeans(["a": Self.runs(100)], references: references, family: 1)
        #expect(noise.verdict == .inconclusive && noise.cause == .runNoise)
        #expect(abs(try verdict(#"{"test": "below", "of": ["a"], "than": ["b"]}"#).alpha - 0.05 / 8) < 1e-15)
    }
}
