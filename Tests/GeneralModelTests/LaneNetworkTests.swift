import BikeModel
import Testing

@testable import GeneralModel

/// `train` (lanes of eight units, sparse one-hot rows) against `trainPlainLoop` (one row, one
/// unit, one input at a time): the same losses and weights, bit for bit.
@Suite("The lanes train as the plain loop does")
struct LaneNetworkTests {
    static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    static func agree(
        _ start: LayeredNetwork, _ data: EncodedData, _ training: StepTraining, seed: UInt64 = 5
    ) -> (lanes: [LossPoint], plain: [LossPoint], sameWeights: Bool) {
        var (lanes, plain) = (start, start)
        var a = WeightGenerator(.numpy, seed: seed), b = WeightGenerator(.numpy, seed: seed)
        let lanesLog = lanes.train(data, training, generator: &a)
        let plainLog = plain.trainPlainLoop(data, training, generator: &b)
        return (lanesLog, plainLog, bits(lanes.parameters) == bits(plain.parameters))
    }

    @Test("Udacity's network on both years, 80 steps of 128 rows drawn with replacement")
    func udacity() throws {
        let data = try UdacityRunTests.data.get()
        #expect(data.sparse.termsPerRow == 10)
        var generator = WeightGenerator(.numpy, seed: 3)
        let widths = [56, 7, 1]
        let start = LayeredNetwork(
            widths: widths, activations: [.sigmoid, .identity], biases: false,
            parameters: InitialWeights.normalFanIn.draw(widths: widths, biases: false, &generator))
        let run = Self.agree(
            start, data,
            StepTraining(batches: .withReplacement(size: 128, steps: 80), learningRate: 0.5, lossEvery: 80))
        #expect(run.sameWeights)
        #expect(run.lanes == run.plain && run.lanes.count == 1)
    }

    /// Rows with a kept column, a one-hot group in the middle and another at the end, so a
    /// row's terms interleave kept columns and groups.
    static func mixedData(whole: Bool) -> EncodedData {
        var inputs: [Double] = [], targets: [Double] = []
        for r in 0..<40 {
            let x = Double(r % 7) / 3 - 1
            var row = [x]
            row += (0..<3).map { $0 == r % 3 ? 1 : 0 }
            row.append(Double(r % 5) * 0.25)
            row += (0..<4).map { $0 == r % 4 ? 1 : 0 }
            inputs += row
            targets.append(whole ? Double(r % 9) * 3 : x * x - 0.3 * Double(r % 4))
        }
        return EncodedData(
            inputCount: 9, inputs: inputs, targets: targets, counts: targets, training: Array(0..<30),
            validation: Array(30..<40), test: [], targetMean: 0, targetSD: 1, wholeCounts: whole,
            oneHotGroups: [1..<4, 5..<9])
    }

    @Test(
        "two hidden layers of 11 and 9 units (two lanes each), biases, every unit function, in-order batches",
        arguments: [
            [UnitFunction.sigmoid, .tanh, .identity], [.elu(a: 0.1), .relu, .relu],
            [.leakyReLU(slope: 0.01), .sigmoid, .identity]
        ])
    func deep(activations: [UnitFunction]) {
        let data = Self.mixedData(whole: activations.last == .relu)
        #expect(data.sparse.termsPerRow == 4)
        let widths = [9, 11, 9, 1]
        var generator = WeightGenerator(.project, seed: 11)
        let start = LayeredNetwork(
            widths: widths, activations: activations, biases: true,
            parameters: InitialWeights.normal(sd: 0.4).draw(widths: widths, biases: true, &generator))
        let run = Self.agree(
            start, data, StepTraining(batches: .inOrder(size: 7, epochs: 20), learningRate: 0.05, lossEvery: 9))
        #expect(run.sameWeights)
        // 30 rows in batches of 7 are 5 steps an epoch: measured at 9, 18, …, 99 and after step 100.
        #expect(run.lanes == run.plain && run.lanes.count == 12)
    }

    @Test("a row's sparse terms: the kept columns and each group's 1, in column order")
    func sparseTerms() {
        let rows = Self.mixedData(whole: false).sparse
        // Row 6: x = 6/3 − 1, level 0 of the first group (column 1), 0.25, level 2 of the second (column 7).
        #expect(rows.columns[24..<28] == [0, 1, 4, 7])
        #expect(rows.values[24..<28] == [1, 1, 0.25, 1])
    }
}
