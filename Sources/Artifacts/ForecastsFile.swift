import BikeModel
import Foundation

/// FORECASTS.json, written by `evaluate --unlabeled`: every seed's predicted counts for rows
/// whose counts are unknown, beside the training MSE the seed's model recorded, so that hours
/// to predict (the course's acceptance rows) can be answered and checked later.
public struct ForecastsFile: Codable, Sendable {
    public struct Seed: Codable, Equatable, Sendable {
        public var seed: UInt64
        /// The MSE on its training rows that the model recorded (its best epoch's with early
        /// stopping, its last epoch's without).
        public var trainingMSE: Double
        public var epochsRun: Int
        /// max(round(beta), 0) for each row, in file order.
        public var predicted: [Double]

        public init(seed: UInt64, trainingMSE: Double, epochsRun: Int, predicted: [Double]) {
            self.seed = seed
            self.trainingMSE = trainingMSE
            self.epochsRun = epochsRun
            self.predicted = predicted
        }
    }

    public var artifact: ArtifactHeader
    public var rows: Int
    public var seeds: [Seed]

    public init(artifact: ArtifactHeader, rows: Int, seeds: [Seed]) {
        self.artifact = artifact
        self.rows = rows
        self.seeds = seeds
    }

    /// Reads and checks a forecasts file: digest, schema, and one finite count per row and seed.
    public static func load(_ path: String) throws -> ForecastsFile {
        let file = try ArtifactJSON.load(ForecastsFile.self, from: path, schema: .forecasts)
        guard file.rows >= 1, !file.seeds.isEmpty else { throw InputError(file: path, "holds no forecast") }
        for seed in file.seeds {
            guard seed.predicted.count == file.rows, seed.predicted.allSatisfy({ $0.isFinite && $0 >= 0 }),
                seed.trainingMSE.isFinite, seed.trainingMSE >= 0
            else {
                throw InputError(
                    file: path, "seed \(seed.seed): expected \(file.rows) non-negative counts and a training MSE")
            }
        }
        return file
    }
}
