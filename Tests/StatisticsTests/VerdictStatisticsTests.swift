// The Statistics module through its public API alone: what a reader of STATISTICS.md would call.
import Foundation
import Statistics
import Testing

/// Normal draws from a seeded generator (Box–Muller), for the simulations below.
struct NormalDraws {
    var random: SeededGenerator
    init(seed: UInt64) { random = SeededGenerator(seed: seed) }
    mutating func next(mean: Double, sd: Double) -> Double {
        let u = 1 - random.nextUnit(), v = random.nextUnit()
        return mean + sd * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
    mutating func next(_ count: Int, mean: Double, sd: Double) -> [Double] {
        (0..<count).map { _ in next(mean: mean, sd: sd) }
    }
}

@Suite("the verdicts' statistics, against values computed independently")
struct VerdictStatisticsTests {
    @Test(
        "Pocock's constants match his 1977 table (two-sided 5%, so each side 2.5%)",
        arguments: [(2, 2.178), (3, 2.289), (4, 2.361), (5, 2.413)])
    func pocock(looks: Int, table: Double) {
        #expect(abs(Pocock.constant(looks: looks, alpha: 0.025) - table) < 0.002)
    }

    @Test("one look is the plain one-sided test; more looks test each at a smaller level")
    func nominalLevels() {
        #expect(Pocock.nominalLevel(looks: 1, alpha: 0.05) == 0.05)
        let five = Pocock.nominalLevel(looks: 5, alpha: 0.05)
        // Jennison and Turnbull (2000), Table 2.1: C_P(5, α = 0.10) = 2.122, so 1 − Φ(2.122).
        #expect(abs(five - normalSurvival(2.122)) < 0.0003)
        #expect(SequentialSeeds(firstSeeds: 10, maxSeeds: 50).looks == 5)
        #expect(SequentialSeeds(firstSeeds: 10, maxSeeds: 10).alpha == 0.05)
    }

    @Test("Holm's adjusted p-values, worked by hand")
    func holm() {
        // Sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04 → kept non-decreasing.
        let adjusted = Holm.adjusted([0.01, 0.04, 0.03, 0.005])
        #expect(zip(adjusted, [0.03, 0.06, 0.06, 0.02]).allSatisfy { abs($0 - $1) < 1e-15 })
        // 0.5 × 2 caps at 1, and 0.9 × 1 is raised to it.
        #expect(Holm.adjusted([0.5, 0.9]) == [1, 1])
    }

    @Test("DerSimonian–Laird: the estimate, its interval, τ² and I² as the formulas give them (numpy)")
    func randomEffects() throws {
        let estimate = try #require(
            RandomEffects(effects: [0.01, -0.004, 0.02, 0.003, 0.012], variances: [1e-5, 4e-6, 9e-6, 2e-5, 5e-6]))
        #expect(abs(estimate.shift - 0.008203446667805267) < 1e-12)
        #expect(abs(estimate.standardError - 0.004613608073945329) < 1e-12)
        #expect(abs(estimate.tau2 - 9.711527165932453e-05) < 1e-15)
        #expect(abs(estimate.q - 55.66835937500001) < 1e-9)
        #expect(abs(estimate.i2 - 0.9281458975096659) < 1e-12)
        #expect(abs(estimate.confidenceInterval[0] - -0.0008390589959107846) < 1e-9)
        // Homogeneous effects: no between-number variance, and no heterogeneity.
        let same = try #require(RandomEffects(effects: [0.01, 0.01, 0.01], variances: [1e-4, 1e-4, 1e-4]))
        #expect(same.tau2 == 0 && same.i2 == 0)
        #expect(RandomEffects(effects: [0.01], variances: [1e-4]) == nil)
    }

    @Test("Clopper–Pearson bounds match scipy's beta quantiles and the closed forms at the ends")
    func clopperPearson() {
        // 19 of 20, two-sided 95%: scipy.stats.beta.ppf(0.025, 19, 2) and beta.ppf(0.975, 20, 1).
        #expect(abs(ClopperPearson.lower(successes: 19, trials: 20, level: 0.975) - 0.7512672372279722) < 1e-9)
        #expect(abs(ClopperPearson.upper(successes: 19, trials: 20, level: 0.975) - 0.9987349105020502) < 1e-9)
        // All n succeed: the lower bound is (1 − level)^(1/n); none: the upper is 1 − (1 − level)^(1/n).
        #expect(abs(ClopperPearson.lower(successes: 10, trials: 10) - pow(0.05, 0.1)) < 1e-12)
        #expect(abs(ClopperPearson.upper(successes: 0, trials: 10) - (1 - pow(0.05, 0.1))) < 1e-12)
        #expect(abs(Beta.cdf(0.3, a: 2.5, b: 4.2) - 0.37411551802650667) < 1e-12)
        #expect(abs(Beta.cdf(0.8, a: 7.3, b: 1.1) - 0.2236179743900371) < 1e-12)
        #expect(ClaimProbability.runsToHold == 59)
    }

