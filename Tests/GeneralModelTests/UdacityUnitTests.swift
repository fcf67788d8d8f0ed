import Testing

@testable import GeneralModel

/// The Udacity notebook's own unit tests, run against the declared network: 3 inputs, 2
/// sigmoid hidden units, one identity output, no biases, learning rate 0.5, one record.
@Suite("Udacity's unit tests, on the declared network")
struct UdacityUnitTests {
    static let record: [Double] = [0.5, -0.2, 0.1]
    static let target = 0.4

    /// The notebook's starting weights, input by input (numpy's `inputs × units` rows).
    static func network() -> LayeredNetwork {
        LayeredNetwork(
            widths: [3, 2, 1], activations: [.sigmoid, .identity], biases: false,
            parameters: [0.1, -0.2, 0.4, 0.5, -0.3, 0.2] + [0.3, -0.1])
    }

    static func data() -> EncodedData {
        EncodedData(
            inputCount: 3, inputs: record, targets: [target], counts: [target], training: [0], validation: [0],
            test: [], targetMean: 0, targetSD: 1, wholeCounts: false)
    }

    @Test("the activation is the logistic sigmoid")
    func sigmoid() {
        #expect(abs(UnitFunction.sigmoid.valueAndSlope(0.5).value - 1 / (1 + 0.6065306597126334)) < 1e-15)
    }

    @Test("the untrained network's output on the record")
    func run() {
        #expect(abs(Self.network().output(Self.record[...]) - 0.09998924) < 1e-8)
    }

    @Test("one training step moves both weight matrices to the notebook's values")
    func train() {
        var network = Self.network()
        network.step(Self.data(), batch: [0], learningRate: 0.5)
        let expected = [
            0.10562014, -0.20185996, 0.39775194, 0.50074398, -0.29887597, 0.19962801, 0.37275328, -0.03172939
        ]
        for (got, want) in zip(network.parameters, expected) { #expect(abs(got - want) < 1e-8) }
    }
}
