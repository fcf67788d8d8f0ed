import BikeModel
import Foundation
import Statistics

/// figures/results.json: every published table beside its reproduction, the headline, the
/// report's conclusions judged, and where it all came from.
public struct ReportResults: Codable, Sendable {
    public struct Row: Codable, Sendable {
        public var experiment: String
        /// The settings its rows differ in, in words (made from `settings`).
        public var label: String
        /// The data and training settings as run, read from the models.
        public var settings: RunSettings
        /// The published configuration's settings that the run does not match.
        public var departures: [Departure]
        /// The published cells, by column name.
        public var published: [String: JSONValue]
        /// For each measured column (and a few more), median, min and max over the seeds.
        public var reproduced: [String: Spread]
        /// (reproduced median - published) / published, for each measured published column.
        public var relativeDifference: [String: Double]
        /// The gate of each measured column; absent where a column is reported only.
        public var tolerance: [String: Double]
        public var seeds: [UInt64]
        public var divergedSeeds: [UInt64]
        /// Reading name → what `reproduced` holds, under that reading (the text's is `reproduced`).
        public var readings: [String: [String: Spread]]?
        /// For each gated column: the other experiments of the tables and the headline whose
        /// runs would also be reproduced at this cell's margin. Empty: the cell tells its
        /// configuration apart from every other.
        public var alsoReproducedBy: [String: [String]]?

        public init(
            experiment: String, label: String, settings: RunSettings, departures: [Departure],
            published: [String: JSONValue], reproduced: [String: Spread], relativeDifference: [String: Double],
            tolerance: [String: Double], seeds: [UInt64], divergedSeeds: [UInt64]
        ) {
            self.experiment = experiment
            self.label = label
            self.settings = settings
            self.departures = departures
            self.published = published
            self.reproduced = reproduced
            self.relativeDifference = relativeDifference
            self.tolerance = tolerance
            self.seeds = seeds
            self.divergedSeeds = divergedSeeds
        }
    }

    public struct Table: Codable, Sendable {
        public var title: String
        public var columns: [String]
        public var rows: [Row]
        public var publishedConclusion: String
        public var figure: String
        /// The margin its gated cells are judged at, and why that margin (tables.json).
        public var margin: Double?
        public var marginRationale: String?

        public init(title: String, columns: [String], rows: [Row], publishedConclusion: String, figure: String) {
            self.title = title
            self.columns = columns
            self.rows = rows
            self.publishedConclusion = publishedConclusion
            self.figure = figure
        }
    }

    public struct Headline: Codable, Sendable {
        public var experiment: String
        public var published: [String: JSONValue]
        public var reproduced: [String: Spread]
        public var relativeDifference: Double
        /// The settings as run, and where they depart from the published headline settings.
        public var settings: RunSettings?
        public var departures: [Departure]?
        public var seeds: [UInt64]?
        /// Reading name → the headline's validation MSE under that reading.
        public var readings: [String: [String: Spread]]?
        /// As a row's: the other experiments whose runs would pass the headline's margin.
        public var alsoReproducedBy: [String: [String]]?
        /// The headline's margin and why that margin (tables.json).
        public var margin: Double?
        public var marginRationale: String?

        public init(
            experiment: String, published: [String: JSONValue], reproduced: [String: Spread], relativeDifference: Double
        ) {
            self.experiment = experiment
            self.published = published
            self.reproduced = reproduced
            self.relativeDifference = relativeDifference
        }
    }

    public struct Conclusion: Codable, Sendable {
        /// The claim judged again with each configuration at its tuned learning rate.
        public struct Tuned: Codable, Sendable {
            public var verdict: ConclusionVerdict
            public var probability: Double
            /// One-sided 95% lower and upper bounds on the probability (`ClaimProbability`).
            public var probabilityBounds: [Double]?
            /// Each configuration's tuned learning rate, by its row's first published cell.
            public var learningRates: [String: Double]
            public var evidence: String

            public init(
                verdict: ConclusionVerdict, probability: Double, learningRates: [String: Double], evidence: String
            ) {
                self.verdict = verdict
                self.probability = probability
                self.learningRates = learningRates
                self.evidence = evidence
            }
        }
        public var id: String
        public var claim: String
        /// verdict == "holds".
        public var holds: Bool
        /// Whether tables.json expects it to hold (nil when it expects "inconclusive").
        public var expected: Bool?
        public var evidence: String
        /// "holds", "does not hold" or "inconclusive", from `probabilityBounds`.
        public var verdict: ConclusionVerdict?
        /// The probability over every combination of seeds that the claim holds of one run of
        /// each configuration.
        public var probability: Double?
        /// Its one-sided 95% lower and upper bounds, and the effective number of runs they are
        /// Clopper–Pearson bounds at (`ClaimProbability`).
        public var probabilityBounds: [Double]?
        public var effectiveRuns: Double?
        public var expectedVerdict: ConclusionVerdict?
        public var atTunedRates: Tuned?

