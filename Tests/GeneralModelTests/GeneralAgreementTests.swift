import BikeModel
import TestSupport
import Testing

@testable import GeneralModel

/// The report's network declared in the family's terms runs the plain loop; the report's own
/// fast loops must give the same weights, to rounding.
@Suite("The declared family agrees with the report's fast network")
struct GeneralAgreementTests {
    /// The report's network (12 encoded inputs, q elu units, a ReLU output, biases) with the
    /// weights `Network(seed:)` draws, in the family's order.
    static func declared(_ network: Network) -> LayeredNetwork {
        let q = network.hiddenUnits
        var parameters: [Double] = []
        for i in 0..<Network.inputs { for h in 0..<q { parameters.append(network.v(i, h)) } }
        parameters += Array(network.gamma) + Array(network.w) + [network.theta]
        return LayeredNetwork(
            widths: [Network.inputs, q, 1], activations: [.elu(a: Activation.eluAlpha), .relu], biases: true,
            parameters: parameters)
    }

    static func data(_ training: FeatureTable, _ validation: FeatureTable) -> EncodedData {
        let nt = training.rowCount, nv = validation.rowCount
        return EncodedData(
            inputCount: Network.inputs, inputs: training.features + validation.features,
            targets: training.counts + validation.counts, counts: training.counts + validation.counts,
            training: Array(0..<nt), validation: Array(nt..<(nt + nv)), test: [], targetMean: 0, targetSD: 1,
            wholeCounts: true)
    }

    @Test(
        "one epoch of SGD, MGD and BGD on the report's split: the same weights and validation MSE",
        arguments: [(GradientDescent.sgd, 1), (.mgd, 100), (.bgd, 0)])
    func oneEpoch(method: GradientDescent, batch: Int) throws {
        let (training, validation) = try Fixtures.encodedSplit()
        var settings = TrainingSettings()
        settings.method = method
        settings.learningRate = method.reportLearningRate
        settings.maxEpochs = 1
        settings.earlyStopping = false
        settings.seed = 3
        let start = Network(hiddenUnits: settings.hiddenUnits, seed: settings.seed)
        let fast = train(settings, training: training, validation: validation, initial: start)

        let data = Self.data(training, validation)
        var general = Self.declared(start)
        var generator = WeightGenerator(.project, seed: 0)
        let log = general.train(
            data,
            StepTraining(
                batches: .inOrder(size: batch == 0 ? training.rowCount : batch, epochs: 1),
                learningRate: settings.learningRate, lossEvery: 1_000_000),
            generator: &generator)
        let expected = Self.declared(fast.network).parameters
        let largest = zip(general.parameters, expected).map { abs($0 - $1) / max(abs($1), 1e-300) }.max() ?? 0
        #expect(largest < 1e-9, "largest relative difference \(largest)")
        #expect(abs(log.last!.validation - fast.history[0].validationMSE) <= 1e-9 * fast.history[0].validationMSE)
    }
}
