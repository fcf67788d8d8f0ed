import Foundation
import Statistics
import Testing

/// Contrasts of configuration means, their intervals against a claimed region, and what keeps a
/// verdict open: each against a value computed another way.
@Suite("conclusions on means and the causes of an open verdict")
struct MeanComparisonTests {
    @Test("Welch's degrees of freedom and standard error match the textbook formula")
    func welch() {
        // a: mean 10, sd 2, n 10; b: mean 12, sd 4, n 10. Var terms 0.4 and 1.6: se √2,
        // df = 2² / (0.4²/9 + 1.6²/9) = 4 / 0.30222 = 13.2, rounded down.
        let a = Sample([8, 12, 8, 12, 8, 12, 8, 12, 10.0, 10]), b = Sample([8, 16, 8, 16, 8, 16, 8, 16, 12.0, 12])
        let d = MeanContrast.difference(b, minus: a)
        #expect(abs(d.estimate - 2) < 1e-12)
        let seA = a.sd / 10.0.squareRoot(), seB = b.sd / 10.0.squareRoot()
        #expect(abs(d.standardError - (seA * seA + seB * seB).squareRoot()) < 1e-12)
        let df = pow(seA * seA + seB * seB, 2) / (pow(seA, 4) / 9 + pow(seB, 4) / 9)
        #expect(d.degreesOfFreedom == Int(df))
    }

    @Test("the tolerance factor for 95% of runs at 95% confidence: 3.38 from 10 seeds, 2.55 from 30")
    func tolerance() {
        // The two-sided normal tolerance factors tabulated in the NIST/SEMATECH e-Handbook of
        // Statistical Methods, 7.2.6.3 (Howe's method): 3.379 at n = 10 and 2.549 at n = 30.
        #expect(abs(MeanContrast.toleranceFactor(content: 0.95, seeds: 10, alpha: 0.05) - 3.379) < 0.02)
        #expect(abs(MeanContrast.toleranceFactor(content: 0.95, seeds: 30, alpha: 0.05) - 2.549) < 0.02)
        // It tends to the normal quantile, 1.96, never below it.
        #expect(MeanContrast.toleranceFactor(content: 0.95, seeds: 100_000, alpha: 0.05) > 1.959)
    }

    @Test("an interval inside its region holds, outside fails, across an edge says how many seeds would decide")
    func regions() {
        let tight = MeanContrast(estimate: 0.5, standardError: 0.05, degreesOfFreedom: 18, seeds: 10, content: nil)
        #expect(RegionVerdict.judge(tight, region: 0...1, alphaInside: 0.01, alphaOutside: 0.01).outcome == .inside)
        #expect(RegionVerdict.judge(tight, region: 2...3, alphaInside: 0.01, alphaOutside: 0.01).outcome == .outside)
        let wide = MeanContrast(estimate: 0.8, standardError: 0.1, degreesOfFreedom: 18, seeds: 10, content: nil)
        let open = RegionVerdict.judge(wide, region: 0...1, alphaInside: 0.01, alphaOutside: 0.01)
        #expect(open.outcome == .open && !open.runNoise)
        // Half-width t(0.99; 18) · 0.1 = 0.2552, distance 0.2: 10 · (0.2552 / 0.2)² = 16.3 → 17.
        #expect(open.seedsToDecide == 17)
        let edge = MeanContrast(estimate: 1, standardError: 0.1, degreesOfFreedom: 18, seeds: 10, content: nil)
        #expect(RegionVerdict.judge(edge, region: 0...1, alphaInside: 0.01, alphaOutside: 0.01).seedsToDecide == nil)
    }

    @Test("runs whose own spread is wider than the region are open at any number of seeds")
    func runsWiderThanTheRange() {
        let runs = MeanContrast.runs(Sample([100, 104, 96, 102, 98, 100, 103, 97, 101, 99]), content: 0.95)
        let narrow = RegionVerdict.judge(runs, region: 97...103, alphaInside: 0.05, alphaOutside: 0.05)
        #expect(narrow.outcome == .open && narrow.runNoise && narrow.seedsToDecide == nil)
        let roomy = RegionVerdict.judge(runs, region: 90...110, alphaInside: 0.05, alphaOutside: 0.05)
        #expect(roomy.outcome == .inside)
    }

    @Test("a cell stays open for the published run's noise, for a mean on the edge, or for seeds")
    func cellCauses() {
        // Margin ±1% of 1,000: ±10. z(0.95) · 8 = 13.2 ≥ 10: no number of seeds.
        #expect(
            Spread.openCause(mean: 1_002, sd: 8, seeds: 10, published: 1_000, tolerance: 0.01, alpha: 0.05).0
                == .runNoise)
        // sd 3: z sd = 4.9; mean 6 away: 6 + 4.9 > 10 and 6 − 4.9 < 10: on the margin's edge.
        #expect(
            Spread.openCause(mean: 1_006, sd: 3, seeds: 10, published: 1_000, tolerance: 0.01, alpha: 0.05).0
                == .onTheMargin)
        // sd 3, mean 2 away: reproduced once t(0.95; n − 1) · 3 · √(1 + 1/n) < 8.
        let (cause, seeds) = Spread.openCause(
            mean: 1_002, sd: 3, seeds: 3, published: 1_000, tolerance: 0.01, alpha: 0.05)
        #expect(cause == .seeds)
        let n = seeds ?? 0
        let half = { (n: Int) in StudentT.quantile(0.95, degreesOfFreedom: n - 1) * 3 * (1 + 1 / Double(n)).squareRoot()
        }
        #expect(n > 3 && half(n) < 8 && half(n - 1) >= 8)
    }
}
