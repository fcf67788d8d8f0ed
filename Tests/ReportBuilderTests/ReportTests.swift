import Artifacts
import BikeModel
import Foundation
import Gates
import Pipeline
import Plan
import TestSupport
import Testing

// `@testable`: the departures from the report's text and the coincidence note are internal to the prose.
@testable import ReportBuilder

@Suite("make report and make check")
struct ReportTests {
    static let pipeline = Fixtures.committedPipeline
    /// The committed results, as `make report` last wrote them.
    static let results = Result {
        try ArtifactJSON.decode(
            ReportResults.self, from: Fixtures.repository.appendingPathComponent("figures/results.json").path)
    }

    @Test("the declarations are consistent: every table row names an experiment, in published order")
    func declarations() throws {
        let pipeline = try Self.pipeline.get()
        #expect(
            pipeline.tables.tables.map(\.name) == [
                "activation", "gradient_descent", "train_fraction", "preprocessing", "early_stopping"
            ])
        for table in pipeline.tables.tables {
            #expect(table.rows.count == pipeline.published.tables[table.name]!.rows.count)
        }
        #expect(
            pipeline.experiment("t70-bgd-sigmoid")!.trainArguments.starts(with: [
                "--activation", "sigmoid", "--method", "bgd", "--learning-rate", "0.01"
            ]))
        #expect((pipeline.tables.tolerances["val_mse"] ?? nil)! <= 0.08)
    }

    @Test("the plan has one rule per experiment, depending on its data and its own stamp")
    func plan() throws {
        let pipeline = try Self.pipeline.get()
        let (text, stamps) = try MakePlan(pipeline).makefile()
        for (name, spec) in pipeline.experiments where !pipeline.isSweep(name) && !pipeline.isStudyPoint(name) {
            #expect(text.contains("$(B)/runs/\(name)/models.json: $(B)/data/\(spec.data.variant)/training.csv "))
            #expect(
                text.contains(
                    "$(B)/plan/train-\(name).rule $(TOOLS_STAMPS)/train.sha256 $(if $(filter-out $(wildcard $(B)/runs/\(name)/history.csv $(B)/runs/\(name)/history.csv.meta.json)"
                ))
        }
        // A study's point keeps no history either.
        #expect(
            text.contains(
                "$(B)/runs/study-hidden_units-8/models.json: $(B)/data/report-t75/training.csv $(B)/plan/train-study-hidden_units-8.rule $(TOOLS_STAMPS)/train.sha256\n"
            ))
        // A sweep point keeps no history; its stamp holds its whole command, learning rate included.
        #expect(
            text.contains(
                "$(B)/runs/sweep-t70-sgd-elu-x0.1/models.json: $(B)/data/report-t70/training.csv $(B)/plan/train-sweep-t70-sgd-elu-x0.1.rule $(TOOLS_STAMPS)/train.sha256\n"
            ))
        #expect(
            stamps.first { $0.name == "train-sweep-t70-sgd-elu-x0.1" }?.text.contains("'--learning-rate' '2e-07'")
                == true)
        #expect(pipeline.experiment("sweep-t70-sgd-elu-x0.1")!.settings.learningRate == 2e-7)
        #expect(pipeline.sweeps.count == 7 && pipeline.sweeps.allSatisfy { $0.points.count >= 6 })
        #expect(text.contains("$(FIG)/activation.png: "))
        // Legends and titles come from the experiments' settings.
        #expect(
            stamps.first { $0.name == "figure-gradient_descent.png" }?.text.contains(
                "'--curve' 'SGD, η 2e-06=$(B)/runs/t70-sgd-elu/history.csv'") == true)
        #expect(Set(stamps.map(\.name)).count == stamps.count)
    }

    /// `BIKE_REPORT_WRITE_GOLDEN=1 swift test --filter ReportTests` rewrites it after an intended
    /// change of the declarations or the plan; review the diff before committing it.
    static let goldenPlan = Fixtures.repository.appendingPathComponent("Tests/ReportBuilderTests/Golden/plan.txt").path

    @Test("make plan lists every rule's outputs, inputs and the recipe's own command, as its golden file shows")
    func planListing() throws {
        let plan = MakePlan(try Self.pipeline.get())
        let listing = try plan.listing(), makefile = try plan.makefile().text
        for rule in plan.rules {
            let command = "$(BIN)/\(rule.tool) " + (try rule.arguments.map(MakeText.argument).joined(separator: " "))
            #expect(listing.contains("\n\n\(rule.id)"), "\(rule.id)")
            #expect(listing.contains("  runs:   \(command)\n") && makefile.contains("\t\(command)"), "\(rule.id)")
            #expect(listing.contains("  writes: \(rule.targets.map(\.make).joined(separator: " "))\n"))
        }
        #expect(listing.hasPrefix("\(plan.rules.count) rules (evaluate, plot, preprocess, report, split, train)"))
        if ProcessInfo.processInfo.environment["BIKE_REPORT_WRITE_GOLDEN"] != nil {
            try listing.write(toFile: Self.goldenPlan, atomically: true, encoding: .utf8)
        }
        #expect(listing == (try String(contentsOfFile: Self.goldenPlan, encoding: .utf8)))
    }

    @Test("the Makeflow rendering names every file a rule reads, and asks for a core per seed, capped")
    func makeflow() throws {
        let plan = MakePlan(try Self.pipeline.get())
        let folders = [
            "B": "build", "BIN": ".build/release", "FIG": "figures", "PIPELINE": "pipeline", "DATA": "data/train.csv",
            "TOOLS_STAMPS": "build/tools"
        ]
        let text = try plan.makeflow(folders: folders, cores: 4)
        #expect(
            text.contains(
                """
                .MAKEFLOW CATEGORY train
                .MAKEFLOW CORES 4
                build/runs/headline/models.json build/runs/headline/history.csv build/runs/headline/history.csv.meta.json: build/data/report-t75/training.csv build/data/report-t75/training.csv.meta.json build/data/report-t75/validation.csv build/data/report-t75/validation.csv.meta.json .build/release/train
                \tmkdir -p 'build/runs/headline' && './.build/release/train' "build/data/report-t75/training.csv"
                """))
        // A rule that writes committed files declares a stamp under build/ instead: Makeflow deletes
        // a failed rule's outputs, and those are never committed files.
        #expect(text.contains(".MAKEFLOW CATEGORY local\n.MAKEFLOW CORES 1\nbuild/makeflow/done/results: "))
        #expect(!text.contains("figures/results.json figures/report.md:"))
        #expect(
            text.contains(
                "\tLOCAL mkdir -p 'figures' 'build/makeflow/done' && './.build/release/report' \"build\""))
        #expect(text.contains("&& touch 'build/makeflow/done/results'\n"))
        #expect(!text.contains("$("))
        // One planner: a rule in each rendering for every rule of the plan.
        #expect(text.components(separatedBy: ".MAKEFLOW CATEGORY").count - 1 == plan.rules.count)
        #expect(throws: UsageError.self) {
            try plan.makeflow(folders: folders.merging(["B": "build dir"]) { $1 }, cores: 1)
        }
    }

    @Test("the committed results pass the gate, and say so in one line")
    func passes() throws {
        let results = try Self.results.get(), pipeline = try Self.pipeline.get()
        #expect(ResultsCheck.failures(results, pipeline: pipeline) == [])
        let summary = ResultsCheck.summary(ResultsCheck.items(results, pipeline: pipeline), results: results)
        #expect(summary.hasPrefix("check passed: 18 of 18 gated cells as declared ("), "\(summary)")
        #expect(summary.contains(" consistent with one run ("), "\(summary)")
        // The 18 gated cells are 13 published runs: the headline's run fills four cells of
        // Tables 3-5, Table 2's MGD row is Table 3's t = 70.
        #expect(summary.contains(" of 13 independent published runs); largest difference "), "\(summary)")
    }

    @Test("a cell whose mean moves out of its margin is not reproduced, and fails the gate naming it")
    func movedCell() throws {
        var results = try Self.results.get()
        let published = results.tables["gradient_descent"]!.rows[2].published["val_mse"]!.number!
        results.tables["gradient_descent"]!.rows[2].reproduced["val_mse"]!.mean = published * 1.09
        // Without its seeds' values (edited ones fail sooner: `MarginTests`), from mean, sd and seeds.
        results.tables["gradient_descent"]!.rows[2].reproduced["val_mse"]!.values = nil
        // The stored verdict is not trusted: the interval is recomputed from mean, sd and seeds.
        #expect(results.tables["gradient_descent"]!.rows[2].reproduced["val_mse"]!.verdict == .reproduced)
        let failures = ResultsCheck.failures(results, pipeline: try Self.pipeline.get())
        #expect(failures.count == 1)
        #expect(
            failures.first?.hasPrefix(
                "table 2 'gradient_descent', row 3 (SGD, η 2e-06), val_mse: now 'not reproduced' where tables.json expects 'reproduced': the interval for one run against ours over 10 seeds"
            ) == true, "\(failures)")
        #expect(failures.first?.contains("lies outside 5,391 ± 0.70% (5,353–5,429)") == true, "\(failures)")
    }

    @Test("a cell left inconclusive fails the gate, at the seed maximum and below it")
    func inconclusiveCell() throws {
        var results = try Self.results.get()
        // Table 1's relu row, declared reproduced at ±2.5%.
        let published = results.tables["activation"]!.rows[3].published["val_mse"]!.number!
        // A mean on the margin's upper edge: its interval straddles the edge, whatever the spread.
        results.tables["activation"]!.rows[3].reproduced["val_mse"]!.mean = published * 1.025
        results.tables["activation"]!.rows[3].reproduced["val_mse"]!.seeds = 50
        results.tables["activation"]!.rows[3].reproduced["val_mse"]!.values = nil
        var failures = ResultsCheck.failures(results, pipeline: try Self.pipeline.get())
        #expect(failures.count == 1)
        #expect(
            failures.first?.contains("val_mse: now 'inconclusive' where tables.json expects 'reproduced': ") == true,
            "\(failures)")
        #expect(failures.first?.hasSuffix("(5,558–5,844)") == true, "\(failures)")
        results.tables["activation"]!.rows[3].reproduced["val_mse"]!.seeds = 10
        failures = ResultsCheck.failures(results, pipeline: try Self.pipeline.get())
        #expect(
            failures.first?.contains(
                "(below the maximum of 50, and more seeds could still decide it: the pipeline did not add the seeds it should have)"
            ) == true, "\(failures)")
        // One seed has no interval: not reproduced either.
        results.tables["activation"]!.rows[3].reproduced["val_mse"]!.seeds = 1
        #expect(
            ResultsCheck.failures(results, pipeline: try Self.pipeline.get()).first?.contains(
                "1 seed, too few for an interval") == true)
        // An edited count far beyond any run is refused, not computed with.
        results.tables["activation"]!.rows[3].reproduced["val_mse"]!.seeds = 1_000_000_000_000
        #expect(
            ResultsCheck.failures(results, pipeline: try Self.pipeline.get()).first?.contains(
                "is not a seed count the pipeline writes") == true)
    }

    @Test("a conclusion that changes its verdict fails the gate, and so does a missing table")
    func changedConclusion() throws {
        var results = try Self.results.get()
        let index = results.conclusions.firstIndex { $0.id == "encoding-cuts-error-threefold" }!
        // The verdict is recomputed from the probability and the effective runs, not read:
        // never holding in 100 effective runs bounds the probability below 0.05.
        results.conclusions[index].probability = 0
        results.conclusions[index].effectiveRuns = 100
        results.tables["preprocessing"] = nil
        let failures = ResultsCheck.failures(results, pipeline: try Self.pipeline.get())
        #expect(
            failures.contains {
                $0.hasPrefix(
                    "conclusion 'encoding-cuts-error-threefold' is now 'does not hold' (probability 0.000) where tables.json expects 'inconclusive'"
                )
            }, "\(failures)")
        #expect(failures.contains { $0.contains("table 4 'preprocessing' is missing") })
    }

    @Test("a row run with other settings than the published ones fails the gate, naming the setting")
    func departure() throws {
        var results = try Self.results.get()
        results.tables["train_fraction"]!.rows[4].departures = [
            Departure(setting: "learningRate", published: .number(0.0001), run: .number(0.00012))
        ]
        let failures = ResultsCheck.failures(results, pipeline: try Self.pipeline.get())
        let label = results.tables["train_fraction"]!.rows[4].label
        #expect(label.hasPrefix("t = 80"))
        #expect(
            failures == [
                "table 3 'train_fraction', row 5 (\(label)): ran with learningRate 0.00012 where the report used 0.0001, so it does not reproduce the published row"
            ])
        // Its cell, though within tolerance, does not count as reproduced.
        let summary = ResultsCheck.summary(
            ResultsCheck.items(results, pipeline: try Self.pipeline.get()), results: results)
        #expect(summary.hasPrefix("check failed: 1 of "), "\(summary)")
        #expect(summary.contains(": 17 of 18 gated cells as declared"), "\(summary)")
    }

    @Test("the published configuration of a row is its table's settings and its own cells")
    func publishedConfiguration() throws {
        let pipeline = try Self.pipeline.get()
        let table = pipeline.published.tables["train_fraction"]!
        let configuration = Departures.published(table: table, row: table.rows[4])
        #expect(configuration["trainShare"] == .number(80))
        #expect(configuration["learningRate"] == .number(0.0001))
        var settings = RunSettings(pipeline.experiment("t80-mgd-elu")!)
        #expect(Departures.between(configuration, settings).isEmpty)
        settings.learningRate = 0.00012
        #expect(
            Departures.between(configuration, settings) == [
                Departure(setting: "learningRate", published: .number(0.0001), run: .number(0.00012))
            ])
        // A batch size is only a setting of the method that takes batches.
        settings = RunSettings(pipeline.experiment("t70-bgd-elu")!)
        settings.batchSize = 7
        let gradient = pipeline.published.tables["gradient_descent"]!
        #expect(Departures.between(Departures.published(table: gradient, row: gradient.rows[0]), settings).isEmpty)
    }

    @Test("numbers read as a report writes them")
    func readableNumbers() {
        #expect(readable(5213.46) == "5,213")
        #expect(readable(18_805) == "18,805")
        #expect(readable(52.5) == "52.5")
        #expect(readable(59) == "59")
        #expect(readable(0.7088) == "0.709")
        #expect(readable(-1234.6) == "-1,235")
    }

    @Test(
        "labels say the setting a run differs in even when it is the report's default, and the caption says which curves coincide by construction"
    )
    func labels() throws {
        let pipeline = try Self.pipeline.get()
        let early = SettingsText.describe(
            [pipeline.experiment("headline")!, pipeline.experiment("t75-mgd-elu-all-epochs")!], brief: true)
        #expect(early.label(pipeline.experiment("headline")!) == "early stopping")
        #expect(early.label(pipeline.experiment("t75-mgd-elu-all-epochs")!) == "no early stopping")
        let encoding = SettingsText.describe(
            [pipeline.experiment("headline")!, pipeline.experiment("t75-mgd-elu-raw")!], brief: true)
        #expect(encoding.label(pipeline.experiment("headline")!) == "the report's encoding")
        let results = try Self.results.get()
        #expect(
            ReportMarkdown.coincidenceNote(results.tables["early_stopping"]!.rows)?.hasPrefix(
                "The curves \"early stopping\" and \"no early stopping\" are the same runs") == true)
        #expect(ReportMarkdown.coincidenceNote(results.tables["activation"]!.rows) == nil)
    }

    @Test("report.md is made from results.json alone: the committed report is the golden file of the committed results")
    func goldenReport() throws {
        let text = ReportMarkdown.text(try Self.results.get(), pipeline: try Self.pipeline.get())
        let golden = try String(
            contentsOf: Fixtures.repository.appendingPathComponent("figures/report.md"), encoding: .utf8)
        #expect(text == golden)
    }

    @Test("tables named by the report's numbers, in words")
    func tablesWords() {
        #expect(ReportMarkdown.tablesWords([1]) == "Table 1")
        #expect(ReportMarkdown.tablesWords([1, 2]) == "Tables 1 and 2")
        #expect(ReportMarkdown.tablesWords([1, 2, 4]) == "Tables 1, 2 and 4")
        #expect(ReportMarkdown.tablesWords([]) == "no table")
    }
}
