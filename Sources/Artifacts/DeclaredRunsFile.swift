import BikeModel
import Foundation

/// What `train --report` writes for one run of a declared report: each seed's final losses,
/// its loss curve and its predictions for the test rows, beside the test rows' real counts.
public struct DeclaredRunsFile: Codable, Sendable {
    public struct Seed: Codable, Sendable {
        public var seed: UInt64
        /// The mean squared error over the training and the validation rows after the last
        /// step, in the units the network trains in (standard units for a z-scored target).
        public var trainingLoss: Double
        public var validationLoss: Double
        /// [step, training loss, validation loss] every `lossEvery` steps.
        public var losses: [[Double]]
        /// Bikes an hour for each test row, in file order.
        public var testPredictions: [Double]
        /// Bikes an hour for each hour to predict, where the report has some.
        public var predictions: [Double]?

        public init(
            seed: UInt64, trainingLoss: Double, validationLoss: Double, losses: [[Double]], testPredictions: [Double],
            predictions: [Double]? = nil
        ) {
            (self.seed, self.trainingLoss, self.validationLoss) = (seed, trainingLoss, validationLoss)
            (self.losses, self.testPredictions, self.predictions) = (losses, testPredictions, predictions)
        }

        public func value(_ measure: DeclaredMeasure) -> Double {
            switch measure {
            case .trainingLoss: trainingLoss
            case .validationLoss: validationLoss
            }
        }
    }

    public var artifact: ArtifactHeader
    public var report: String
    public var run: String
    public var seeds: [Seed]
    public var testCounts: [Double]
    /// What the losses are: "mean squared error (standard units)", say.
    public var lossWords: String
    /// The hours to predict, with their real counts, where the report has some.
    public var predictHours: [LabelledHour]?

    public init(
        artifact: ArtifactHeader, report: String, run: String, seeds: [Seed], testCounts: [Double], lossWords: String,
        predictHours: [LabelledHour]? = nil
    ) {
        (self.artifact, self.report, self.run, self.seeds) = (artifact, report, run, seeds)
        (self.testCounts, self.lossWords, self.predictHours) = (testCounts, lossWords, predictHours)
    }

    public static func load(_ path: String) throws -> DeclaredRunsFile {
        try ArtifactJSON.load(DeclaredRunsFile.self, from: path, schema: .declaredRuns)
    }
}

/// A run's measures a declared report publishes and judges: the final losses.
public enum DeclaredMeasure: String, CaseIterable, Codable, Sendable {
    case trainingLoss, validationLoss

    public var words: String {
        switch self {
        case .trainingLoss: "training loss"
        case .validationLoss: "validation loss"
        }
    }
}
