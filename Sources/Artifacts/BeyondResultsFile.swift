import BikeModel
import Foundation
import Statistics

/// The sections of results.json that answer what the report left open.
public struct BeyondResults: Codable, Sendable {
    public struct SweepPoint: Codable, Sendable {
        public var learning_rate: Double
        public var factor: Double
        /// Over the seeds that did not diverge; nil when all did.
        public var val_mse: Spread?
        public var diverged_seeds: [UInt64]
        /// Median epochs run over the seeds.
        public var epochsRun: Double?
        /// How many seeds stopped for each reason (tolerance, patience, maxEpochs, stalled, diverged).
        public var stopReasons: [String: Int]?
        /// False when any seed hit the epoch limit or diverged: its MSE is where it was stopped,
        /// not where it would settle, so it is never named best.
        public var converged: Bool?

        public init(learning_rate: Double, factor: Double, val_mse: Spread? = nil, diverged_seeds: [UInt64]) {
            self.learning_rate = learning_rate
            self.factor = factor
            self.val_mse = val_mse
            self.diverged_seeds = diverged_seeds
        }
    }
    public struct Sweep: Codable, Sendable {
        public var configuration: String
        public var table: String
        /// The experiment swept (a configuration in two tables is swept once).
        public var experiment: String?
        public var report_learning_rate: Double
        public var points: [SweepPoint]
        /// The converged rate whose seeds all beat every other converged rate's seeds; nil when
        /// no rate stands out so (see `tied_learning_rates`).
        public var best_learning_rate: Double?
        /// When no rate is best: the converged rates whose seed ranges overlap the lowest median's.
        public var tied_learning_rates: [Double]?
        /// The rate the conclusions use "at tuned rates": the best; else the report's if it ties,
        /// else the lowest converged median.
        public var tuned_learning_rate: Double?
        public var finding: String

        public init(
            configuration: String, table: String, report_learning_rate: Double, points: [SweepPoint],
            best_learning_rate: Double? = nil, finding: String
        ) {
            self.configuration = configuration
            self.table = table
            self.report_learning_rate = report_learning_rate
            self.points = points
            self.best_learning_rate = best_learning_rate
            self.finding = finding
        }
    }
    public struct Baseline: Codable, Sendable {
        public var name: String
        public var val_mse: Double
        public var description: String
        public var val_mse_range: Spread?
        /// The same predictor scored on its raw predictions, not made whole, non-negative counts.
        public var val_mse_unrounded: Double?

        public init(name: String, val_mse: Double, description: String, val_mse_range: Spread? = nil) {
            self.name = name
            self.val_mse = val_mse
            self.description = description
            self.val_mse_range = val_mse_range
        }
    }
    public struct LeakFree: Codable, Sendable {
        public var val_mse: Spread
        public var leaky_exact_means: Spread
        public var report_tables: Spread
        public var raw_codes: Spread
        /// Of the report's gain from encoding (raw codes → exact leaky means), the part the leak made.
        public var leak_share_of_advantage: Double
        public var finding: String

        public init(
            val_mse: Spread, leaky_exact_means: Spread, report_tables: Spread, raw_codes: Spread,
            leak_share_of_advantage: Double, finding: String
        ) {
            self.val_mse = val_mse
            self.leaky_exact_means = leaky_exact_means
            self.report_tables = report_tables
            self.raw_codes = raw_codes
            self.leak_share_of_advantage = leak_share_of_advantage
            self.finding = finding
        }
    }
    public struct Contiguous: Codable, Sendable {
        public var val_mse: Spread
        public var interleaved: Spread
        public var finding: String

        public init(val_mse: Spread, interleaved: Spread, finding: String) {
            self.val_mse = val_mse
            self.interleaved = interleaved
            self.finding = finding
        }
    }
    public struct Holdout: Codable, Sendable {
        /// The same models with an input set to 0 on every 2012 row.
        public struct Zeroed: Codable, Sendable {
            public var mse: Spread
            public var mean_predicted_2012: Spread

            public init(mse: Spread, mean_predicted_2012: Spread) {
                self.mse = mse
                self.mean_predicted_2012 = mean_predicted_2012
            }
        }
        /// The seeds whose models were measured; each measure below is over them.
        public var seeds: [UInt64]
        public var mse, rmse, mae, r2: Spread
        public var rows: Int
        /// The seed the holdout figure shows.
        public var seed: UInt64
        public var mean_2011: Double
        public var mean_2012: Double
        public var mean_predicted_2012: Spread
        public var validation_mse_2011: Spread
        /// Input name → the models' errors with it zeroed.
        public var zeroed_inputs: [String: Zeroed]?
        public var finding: String

        public init(
            seeds: [UInt64], mse: Spread, rmse: Spread, mae: Spread, r2: Spread, rows: Int, seed: UInt64,
            mean_2011: Double, mean_2012: Double,
            mean_predicted_2012: Spread, validation_mse_2011: Spread, zeroed_inputs: [String: Zeroed]?, finding: String
        ) {
            self.seeds = seeds
            self.mse = mse
            self.rmse = rmse
            self.mae = mae
            self.r2 = r2
            self.rows = rows
            self.seed = seed
            self.mean_2011 = mean_2011
            self.mean_2012 = mean_2012
            self.mean_predicted_2012 = mean_predicted_2012
            self.validation_mse_2011 = validation_mse_2011
            self.zeroed_inputs = zeroed_inputs
            self.finding = finding
        }
    }

    public var learning_rate_sweeps: [Sweep]?
    public var learning_rate_sweeps_finding: String?
    public var baselines: [Baseline]?
    public var baselines_finding: String?
    public var leak_free_encoding: LeakFree?
    public var contiguous_split: Contiguous?
    public var holdout_2012: Holdout?

    public init(
        learning_rate_sweeps: [Sweep]? = nil, learning_rate_sweeps_finding: String? = nil, baselines: [Baseline]? = nil,
        baselines_finding: String? = nil, leak_free_encoding: LeakFree? = nil, contiguous_split: Contiguous? = nil,
        holdout_2012: Holdout? = nil
    ) {
        self.learning_rate_sweeps = learning_rate_sweeps
        self.learning_rate_sweeps_finding = learning_rate_sweeps_finding
        self.baselines = baselines
        self.baselines_finding = baselines_finding
        self.leak_free_encoding = leak_free_encoding
        self.contiguous_split = contiguous_split
        self.holdout_2012 = holdout_2012
    }
}