    @Test("a claim every seed supports is bounded by its fewest seeds; one configuration is the binomial case")
    func claimBounds() {
        let ten = (0..<10).map(Double.init), fifty = (0..<50).map(Double.init)
        let always = RunBootstrap.estimate([ten, fifty]) { $0[0] < 100 && $0[1] < 100 }
        #expect(always.probability == 1 && always.effectiveRuns == 10)
        #expect(abs(always.bounds[0] - pow(0.05, 0.1)) < 1e-12 && always.verdict == .inconclusive)
        // 15 of 20 seeds below 15: the U-statistic is the share, its variance p(1 − p)/(n − 1).
        let share = RunBootstrap.estimate([(0..<20).map(Double.init)]) { $0[0] < 15 }
        #expect(share.probability == 0.75 && abs(share.effectiveRuns - 19) < 1e-9)
        #expect(share.bounds == ClaimProbability.bounds(probability: 0.75, effectiveRuns: share.effectiveRuns))
        #expect(RunBootstrap.estimate([ten]) { $0[0] > 100 }.verdict == .inconclusive)
        let never = RunBootstrap.estimate([fifty, fifty, fifty]) { _ in false }
        #expect(never.bounds[1] < 0.06 && never.verdict == .inconclusive)
        let many = (0..<100).map(Double.init)
        #expect(RunBootstrap.estimate([many]) { _ in false }.verdict == .doesNotHold)
    }

    /// Ten seeds, then ten more while the cell is undecided and could still be decided, up to 50,
    /// as `train --settle` does; the published run and ours normal with the same sd, our mean on
    /// the margin's lower edge. The share called reproduced is the wrong-verdict rate.
    func wrongReproduced(sdOverMargin: Double, alpha: Double?, simulations: Int, seed: UInt64) -> Double {
        let margin = 0.01, published = 1.0, sd = sdOverMargin * margin * published
        let design = SequentialSeeds(firstSeeds: 10, maxSeeds: 50)
        let level = alpha ?? design.alpha
        var draws = NormalDraws(seed: seed), wrong = 0
        for _ in 0..<simulations {
            let printed = draws.next(mean: published, sd: sd)
            var values = draws.next(10, mean: published * (1 - margin), sd: sd)
            while true {
                let spread = Spread(values)
                if spread.judged(published: printed, tolerance: margin, alpha: level).verdict == .reproduced {
                    wrong += 1
                    break
                }
                guard
                    alpha == nil
                        ? design.wantsMoreSeeds(spread, published: printed, tolerance: margin)
                        : spread.judged(published: printed, tolerance: margin, alpha: level).verdict == .inconclusive
                            && values.count < 50
                else { break }
                values += draws.next(10, mean: published * (1 - margin), sd: sd)
            }
        }
        return Double(wrong) / Double(simulations)
    }

    @Test("adding seeds at Pocock's level keeps a wrong 'reproduced' at the margin's edge at most 5.5%")
    func sequentialSeeds() {
        for (sdOverMargin, seed) in [(0.1, 1 as UInt64), (0.25, 2)] {
            let pocock = wrongReproduced(sdOverMargin: sdOverMargin, alpha: nil, simulations: 2_000, seed: seed)
            let naive = wrongReproduced(sdOverMargin: sdOverMargin, alpha: 0.05, simulations: 2_000, seed: seed)
            print(
                "sequential seeds, sd = \(sdOverMargin) × margin: wrong 'reproduced' \(pocock) at Pocock's level, \(naive) at 5% each look"
            )
            #expect(pocock <= 0.055)
            // Without the boundary, the same looks exceed it: what the boundary is for.
            #expect(naive > 0.055)
        }
    }

    @Test("re-seeding: one claim judged on two disjoint sets of seeds agrees with itself")
    func reseeding() {
        // "A is below B", one run each, with B's mean 1, 3 or 6 sds above A's; 50 seeds a set.
        var draws = NormalDraws(seed: 7)
        var agreed = 0, total = 0, wrongHolds = 0
        for gap in [1.0, 3.0, 6.0] {
            for _ in 0..<40 {
                let sets = (0..<2).map { _ in [draws.next(50, mean: 0, sd: 1), draws.next(50, mean: gap, sd: 1)] }
                let verdicts = sets.map { RunBootstrap.estimate($0) { $0[0] < $0[1] }.verdict }
                total += 1
                if verdicts[0] == verdicts[1] { agreed += 1 }
                // P(A < B) = Φ(gap/√2): 0.76 and 0.98 at gaps 1 and 3, below 0.95 only at 1.
                if gap == 1 { wrongHolds += verdicts.filter { $0 == .holds }.count }
            }
        }
        print("re-seeding: \(agreed) of \(total) claims judged alike on two disjoint sets of 50 seeds")
        #expect(wrongHolds == 0)
        #expect(agreed >= total * 3 / 4)
    }
}
