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

@Suite("The declared family's draws and splits")
struct DeclaredDrawTests {
    @Test("unit by unit fills the same layout as input by input, transposed")
    func weightOrder() {
        var a = WeightGenerator(.project, seed: 7), b = WeightGenerator(.project, seed: 7)
        let inputMajor = InitialWeights.uniform(low: 0, high: 1).draw(widths: [2, 3, 1], biases: true, &a)
        let unitMajor = InitialWeights.uniform(low: 0, high: 1).draw(
            widths: [2, 3, 1], biases: true, order: .unitMajor, &b)
        // Layer 0: draws d0…d5 land at [i * 3 + j]; unit-major draws unit j's inputs in turn.
        #expect(unitMajor[0] == inputMajor[0] && unitMajor[3] == inputMajor[1] && unitMajor[1] == inputMajor[2])
        #expect(unitMajor[6...] == inputMajor[6...])
    }

    @Test("the splits: interleaved, the first share, from the end, and every row")
    func splits() {
        #expect(RowSplit.interleaved(trainShare: 75).parts(rowCount: 200).training.count == 150)
        #expect(RowSplit.first(percent: 80).parts(rowCount: 10).validation == [8, 9])
        let end = RowSplit.fromEnd(test: 2, validation: 3).parts(rowCount: 10)
        #expect(end.training == Array(0..<5) && end.validation == Array(5..<8) && end.test == [8, 9])
        let all = RowSplit.all.parts(rowCount: 4)
        #expect(all.training == all.validation && all.test.isEmpty)
    }
}