        public init(id: String, claim: String, holds: Bool, expected: Bool? = nil, evidence: String) {
            self.id = id
            self.claim = claim
            self.holds = holds
            self.expected = expected
            self.evidence = evidence
        }
    }

    /// The validation MSE the report printed during its headline run, beside the headline
    /// seeds' at the same epochs.
    public struct LossCurve: Codable, Sendable {
        public struct Row: Codable, Sendable {
            public var epoch: Int
            public var published: Double
            /// Over the headline seeds that ran this epoch, judged at the validation MSE's tolerance.
            public var reproduced: Spread?

            public init(epoch: Int, published: Double, reproduced: Spread?) {
                self.epoch = epoch
                self.published = published
                self.reproduced = reproduced
            }
        }
        public var rows: [Row]
        public var finding: String
        /// The experiment whose runs the printed values are set against: the headline's, or the
        /// one the log's granularity and values point to (`loss_log_forensics.mostLike`).
        public var experiment: String?

        public init(rows: [Row], finding: String) {
            self.rows = rows
            self.finding = finding
        }
    }

    /// What the headline model's close-up figures show, measured: the hour-of-day profile of
    /// actual and predicted demand on the validation hours, working days and other days apart.
    public struct CloseUp: Codable, Sendable {
        /// Hour 0-23 → mean demand on working days and on other days, actual and predicted.
        public var workingActual, workingPredicted, otherActual, otherPredicted: [Double]
        public var seed: UInt64
        public var finding: String

        public init(
            workingActual: [Double], workingPredicted: [Double], otherActual: [Double], otherPredicted: [Double],
            seed: UInt64, finding: String
        ) {
            self.workingActual = workingActual
            self.workingPredicted = workingPredicted
            self.otherActual = otherActual
            self.otherPredicted = otherPredicted
            self.seed = seed
            self.finding = finding
        }
    }

    public struct Provenance: Codable, Sendable {
        public var data: ArtifactHeader.Input
        public var packageVersion: String
        public var seeds: String
        public var published: String
        public var experiments: [String: ExperimentSpec]
        /// What the results depend on, by content, never by commit (a commit id inside a
        /// committed file could never match its own commit): SHA-256 of the Swift sources (as the
        /// build step hashed them), of the pipeline's declarations, and the compiler's version.
        public var sourcesDigest: String?
        public var pipelineDigest: String?
        public var toolchain: String?

        public init(
            data: ArtifactHeader.Input, packageVersion: String, seeds: String, published: String,
            experiments: [String: ExperimentSpec]
        ) {
            self.data = data
            self.packageVersion = packageVersion
            self.seeds = seeds
            self.published = published
            self.experiments = experiments
        }
    }

    public var artifact: ArtifactHeader
    public var tableOrder: [String]
    public var tables: [String: Table]
    public var headline: Headline
    public var conclusions: [Conclusion]
    public var figures: [String: String]
    public var provenance: Provenance
    public var loss_curve: LossCurve?
    public var close_up: CloseUp?

    // Beyond the report (pipeline/beyond.json): absent sections fail make check.
    public var learning_rate_sweeps: [BeyondResults.Sweep]?
    public var learning_rate_sweeps_finding: String?
    public var baselines: [BeyondResults.Baseline]?
    public var baselines_finding: String?
    public var leak_free_encoding: BeyondResults.LeakFree?
    public var contiguous_split: BeyondResults.Contiguous?
    public var holdout_2012: BeyondResults.Holdout?
    /// pipeline/studies/NAME.json, by NAME.
    public var studies: [String: StudyResult]?
    /// pipeline/readings/NAME.json, by NAME; which reading the published numbers are; and which
    /// splits could have printed the loss log.
    public var readings: [String: ReadingResult]?
    public var which_reading: WhichReading?
    public var loss_log_forensics: LossLogForensics?
    /// The course's acceptance check (`beyond.json`'s `acceptance`).
    public var acceptance: Acceptance?

