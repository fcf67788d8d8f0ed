import Artifacts
import BikeModel
import Foundation
import Statistics
import Testing

@Suite("The network's updates")
struct GradientTests {
    /// A network with weights on [-1, 1) so every activation's both sides are exercised.
    static func network(q: Int = 3, seed: UInt64 = 7) -> Network {
        var random = SeededGenerator(seed: seed)
        return Network(
            hiddenUnits: q,
            parameters: (0..<Network.parameterCount(hiddenUnits: q)).map { _ in 2 * random.nextUnit() - 1 })
    }

    static func table(_ rows: [([Double], Double)]) -> FeatureTable {
        FeatureTable(features: rows.flatMap(\.0), counts: rows.map(\.1))
    }

    static let x: [Double] = [0.72, 0, 0.55, 0.43, 1.44, 1.42, 1.41, 1.55, 0.24, 0.2879, 0.81, 0.1]

    /// The update one BGD epoch with eta = 1 makes on a single example.
    static func update(_ network: Network, _ x: [Double], _ y: Double, _ activation: Activation) -> [Double] {
        var trained = network
        trained.trainEpoch(table([(x, y)]), activation: activation, method: .bgd, learningRate: 1, batchSize: 1)
        return zip(trained.parameters, network.parameters).map { $0 - $1 }
    }

    @Test(
        "each update is minus the gradient of the squared error, checked by finite differences",
        arguments: Activation.allCases)
    func finiteDifferences(activation: Activation) throws {
        let network = Self.network()
        let beta = network.beta(Self.x, activation: activation)
        try #require(beta > 0, "the output must be active for the update to flow")
        let y = 500.0
        // The update carries g = y - round(beta); rescaled to y - beta it is -dE/dp for E = (y - beta)^2 / 2.
        let g = y - beta.rounded(.toNearestOrEven)
        let update = Self.update(network, Self.x, y, activation)
        for index in network.parameters.indices {
            let h = 1e-5
            var plus = network, minus = network
            plus.parameters[index] += h
            minus.parameters[index] -= h
            let error = { (n: Network) in 0.5 * pow(y - n.beta(Self.x, activation: activation), 2) }
            let numeric = -(error(plus) - error(minus)) / (2 * h)
            let analytic = update[index] / g * (y - beta)
            // Central differences of an error near 1e5 carry rounding noise near 1e-6.
            #expect(
                abs(numeric - analytic) <= 1e-4 + 1e-7 * abs(numeric),
                "parameter \(index): numeric \(numeric), analytic \(analytic)")
        }
    }

    @Test("one SGD epoch on two rows, worked by hand")
    func sgdByHand() {
        // q = 1, relu. Row 1: x0 = 1, y = 10. Row 2: x1 = 1, y = 0.
        var x1 = [Double](repeating: 0, count: 12), x2 = x1
        x1[0] = 1
        x2[1] = 1
        // v[0][0] = 0.5, v[1][0] = 0, gamma = 0.5, w = 2, theta = 1.
        var network = Network(hiddenUnits: 1, parameters: [0.5] + [Double](repeating: 0, count: 11) + [0.5, 2, 1])
        network.trainEpoch(
            Self.table([(x1, 10), (x2, 0)]), activation: .relu, method: .sgd, learningRate: 0.01, batchSize: 1)
        // Row 1: alpha = 1, b = 1, beta = 3, g = 10 - 3 = 7, e = 1 * 2 * 7 = 14.
        //   w = 2.07, theta = 1.07, v[0][0] = 0.64, gamma = 0.64.
        // Row 2: alpha = 0.64, b = 0.64, beta = 2.07 * 0.64 + 1.07 = 2.3948 -> 2, g = -2, e = 2.07 * -2 = -4.14.
        //   w = 2.07 - 0.0128 = 2.0572, theta = 1.05, v[1][0] = -0.0414, gamma = 0.5986.
        let expected: [Double] = [0.64, -0.0414] + [Double](repeating: 0, count: 10) + [0.5986, 2.0572, 1.05]
        for (actual, wanted) in zip(network.parameters, expected) { #expect(abs(actual - wanted) < 1e-12) }
    }

    static let rows: [([Double], Double)] = (0..<7).map { (row: Int) -> ([Double], Double) in
        let scale = 0.5 + 0.1 * Double(row)
        return (x.map { $0 * scale }, Double(40 + 90 * row))
    }

    @Test("BGD is the mean of the per-row updates", arguments: Activation.allCases)
    func bgdIsMean(activation: Activation) {
        let network = Self.network()
        let perRow = Self.rows.map { Self.update(network, $0.0, $0.1, activation) }
        var trained = network
        trained.trainEpoch(Self.table(Self.rows), activation: activation, method: .bgd, learningRate: 1, batchSize: 1)
        for index in network.parameters.indices {
            let mean = perRow.map { $0[index] }.reduce(0, +) / Double(Self.rows.count)
            #expect(abs(trained.parameters[index] - network.parameters[index] - mean) < 1e-9)
        }
    }

    @Test("MGD with a batch of n is BGD; with a batch of 1 it is SGD", arguments: Activation.allCases)
    func mgdBetween(activation: Activation) {
        let data = Self.table(Self.rows), start = Self.network()
        func epoch(_ method: GradientDescent, batch: Int) -> Network {
            var network = start
            network.trainEpoch(data, activation: activation, method: method, learningRate: 1e-4, batchSize: batch)
            return network
        }
        #expect(epoch(.mgd, batch: Self.rows.count) == epoch(.bgd, batch: 1))
        #expect(epoch(.mgd, batch: 1000) == epoch(.bgd, batch: 1))
        for (a, b) in zip(epoch(.mgd, batch: 1).parameters, epoch(.sgd, batch: 1).parameters) {
            #expect(abs(a - b) < 1e-12)
        }
        #expect(epoch(.mgd, batch: 3) != epoch(.bgd, batch: 1))
    }

    @Test("predictions are whole, non-negative counts")
    func rounding() {
        #expect(predictedCount(beta: -3.7) == 0)
        #expect(predictedCount(beta: 2.5) == 2)
        #expect(predictedCount(beta: 3.5) == 4)
        #expect(predictedCount(beta: 41.2) == 41)
        let metrics = Metrics(predictions: [1, 3], counts: [2, 6])
        #expect(metrics.mse == 5 && metrics.mae == 2 && metrics.rmse == 5.0.squareRoot())
        #expect(abs(metrics.r2 - (1 - 10.0 / 8.0)) < 1e-15)
    }

    @Test(
        "one parameter layout: the offsets METHOD.md's order implies, and the model file's weights land where it says")
    func layout() throws {
        let layout = ParameterLayout(hiddenUnits: 5)
        #expect(Feature.count == 12 && ParameterLayout.inputs == 12)
        #expect(layout.count == 71 && Network.parameterCount(hiddenUnits: 5) == 71)
        #expect(layout.v(0, 0) == 0 && layout.v(11, 0) == 11 && layout.v(0, 1) == 12 && layout.v(3, 4) == 51)
        #expect(layout.gamma == 60 && layout.w == 65 && layout.theta == 70)
        // A model's weights, written and read back through the layout, are the same network.
        let network = Network(hiddenUnits: 5, seed: 3)
        let weights = ModelFile.Weights(network)
        #expect(weights.inputToHidden[3][4] == network.parameters[layout.v(3, 4)])
        #expect(
            weights.hiddenBias == Array(network.parameters[60..<65]) && weights.outputBias == network.parameters[70])
    }
}
