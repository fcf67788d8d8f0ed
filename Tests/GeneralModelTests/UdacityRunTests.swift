import BikeModel
import Foundation
import TestSupport
import Testing

@testable import GeneralModel

/// Udacity's data and a seeded run of its training, declared in the family's terms, against
/// what numpy computes for the same seed (`bench/udacity_numpy.py`).
@Suite("Udacity's project, declared")
struct UdacityRunTests {
    static let hourlyLevels: [(Feature, ClosedRange<Int>)] = [
        (.season, 1...4), (.weathersit, 1...4), (.mnth, 1...12), (.hr, 0...23), (.weekday, 0...6)
    ]

    /// Its 56 inputs: five columns kept (three of them z-scored over training and validation, sample
    /// sd), then the dummies; the target z-scored likewise; test and validation counted from the end.
    static let declaration: DataDeclaration = {
        let scaled = ZScore(rows: .trainingAndValidation, divisor: .nMinusOne)
        let kept: [InputEncoder] = [
            .passthrough(.yr), .passthrough(.holiday), .zScore(.temp, scaled), .zScore(.hum, scaled),
            .zScore(.windspeed, scaled)
        ]
        return DataDeclaration(
            inputs: kept + hourlyLevels.map { .oneHot($0.0, levels: Array($0.1)) }, target: scaled,
            wholeCounts: false, split: .fromEnd(test: 504, validation: 1_440))
    }()

    static let data = Result {
        try EncodedData(
            [
                try HourlyRecords(contentsOf: Fixtures.fullYearCSV),
                try HourlyRecords(contentsOf: Fixtures.repository.appendingPathComponent("data/holdout-2012.csv").path)
            ], declaration)
    }

    @Test("both years: 56 inputs, 15,435 training, 1,440 validation and 504 test rows, cnt's mean and sd")
    func encoded() throws {
        let data = try Self.data.get()
        #expect(data.inputCount == 56)
        #expect((data.training.count, data.validation.count, data.test.count) == (15_435, 1_440, 504))
        #expect(abs(data.targetMean - 190.9054) < 5e-5 && abs(data.targetSD - 182.1021) < 5e-5)
        // One dummy of each group is 1 in every row.
        for r in [0, 9_000, 17_378] { #expect(data.row(r).dropFirst(5).reduce(0, +) == 5) }
    }

    @Test("seed 42, 7 hidden units, rate 0.5, 50 steps: numpy's losses and weights to 1e-9")
    func seededRun() throws {
        let data = try Self.data.get()
        var generator = WeightGenerator(.numpy, seed: 42)
        let widths = [56, 7, 1]
        var network = LayeredNetwork(
            widths: widths, activations: [.sigmoid, .identity], biases: false,
            parameters: InitialWeights.normalFanIn.draw(widths: widths, biases: false, &generator))
        let log = network.train(
            data, StepTraining(batches: .withReplacement(size: 128, steps: 50), learningRate: 0.5, lossEvery: 50),
            generator: &generator)
        // Printed by `python3 bench/udacity_numpy.py --seed 42 --hidden 7 --rate 0.5 --iterations 50`
        // (numpy 2.4.6): the training and validation losses, then w_ih[0][0], w_ih[55][6],
        // w_ho[0] and w_ho[6].
        let numpy = [
            0.5790372023485645, 1.0096914008304987, -0.1827880691762794, 0.06505479777994284, -0.989654303164238,
            -0.039962757125287685
        ]
        let ours = [
            log.last!.training, log.last!.validation, network.parameters[0], network.parameters[55 * 7 + 6],
            network.parameters[56 * 7], network.parameters[56 * 7 + 6]
        ]
        for (a, b) in zip(ours, numpy) { #expect(abs(a - b) <= 1e-9 * abs(b), "\(a) against numpy's \(b)") }
    }
}