    public init(
        artifact: ArtifactHeader, tableOrder: [String], tables: [String: Table], headline: Headline,
        conclusions: [Conclusion], figures: [String: String], provenance: Provenance,
        learning_rate_sweeps: [BeyondResults.Sweep]? = nil, learning_rate_sweeps_finding: String? = nil,
        baselines: [BeyondResults.Baseline]? = nil, baselines_finding: String? = nil,
        leak_free_encoding: BeyondResults.LeakFree? = nil, contiguous_split: BeyondResults.Contiguous? = nil,
        holdout_2012: BeyondResults.Holdout? = nil
    ) {
        self.artifact = artifact
        self.tableOrder = tableOrder
        self.tables = tables
        self.headline = headline
        self.conclusions = conclusions
        self.figures = figures
        self.provenance = provenance
        self.learning_rate_sweeps = learning_rate_sweeps
        self.learning_rate_sweeps_finding = learning_rate_sweeps_finding
        self.baselines = baselines
        self.baselines_finding = baselines_finding
        self.leak_free_encoding = leak_free_encoding
        self.contiguous_split = contiguous_split
        self.holdout_2012 = holdout_2012
    }
}

/// A study's grid measured: a row per point, its claims judged.
public struct StudyResult: Codable, Sendable {
    /// One point of the grid: `value` (an array of two for a two-setting grid), and each
    /// measured column over the seeds, flattened beside it (`"val_mse": {"median", "min", …}`).
    public struct Row: Codable, Sendable {
        public var value: JSONValue
        /// How claims and tables name the point: "8", or "8,50" on a two-setting grid.
        public var label: String
        /// The run folder the point's runs come from.
        public var experiment: String
        public var seeds: [UInt64]
        /// Seeds that ended at the epoch limit or diverged: their numbers are where they stopped.
        public var unconvergedSeeds: [UInt64]
        /// How many seeds stopped for each reason (tolerance, patience, maxEpochs, stalled, diverged).
        public var stopReasons: [String: Int] = [:]
        public var measures: [String: Spread]

        public init(
            value: JSONValue, label: String, experiment: String, seeds: [UInt64], unconvergedSeeds: [UInt64],
            measures: [String: Spread]
        ) {
            self.value = value
            self.label = label
            self.experiment = experiment
            self.seeds = seeds
            self.unconvergedSeeds = unconvergedSeeds
            self.measures = measures
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        static let fixed = ["value", "label", "experiment", "seeds", "unconvergedSeeds", "stopReasons"]

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            value = try c.decode(JSONValue.self, forKey: Key(stringValue: "value"))
            label = try c.decode(String.self, forKey: Key(stringValue: "label"))
            experiment = try c.decode(String.self, forKey: Key(stringValue: "experiment"))
            seeds = try c.decode([UInt64].self, forKey: Key(stringValue: "seeds"))
            unconvergedSeeds = try c.decode([UInt64].self, forKey: Key(stringValue: "unconvergedSeeds"))
            stopReasons = try c.decode([String: Int].self, forKey: Key(stringValue: "stopReasons"))
            measures = [:]
            for key in c.allKeys where !Self.fixed.contains(key.stringValue) {
                measures[key.stringValue] = try c.decode(Spread.self, forKey: key)
            }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(value, forKey: Key(stringValue: "value"))
            try c.encode(label, forKey: Key(stringValue: "label"))
            try c.encode(experiment, forKey: Key(stringValue: "experiment"))
            try c.encode(seeds, forKey: Key(stringValue: "seeds"))
            try c.encode(unconvergedSeeds, forKey: Key(stringValue: "unconvergedSeeds"))
            try c.encode(stopReasons, forKey: Key(stringValue: "stopReasons"))
            for (measure, spread) in measures { try c.encode(spread, forKey: Key(stringValue: measure)) }
        }
    }

    public var description: String
    public var base: String
    /// The settings the grid varies, in order.
    public var settings: [String]
    public var measures: [String]
    public var rows: [Row]
    public var claims: [ReportResults.Conclusion]
    /// The report's own words for what the study tests, and where it says so.
    public var reportClaim: String?
    public var reportClaimSource: String?
    public var note: String?
    public var figure: String

    public init(
        description: String, base: String, settings: [String], measures: [String], rows: [Row],
        claims: [ReportResults.Conclusion], figure: String
    ) {
        self.description = description
        self.base = base
        self.settings = settings
        self.measures = measures
        self.rows = rows
        self.claims = claims
        self.figure = figure
    }
}

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
