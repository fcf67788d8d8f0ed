import Foundation
import Statistics
import Testing

@Suite("seed statistics, verdicts and the bootstrap")
struct StatisticsTests {
    @Test(
        "t quantiles match the printed tables to six digits",
        arguments: [
            // (p, degrees of freedom, t from a table of Student's t)
            (0.95, 1, 6.313752), (0.975, 1, 12.706205), (0.975, 2, 4.302653), (0.95, 4, 2.131847), (0.975, 4, 2.776445),
            (0.95, 9, 1.833113), (0.975, 9, 2.262157), (0.95, 19, 1.729133), (0.975, 19, 2.093024),
            (0.95, 49, 1.676551), (0.975, 49, 2.009575)
        ])
    func quantiles(p: Double, nu: Int, table: Double) {
        #expect(abs(StudentT.quantile(p, degreesOfFreedom: nu) - table) < 5e-6)
    }

    @Test("the t cdf: one degree of freedom is the Cauchy law, and many approach the normal")
    func cdf() {
        for t in [-3.0, -0.5, 0, 0.7, 4] {
            #expect(abs(StudentT.cdf(t, degreesOfFreedom: 1) - (0.5 + atan(t) / .pi)) < 1e-15)
        }
        #expect(abs(StudentT.cdf(1.959964, degreesOfFreedom: 10_000) - 0.975) < 2e-5)
        #expect(StudentT.cdf(0, degreesOfFreedom: 7) == 0.5)
    }

    @Test("intervals of 1, 2, 3, 4, 5 worked by hand")
    func handWorked() {
        // mean 3, sd √2.5 = 1.5811388; t(0.95; 4) = 2.1318468, t(0.975; 4) = 2.7764451
        let s = Spread([1, 2, 3, 4, 5])
        #expect(s.seeds == 5 && s.mean == 3 && s.median == 3)
        #expect(abs(s.sd! - 1.5811388) < 1e-7)
        let ci = s.confidenceInterval!, pi = s.predictionInterval!
        #expect(abs(ci[0] - (3 - 2.1318468 * 1.5811388 / 5.0.squareRoot())) < 1e-6)  // 1.4925
        #expect(abs(ci[1] - 4.5074) < 1e-4)
        #expect(abs(pi[0] - (3 - 2.7764451 * 1.5811388 * 1.2.squareRoot())) < 1e-6)  // -1.8090
        #expect(abs(pi[1] - 7.8090) < 1e-4)
        // One value: no interval, and so never a verdict of reproduced.
        let one = Spread([5257]).judged(published: 5257, tolerance: 0.08)
        #expect(one.confidenceInterval == nil && one.verdict == .inconclusive && one.consistentWithOneRun == nil)
        // The check's recomputation from mean, sd and n gives the same intervals.
        let again = Spread(mean: 3, sd: s.sd!, seeds: 5)
        #expect(again.confidenceInterval == ci && again.predictionInterval == pi)
    }

    @Test("the equivalence verdict: inside the margin, outside it, or across an edge")
    func verdicts() {
        // published 100, ±8%: the margin is 92...108
        #expect(CellVerdict.of(interval: [95, 105], published: 100, tolerance: 0.08) == .reproduced)
        #expect(CellVerdict.of(interval: [108.5, 120], published: 100, tolerance: 0.08) == .notReproduced)
        #expect(CellVerdict.of(interval: [80, 91], published: 100, tolerance: 0.08) == .notReproduced)
        #expect(CellVerdict.of(interval: [104, 109], published: 100, tolerance: 0.08) == .inconclusive)
        // A wide spread around the published value is no evidence of agreement.
        #expect(CellVerdict.of(interval: [60, 140], published: 100, tolerance: 0.08) == .inconclusive)
        let wide = Spread([60, 140, 100, 70, 130]).judged(published: 100, tolerance: 0.08)
        #expect(wide.verdict == .inconclusive && wide.consistentWithOneRun == true)
        let tight = Spread([104, 104.1, 103.9, 104.05, 103.95]).judged(published: 100, tolerance: 0.08)
        #expect(tight.verdict == .reproduced && tight.consistentWithOneRun == false)
    }

    @Test("the bootstrap probability that a run of A beats a run of B, exactly")
    func bootstrap() {
        // Pairs (a, b) with a < b: 1<2.5, 2<2.5, 1<4, 2<4, 3<4 = 5 of 6.
        let beats = RunBootstrap.probability([[1.0, 2, 3], [2.5, 4]]) { (r: [Double]) in r[0] < r[1] }
        #expect(beats == 5.0 / 6)
        // The first of three configurations lowest: only with a run of 1 against (2, 3) or (6, 3): 2 of 8.
        let p = RunBootstrap.probability([[1.0, 5], [2.0, 6], [3.0, 0]]) { (r: [Double]) in r[0] < r[1] && r[0] < r[2] }
        #expect(p == 2.0 / 8)
        #expect(ConclusionVerdict(bounds: [0.95, 1]) == .holds)
        #expect(ConclusionVerdict(bounds: [0.2, 0.99]) == .inconclusive)
        #expect(ConclusionVerdict(bounds: [0, 0.05]) == .doesNotHold)
        // Above the exact limit, seeded draws: the same answer every time, close to the exact one.
        let many = (0..<1_001).map(Double.init)
        let claim = { (r: [Double]) in r[0] < r[1] && r[2] < r[1] }
        let drawn = RunBootstrap.probability([many, many, [500]], claim)
        #expect(drawn == RunBootstrap.probability([many, many, [500]], claim))
        // Exactly: the sum over b of 501 to 1000 of b / 1001², 0.37450.
        #expect(abs(drawn - 0.37450) < 0.005)
    }
}
