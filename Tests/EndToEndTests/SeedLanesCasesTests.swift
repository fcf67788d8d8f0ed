import BikeModel
import TestSupport
import Testing

/// SGD seeds in lanes against each seed alone, in every case that differs in how a lane ends: some
/// 30 s of the debug build, so `make test` runs only the first (BikeModelTests/SeedLanesTests).
@Suite("SGD seeds in the lanes of a vector, every case")
struct SeedLanesCasesTests {
    @Test(
        "2, 5 and 8 seeds in lanes give each seed train's own run: early stopped apart, guarded, dead units, a wild rate",
        arguments: [
            (Activation.elu, Exponential.exact, 2e-6, true, 0.0),
            (.tanh, .guarded, 2e-6, true, 0.005),
            (.sigmoid, .exact, 1e-5, false, 0.0),
            (.relu, .exact, 1e-5, true, 0.0),
            (.elu, .guarded, 1e-4, true, 0.0),
            (.elu, .exact, 1, true, 0.0)
        ])
    func lanesAgree(
        activation: Activation, exponential: Exponential, learningRate: Double, earlyStopping: Bool,
        minImprovement: Double
    ) throws {
        try Fixtures.expectSeedLanesAgree(
            activation: activation, exponential: exponential, learningRate: learningRate,
            earlyStopping: earlyStopping, minImprovement: minImprovement)
    }
}
