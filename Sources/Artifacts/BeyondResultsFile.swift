import BikeModel
import Foundation
import Statistics

/// The sections of results.json that answer what the report left open. Its keys, which scripts
/// read, are snake_case; the Swift names are camelCase, by `CodingKeys`.
public struct BeyondResults: Codable, Sendable {
    public struct SweepPoint: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case learningRate = "learning_rate"
            case factor
            case validationMSE = "val_mse"
            case divergedSeeds = "diverged_seeds"
            case epochsRun
            case stopReasons
            case converged
        }

        public var learningRate: Double
        public var factor: Double
        /// Over the seeds that did not diverge; nil when all did.
        public var validationMSE: Spread?
        public var divergedSeeds: [UInt64]
        /// Median epochs run over the seeds.
        public var epochsRun: Double?
        /// How many seeds stopped for each reason (tolerance, patience, maxEpochs, stalled, diverged).
        public var stopReasons: [String: Int]?
        /// False when any seed hit the epoch limit or diverged: its MSE is where it was stopped,
        /// not where it would settle, so it is never named best.
        public var converged: Bool?

        public init(learningRate: Double, factor: Double, validationMSE: Spread? = nil, divergedSeeds: [UInt64]) {
            self.learningRate = learningRate
            self.factor = factor
            self.validationMSE = validationMSE
            self.divergedSeeds = divergedSeeds
        }
    }
    public struct Sweep: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case configuration
            case table
            case experiment
            case reportLearningRate = "report_learning_rate"
            case points
            case bestLearningRate = "best_learning_rate"
            case tiedLearningRates = "tied_learning_rates"
            case tunedLearningRate = "tuned_learning_rate"
            case finding
        }

        public var configuration: String
        public var table: String
        /// The experiment swept (a configuration in two tables is swept once).
        public var experiment: String?
        public var reportLearningRate: Double
        public var points: [SweepPoint]
        /// The converged rate whose seeds all beat every other converged rate's seeds; nil when
        /// no rate stands out so (see `tiedLearningRates`).
        public var bestLearningRate: Double?
        /// When no rate is best: the converged rates whose seed ranges overlap the lowest median's.
        public var tiedLearningRates: [Double]?
        /// The rate the conclusions use "at tuned rates": the best; else the report's if it ties,
        /// else the lowest converged median.
        public var tunedLearningRate: Double?
        public var finding: String

        public init(
            configuration: String, table: String, reportLearningRate: Double, points: [SweepPoint],
            bestLearningRate: Double? = nil, finding: String
        ) {
            self.configuration = configuration
            self.table = table
            self.reportLearningRate = reportLearningRate
            self.points = points
            self.bestLearningRate = bestLearningRate
            self.finding = finding
        }
    }
    public struct Baseline: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case name
            case validationMSE = "val_mse"
            case description
            case validationMSERange = "val_mse_range"
            case validationMSEUnrounded = "val_mse_unrounded"
        }

        public var name: String
        public var validationMSE: Double
        public var description: String
        public var validationMSERange: Spread?
        /// The same predictor scored on its raw predictions, not made whole, non-negative counts.
        public var validationMSEUnrounded: Double?

        public init(name: String, validationMSE: Double, description: String, validationMSERange: Spread? = nil) {
            self.name = name
            self.validationMSE = validationMSE
            self.description = description
            self.validationMSERange = validationMSERange
        }
    }
    public struct LeakFree: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case validationMSE = "val_mse"
            case leakyExactMeans = "leaky_exact_means"
            case reportTables = "report_tables"
            case rawCodes = "raw_codes"
            case leakShareOfAdvantage = "leak_share_of_advantage"
            case finding
        }

        public var validationMSE: Spread
        public var leakyExactMeans: Spread
        public var reportTables: Spread
        public var rawCodes: Spread
        /// Of the report's gain from encoding (raw codes → exact leaky means), the part the leak made.
        public var leakShareOfAdvantage: Double
        public var finding: String

        public init(
            validationMSE: Spread, leakyExactMeans: Spread, reportTables: Spread, rawCodes: Spread,
            leakShareOfAdvantage: Double, finding: String
        ) {
            self.validationMSE = validationMSE
            self.leakyExactMeans = leakyExactMeans
            self.reportTables = reportTables
            self.rawCodes = rawCodes
            self.leakShareOfAdvantage = leakShareOfAdvantage
            self.finding = finding
        }
    }
    public struct Contiguous: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case validationMSE = "val_mse"
            case interleaved
            case finding
        }

        public var validationMSE: Spread
        public var interleaved: Spread
        public var finding: String

        public init(validationMSE: Spread, interleaved: Spread, finding: String) {
            self.validationMSE = validationMSE
            self.interleaved = interleaved
            self.finding = finding
        }
    }
    public struct Holdout: Codable, Sendable {
        enum CodingKeys: String, CodingKey {
            case seeds
            case mse
            case rmse
            case mae
            case r2
            case rows
            case seed
            case mean2011 = "mean_2011"
            case mean2012 = "mean_2012"
            case meanPredicted2012 = "mean_predicted_2012"
            case validationMSE2011 = "validation_mse_2011"
            case zeroedInputs = "zeroed_inputs"
            case finding
        }

        /// The same models with an input set to 0 on every 2012 row.
        public struct Zeroed: Codable, Sendable {
            enum CodingKeys: String, CodingKey {
                case mse
                case meanPredicted2012 = "mean_predicted_2012"
            }

            public var mse: Spread
            public var meanPredicted2012: Spread

            public init(mse: Spread, meanPredicted2012: Spread) {
                self.mse = mse
                self.meanPredicted2012 = meanPredicted2012
            }
        }
        /// The seeds whose models were measured; each measure below is over them.
        public var seeds: [UInt64]
        public var mse, rmse, mae, r2: Spread
        public var rows: Int
        /// The seed the holdout figure shows.
        public var seed: UInt64
        public var mean2011: Double
        public var mean2012: Double
        public var meanPredicted2012: Spread
        public var validationMSE2011: Spread
        /// Input name → the models' errors with it zeroed.
        public var zeroedInputs: [String: Zeroed]?
        public var finding: String

        public init(
            seeds: [UInt64], mse: Spread, rmse: Spread, mae: Spread, r2: Spread, rows: Int, seed: UInt64,
            mean2011: Double, mean2012: Double,
            meanPredicted2012: Spread, validationMSE2011: Spread, zeroedInputs: [String: Zeroed]?, finding: String
        ) {
            self.seeds = seeds
            self.mse = mse
            self.rmse = rmse
            self.mae = mae
            self.r2 = r2
            self.rows = rows
            self.seed = seed
            self.mean2011 = mean2011
            self.mean2012 = mean2012
            self.meanPredicted2012 = meanPredicted2012
            self.validationMSE2011 = validationMSE2011
            self.zeroedInputs = zeroedInputs
            self.finding = finding
        }
    }

    enum CodingKeys: String, CodingKey {
        case learningRateSweeps = "learning_rate_sweeps"
        case learningRateSweepsFinding = "learning_rate_sweeps_finding"
        case baselines
        case baselinesFinding = "baselines_finding"
        case leakFreeEncoding = "leak_free_encoding"
        case contiguousSplit = "contiguous_split"
        case holdout2012 = "holdout_2012"
    }

    public var learningRateSweeps: [Sweep]?
    public var learningRateSweepsFinding: String?
    public var baselines: [Baseline]?
    public var baselinesFinding: String?
    public var leakFreeEncoding: LeakFree?
    public var contiguousSplit: Contiguous?
    public var holdout2012: Holdout?

    public init(
        learningRateSweeps: [Sweep]? = nil, learningRateSweepsFinding: String? = nil, baselines: [Baseline]? = nil,
        baselinesFinding: String? = nil, leakFreeEncoding: LeakFree? = nil, contiguousSplit: Contiguous? = nil,
        holdout2012: Holdout? = nil
    ) {
        self.learningRateSweeps = learningRateSweeps
        self.learningRateSweepsFinding = learningRateSweepsFinding
        self.baselines = baselines
        self.baselinesFinding = baselinesFinding
        self.leakFreeEncoding = leakFreeEncoding
        self.contiguousSplit = contiguousSplit
        self.holdout2012 = holdout2012
    }
}
