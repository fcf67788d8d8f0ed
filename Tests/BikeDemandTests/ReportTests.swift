import Foundation
import Testing
@testable import BikeDemand

@Suite("make report and make check")
struct ReportTests {
    static let pipeline = Result { try PipelineSpec.load(Fixtures.repository.appendingPathComponent("pipeline").path) }
    /// The committed results, as `make report` last wrote them.
    static let results = Result { try ArtifactJSON.decode(ReportResults.self, from: Fixtures.repository.appendingPathComponent("figures/results.json").path) }

    @Test("the declarations are consistent: every table row names an experiment, in published order")
    func declarations() throws {
        let pipeline = try Self.pipeline.get()
        #expect(pipeline.tables.tables.map(\.name) == ["activation", "gradient_descent", "train_fraction", "preprocessing", "early_stopping"])
        for table in pipeline.tables.tables {
            #expect(table.rows.count == pipeline.published.tables[table.name]!.rows.count)
        }
        #expect(pipeline.experiment("t70-bgd-sigmoid")!.trainArguments.starts(with: ["--activation", "sigmoid", "--method", "bgd", "--learning-rate", "0.01"]))
        #expect((pipeline.tables.tolerances["val_mse"] ?? nil)! <= 0.08)
    }

    @Test("the plan has one rule per experiment, depending on its settings file and its data")
    func plan() throws {
        let pipeline = try Self.pipeline.get()
        let text = MakePlan.text(pipeline)
        for (name, spec) in pipeline.experiments where !pipeline.isSweep(name) {
            #expect(text.contains("$(B)/runs/\(name)/models.json $(B)/runs/\(name)/history.csv &: $(PIPELINE)/experiments/\(name).json $(B)/data/\(spec.data.variant)/training.csv"))
        }
        // A sweep point depends on its base experiment and the sweep's declaration; it keeps no history.
        #expect(text.contains("$(B)/runs/sweep-t70-sgd-elu-x0.1/models.json &: $(PIPELINE)/experiments/t70-sgd-elu.json $(PIPELINE)/beyond.json $(B)/data/report-t70/training.csv"))
        #expect(pipeline.experiment("sweep-t70-sgd-elu-x0.1")!.training.learningRate == 2e-7)
        #expect(pipeline.sweeps.count == 7 && pipeline.sweeps.allSatisfy { $0.points.count >= 6 })
        #expect(text.contains("figures/activation.png:"))
    }

    @Test("the committed results pass the gate")
    func passes() throws {
        #expect(ResultsCheck.failures(try Self.results.get(), pipeline: try Self.pipeline.get()) == [])
    }

    @Test("moving one cell out of tolerance fails the gate, naming the cell")
    func movedCell() throws {
        var results = try Self.results.get()
        let published = results.tables["gradient_descent"]!.rows[2].published["val_mse"]!.number!
        results.tables["gradient_descent"]!.rows[2].reproduced["val_mse"]!.median = published * 1.09
        let failures = ResultsCheck.failures(results, pipeline: try Self.pipeline.get())
        #expect(failures.count == 1)
        #expect(failures.first?.contains("table 2 'gradient_descent', row 3 (SGD (eta 2e-6)), val_mse") == true)
        #expect(failures.first?.contains("+9.0%") == true)
    }

    @Test("a conclusion that changes its verdict fails the gate, and so does a missing table")
    func changedConclusion() throws {
        var results = try Self.results.get()
        let index = results.conclusions.firstIndex { $0.id == "mgd-beats-bgd-and-sgd" }!
        results.conclusions[index].holds = false
        results.tables["preprocessing"] = nil
        let failures = ResultsCheck.failures(results, pipeline: try Self.pipeline.get())
        #expect(failures.contains { $0.contains("conclusion 'mgd-beats-bgd-and-sgd' no longer holds") })
        #expect(failures.contains { $0.contains("table 4 'preprocessing' is missing") })
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
}
