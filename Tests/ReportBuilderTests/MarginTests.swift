import Artifacts
import Foundation
import Statistics
import Testing

// `@testable`: which experiments a margin reproduces (`CellMargins`) is internal to the results.
@testable import ReportBuilder

/// How tight a margin each cell would pass, who else would pass it, and the per-seed values
/// every statistic of a cell can be recomputed from.
@Suite("Margins and per-seed values")
struct MarginTests {
    @Test("the smallest margin is the interval's far end, and a cell is reproduced at it, not below it")
    func smallestMargin() throws {
        #expect(CellVerdict.smallestMargin(interval: [95, 103], published: 100) == 0.05)
        #expect(abs(CellVerdict.smallestMargin(interval: [101, 102], published: 100)! - 0.02) < 1e-15)
        #expect(CellVerdict.smallestMargin(interval: [-3, -1], published: -2) == 0.5)
        #expect(CellVerdict.smallestMargin(interval: [1, 2], published: 0) == nil)
        #expect(CellVerdict.smallestMargin(interval: [2, 1], published: 1) == nil)
        let interval = [5_195.5, 5_230.25], published = 5_257.0
        let margin = try #require(CellVerdict.smallestMargin(interval: interval, published: published))
        #expect(CellVerdict.of(interval: interval, published: published, tolerance: margin) == .reproduced)
        #expect(CellVerdict.of(interval: interval, published: published, tolerance: margin * 0.999) == .inconclusive)
    }

    @Test("every cell of the committed results recomputes from its per-seed values, bit for bit")
    func recomputed() throws {
        let results = try ReportTests.results.get()
        var cells = 0
        for table in results.tables.values {
            for row in table.rows {
                for (column, spread) in row.reproduced {
                    let values = try #require(spread.values, "\(row.experiment) \(column) has no values")
                    #expect(spread.valueSeeds?.count == values.count && values.count == spread.seeds)
                    #expect(Set(spread.valueSeeds ?? []).isSubset(of: Set(row.seeds)))
                    let again = Spread(values)
                    #expect(
                        again.median == spread.median && again.mean == spread.mean && again.sd == spread.sd
                            && again.confidenceInterval == spread.confidenceInterval
                            && again.predictionInterval == spread.predictionInterval, "\(row.experiment) \(column)")
                    cells += 1
                }
            }
        }
        #expect(cells >= 18 * 4, "only \(cells) cells carry values")
        let headline = try #require(results.headline.reproduced["val_mse"])
        #expect(headline.values.map(Spread.init)?.mean == headline.mean)
    }

    @Test("make check recomputes a cell from its seeds' values: an edited value fails it, naming the cell")
    func checkRecomputes() throws {
        let results = try ReportTests.results.get(), pipeline = try ReportTests.pipeline.get()
        let row = try #require(results.tables["activation"]?.rows.first)
        let stored = try #require(row.reproduced["val_mse"]), published = try #require(row.published["val_mse"]?.number)
        let tolerance = try #require(row.tolerance["val_mse"]), verdict = try #require(stored.verdict)
        let design = pipeline.design(of: row.experiment)
        #expect(
            Checks.cellFailure(
                "cell", stored, published: published, tolerance: tolerance, design: design, expected: verdict) == nil)
        var edited = stored
        edited.values![0] += 1
        let failure = Checks.cellFailure(
            "cell", edited, published: published, tolerance: tolerance, design: design, expected: verdict)
        #expect(failure?.hasPrefix("cell: the stored mean and standard deviation are not its seeds' values'") == true)
        edited.values = Array(stored.values!.dropLast())
        #expect(
            Checks.cellFailure(
                "cell", edited, published: published, tolerance: tolerance, design: design, expected: verdict)
                == "cell: 9 seed values for 10 seeds, so not shown to reproduce")
    }

    @Test("a cell's other experiments are those whose runs the same margin reproduces, never its own")
    func alsoReproduced() throws {
        let results = try ReportTests.results.get(), pipeline = try ReportTests.pipeline.get()
        let candidates = CellMargins.candidates(pipeline)
        var byExperiment: [String: ReportResults.Row] = [:]
        for table in results.tables.values { for row in table.rows { byExperiment[row.experiment] = row } }
        for table in results.tables.values {
            for row in table.rows {
                for (column, tolerance) in row.tolerance {
                    let others = try #require(row.alsoReproducedBy?[column])
                    #expect(!others.contains(row.experiment) && Set(others).isSubset(of: Set(candidates)))
                    let published = try #require(row.published[column]?.number)
                    // Recomputed from the other rows' own statistics, at their own level, where a table
                    // holds them.
                    for other in candidates where other != row.experiment {
                        guard let spread = byExperiment[other]?.reproduced[column] else { continue }
                        let passes =
                            spread.judged(
                                published: published, tolerance: tolerance, alpha: pipeline.design(of: other).alpha
                            ).verdict == .reproduced
                        #expect(others.contains(other) == passes, "\(row.experiment) \(column): \(other)")
                    }
                }
            }
        }
    }
}

/// A report conclusion judged again on the committed runs, its seeds split in two.
@Suite("Re-seeding a real claim")
struct ReseedingTests {
    @Test("Table 4's conclusion, judged on seeds 0-24 and on seeds 25-49 of the committed runs, agrees")
    func encodingClaim() throws {
        let results = try ReportTests.results.get(), pipeline = try ReportTests.pipeline.get()
        let claim = try #require(pipeline.tables.conclusions.claims.first { $0.id == "encoding-cuts-error-threefold" })
        let encoded = try #require(results.tables["preprocessing"]?.rows[0].reproduced["val_mse"]?.values)
        let raw = try #require(results.tables["preprocessing"]?.rows[1].reproduced["val_mse"]?.values)
        // Both experiments grew to 50 seeds (their cells were undecided at 10): two disjoint halves.
        try #require(encoded.count == 50 && raw.count == 50)
        func judged(_ seeds: Range<Int>) -> (Double, [Double], ConclusionVerdict) {
            let runs = [
                "encoded": seeds.map { ["val_mse": encoded[$0]] }, "raw": seeds.map { ["val_mse": raw[$0]] }
            ]
            let (probability, estimate, verdict, _) = claim.judge(runs, references: .init())
            return (probability, estimate?.bounds ?? [], verdict)
        }
        let first = judged(0..<25), second = judged(25..<50)
        print("re-seeding encoding-cuts-error-threefold: seeds 0-24 \(first), seeds 25-49 \(second)")
        #expect(first.2 == second.2)
        // All 50 seeds together bound it tighter than either half, as more runs must.
        let all = judged(0..<50)
        #expect(all.1[0] >= first.1[0] && all.1[0] >= second.1[0])
    }
}
