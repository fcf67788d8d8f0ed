import Artifacts
import BikeModel
import Foundation
import Stages
import Statistics

extension PipelineSpec {
    /// pipeline/beyond.json: the questions the report left open; an absent section is not run.
    public struct Beyond: Codable, Sendable {
        public struct Sweeps: Codable, Sendable {
            public var tables: [String]
            public var factors: [Double]
            public var seeds: SeedList
        }
        public struct Baselines: Codable, Sendable { public var experiment: String }
        public struct LeakFree: Codable, Sendable { public var leakFree, leakyExact, report, raw: String }
        public struct Contiguous: Codable, Sendable { public var experiment, interleaved: String }
        public struct Holdout: Codable, Sendable {
            public var data: String
            public var experiment: String
            public var seed: UInt64?
            /// Inputs set to 0 in a second measurement of every seed's model (yr: 2012's rows
            /// are the only ones where it is 1).
            public var zeroInputs: [String]?
        }
        /// The course's acceptance check: train on its labelled hours, predict its unlabeled ones.
        public struct Acceptance: Codable, Sendable {
            public struct Configuration: Codable, Sendable {
                public var name: String
                public var description: String
                public var training: ExperimentSpec.TrainingSpec
            }
            public var training: String
            public var predict: String
            public var labels: String
            public var lossBar: Double
            public var readings: [String]
            public var seeds: SeedList
            public var configurations: [Configuration]
        }
        public var learningRateSweeps: Sweeps?
        public var baselines: Baselines?
        public var leakFreeEncoding: LeakFree?
        public var contiguousSplit: Contiguous?
        public var holdout: Holdout?
        public var acceptance: Acceptance?

        public init() {}
    }
}
