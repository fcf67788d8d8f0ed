import BikeModel
import Foundation

/// METRICS.json: the error measures of one model on one data file, `Metrics` under its own
/// names beside the artifact header, and with `evaluate --all-seeds` every seed's.
public struct MetricsFile: Codable, Sendable {
    public var artifact: ArtifactHeader
    public var metrics: Metrics
    /// With `evaluate --all-seeds`: every model of the set on the same rows.
    public var seeds: [SeedMetrics]?

    public init(artifact: ArtifactHeader, metrics: Metrics, seeds: [SeedMetrics]? = nil) {
        self.artifact = artifact
        self.metrics = metrics
        self.seeds = seeds
    }

    enum CodingKeys: String, CodingKey { case artifact, seeds }

    // The measures sit at the top level, beside the header, as Metrics names them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        artifact = try container.decode(ArtifactHeader.self, forKey: .artifact)
        seeds = try container.decodeIfPresent([SeedMetrics].self, forKey: .seeds)
        metrics = try Metrics(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(artifact, forKey: .artifact)
        try container.encodeIfPresent(seeds, forKey: .seeds)
        try metrics.encode(to: encoder)
    }

    /// One seed's model on the rows, and with inputs zeroed (`--zero-input`).
    public struct SeedMetrics: Codable, Sendable {
        public var seed: UInt64
        public var mse, rmse, mae, r2, meanPredicted: Double
        /// Input name → the same model's errors with that input set to 0 on every row.
        public var zeroed: [String: Zeroed]?

        public init(
            seed: UInt64, mse: Double, rmse: Double, mae: Double, r2: Double, meanPredicted: Double,
            zeroed: [String: Zeroed]? = nil
        ) {
            self.seed = seed
            self.mse = mse
            self.rmse = rmse
            self.mae = mae
            self.r2 = r2
            self.meanPredicted = meanPredicted
            self.zeroed = zeroed
        }
    }
    public struct Zeroed: Codable, Sendable {
        public var mse, meanPredicted: Double

        public init(mse: Double, meanPredicted: Double) {
            self.mse = mse
            self.meanPredicted = meanPredicted
        }
    }

    /// Reads and checks a metrics file: digest, schema, and numbers that can be metrics.
    public static func load(_ path: String) throws -> MetricsFile {
        let file = try ArtifactJSON.load(MetricsFile.self, from: path, schema: .metrics)
        let metrics = file.metrics
        guard metrics.rows >= 1 else { throw InputError(file: path, "rows must be at least 1, found \(metrics.rows)") }
        for (name, value) in [
            ("mse", metrics.mse), ("rmse", metrics.rmse), ("mae", metrics.mae), ("r2", metrics.r2),
            ("meanActual", metrics.meanActual), ("meanPredicted", metrics.meanPredicted)
        ] where !value.isFinite {
            throw InputError(file: path, "\(name) must be a finite number, found \(value)")
        }
        guard metrics.mse >= 0, metrics.mae >= 0, metrics.rmse >= 0, metrics.r2 <= 1 else {
            throw InputError(file: path, "its error measures are out of range")
        }
        return file
    }
}
