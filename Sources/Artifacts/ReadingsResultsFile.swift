import BikeModel
import Statistics

/// The parts of results.json that set the readings of the report side by side (`readings`,
/// `which_reading`, `loss_log_forensics`): what was run under each, and which one the published
/// numbers are.
extension ReportResults {
    /// One published number of the report, counted once however many cells print it: the cells
    /// that name the same experiment and column with the same value are one run's number.
    public struct PublishedNumber: Codable, Equatable, Sendable {
        /// The first cell that prints it, `train_fraction[3].val_mse`, or `headline.val_mse`.
        public var id: String
        /// How a reader finds it: "Table 3, t = 75: validation MSE".
        public var label: String
        public var column: String
        public var value: Double
        /// The unit of its last printed digit: 1 for a whole number.
        public var resolution: Double
        /// The experiment whose runs it is compared with (under the text; a reading maps it).
        public var experiment: String
        /// Every cell that prints it.
        public var cells: [String]

        public init(
            id: String, label: String, column: String, value: Double, resolution: Double, experiment: String,
            cells: [String]
        ) {
            self.id = id
            self.label = label
            self.column = column
            self.value = value
            self.resolution = resolution
            self.experiment = experiment
            self.cells = cells
        }

        /// Whether it is an epoch count (or else an MSE).
        public var isEpochCount: Bool { column.contains("epoch") }
    }

    /// A published number beside one reading's runs.
    public struct NumberUnderReading: Codable, Sendable {
        public var id: String
        public var experiment: String
        public var median: Double
        public var min: Double
        public var max: Double
        public var predictionInterval: [Double]?
        /// The published value (± its printing) lies inside the 95% interval for one run.
        public var consistentWithOneRun: Bool
        /// The share of seeds at least as far from the median as the published value, counted
        /// as (k + 1)/(n + 1): a p-value for "the published number is one of these runs".
        public var rankPValue: Double
        /// Seeds whose value, cut to a whole number / rounded to one, is the published integer.
        public var truncatedMatches: Int?
        public var roundedMatches: Int?
        /// Our runs' mean, standard deviation and count: what the one-run test and the shift read.
        public var mean: Double?
        public var sd: Double?
        public var seeds: Int?
        /// The two-sided t-test p-value that the published number is one more of our runs, and
        /// that p-value after Holm's correction over the reading's independent published numbers.
        public var oneRunPValue: Double?
        public var holmPValue: Double?

        public init(
            id: String, experiment: String, median: Double, min: Double, max: Double, predictionInterval: [Double]?,
            consistentWithOneRun: Bool, rankPValue: Double
        ) {
            self.id = id
            self.experiment = experiment
            self.median = median
            self.min = min
            self.max = max
            self.predictionInterval = predictionInterval
            self.consistentWithOneRun = consistentWithOneRun
            self.rankPValue = rankPValue
        }
    }

    /// How many of a kind of published numbers lie inside the interval for one run.
    public struct Count: Codable, Equatable, Sendable {
        public var inside: Int
        public var of: Int

        public init(inside: Int, of: Int) {
            self.inside = inside
            self.of = of
        }
    }

    /// Fisher's combination of the published numbers' rank p-values.
    public struct CombinedTest: Codable, Sendable {
        public var test: String
        public var statistic: Double
        public var degreesOfFreedom: Int
        public var pValue: Double

        public init(test: String, statistic: Double, degreesOfFreedom: Int, pValue: Double) {
            self.test = test
            self.statistic = statistic
            self.degreesOfFreedom = degreesOfFreedom
            self.pValue = pValue
        }
    }

    /// What a reading's network does with its hidden units, measured on the validation rows.
    public struct HiddenUnits: Codable, Sendable {
        /// Over seeds: the largest standard deviation of one hidden unit's output over the rows.
        public var outputSpread: Spread
        /// Over seeds: how many different counts the model predicts.
        public var distinctPredictions: Spread
        /// The seeds whose model predicts one count for every row, and that count over them.
        public var constantSeeds: Int
        public var constant: Spread?

        public init(outputSpread: Spread, distinctPredictions: Spread, constantSeeds: Int, constant: Spread?) {
            self.outputSpread = outputSpread
            self.distinctPredictions = distinctPredictions
            self.constantSeeds = constantSeeds
            self.constant = constant
        }
    }

    /// A published row's numbers together beside one reading's runs: how many seeds match all of
    /// them at once (each within the declared joint tolerance), and whether each alone is
    /// consistent with one run.
    public struct JointRow: Codable, Sendable {
        /// `early_stopping[1]`, or `headline`.
        public var row: String
        public var label: String
        public var columns: [String]
        public var seedsMatching: Int
        public var seeds: Int
        /// Every number of the row inside the 95% interval for one run.
        public var eachConsistent: Bool

        public init(
            row: String, label: String, columns: [String], seedsMatching: Int, seeds: Int, eachConsistent: Bool
        ) {
            self.row = row
            self.label = label
            self.columns = columns
            self.seedsMatching = seedsMatching
            self.seeds = seeds
            self.eachConsistent = eachConsistent
        }
    }

    public struct ReadingResult: Codable, Sendable {
        public var description: String
        /// The setting changes, `exponential=guarded minImprovement=0.005`, or "none".
        public var changes: String
        /// Base experiment → the experiment whose runs it reads under this reading.
        public var experiments: [String: String]
        public var mse: Count
        public var epochs: Count
        public var combined: CombinedTest
        /// The common shift of the published MSEs from our means, with its heterogeneity: over
        /// the published MSEs whose runs vary (a constant has no noise to weigh it by).
        public var shift: RandomEffects?
        /// The published numbers unlikely as one of our runs after Holm's correction (at 5%).
        public var flagged: [String] = []
        public var numbers: [NumberUnderReading]
        public var conclusions: [Conclusion]
        /// Base experiment → its hidden units, measured.
        public var hiddenUnits: [String: HiddenUnits]
        /// The printed loss log beside this reading's runs of each split it fits.
        public var lossCurves: [String: LossCurve]
        /// Each published row of two or more numbers, matched whole (tables.json's `jointFit`).
        public var joint: [JointRow]?

        public init(
            description: String, changes: String, experiments: [String: String], mse: Count, epochs: Count,
            combined: CombinedTest, numbers: [NumberUnderReading], conclusions: [Conclusion],
            hiddenUnits: [String: HiddenUnits], lossCurves: [String: LossCurve]
        ) {
            self.description = description
            self.changes = changes
            self.experiments = experiments
            self.mse = mse
            self.epochs = epochs
            self.combined = combined
            self.numbers = numbers
            self.conclusions = conclusions
            self.hiddenUnits = hiddenUnits
            self.lossCurves = lossCurves
        }
    }

    /// One difference between the text and the program, alone: which published numbers it
    /// moves into agreement with one run (and out of it).
    public struct Attribution: Codable, Sendable {
        public var reading: String
        public var difference: String
        public var from: String
        public var movedIn: [String]
        public var movedOut: [String]

        public init(reading: String, difference: String, from: String, movedIn: [String], movedOut: [String]) {
            self.reading = reading
            self.difference = difference
            self.from = from
            self.movedIn = movedIn
            self.movedOut = movedOut
        }
    }

    public struct WhichReading: Codable, Sendable {
        /// Readings in report order.
        public var order: [String]
        /// The reading the published numbers fit best, and the sentence that says so.
        public var best: String
        public var finding: String
        /// The report's independent published numbers.
        public var numbers: [PublishedNumber]
        public var attribution: [Attribution]
        /// The joint tolerance a seed matches a published row whole within, in words with its
        /// reason (tables.json's `jointFit`).
        public var jointFit: String?

        public init(
            order: [String], best: String, finding: String, numbers: [PublishedNumber], attribution: [Attribution]
        ) {
            self.order = order
            self.best = best
            self.finding = finding
            self.numbers = numbers
            self.attribution = attribution
        }
    }

    /// Which validation sets could have printed the loss log: an MSE of whole predictions
    /// against whole counts is a whole number over the validation rows.
    public struct LossLogForensics: Codable, Sendable {
        public struct Candidate: Codable, Sendable {
            public var data: String
            public var rows: Int
            public var trainShare: Int
            public var validationRows: Int
            /// Every printed value times the validation rows is a whole number (within its printing).
            public var fits: Bool
            /// How many of the printed values do.
            public var wholeValues: Int

            public init(data: String, rows: Int, trainShare: Int, validationRows: Int, fits: Bool, wholeValues: Int) {
                self.data = data
                self.rows = rows
                self.trainShare = trainShare
                self.validationRows = validationRows
                self.fits = fits
                self.wholeValues = wholeValues
            }
        }
        public var values: [Double]
        public var candidates: [Candidate]
        /// The training shares whose validation sets fit, in order.
        public var fittingTrainShares: [Int]
        /// The training share the report gives for its headline run.
        public var headlineTrainShare: Int?
        /// Against the runs of each experiment at a share that fits, under each reading: how many
        /// printed values lie inside the 95% interval for one run.
        public var matches: [Match]?
        /// The experiment whose runs hold the most printed values under some reading, when one
        /// does alone: the run the log most likely came from.
        public var mostLike: String?

        public struct Match: Codable, Sendable {
            public var experiment: String
            public var trainShare: Int
            public var reading: String
            public var inside: Int
            public var of: Int

            public init(experiment: String, trainShare: Int, reading: String, inside: Int, of: Int) {
                self.experiment = experiment
                self.trainShare = trainShare
                self.reading = reading
                self.inside = inside
                self.of = of
            }
        }
        /// The last printed value, cut to a whole number, is the published headline.
        public var lastValueIsHeadline: Bool
        public var finding: String

        public init(
            values: [Double], candidates: [Candidate], fittingTrainShares: [Int], lastValueIsHeadline: Bool,
            finding: String
        ) {
            self.values = values
            self.candidates = candidates
            self.fittingTrainShares = fittingTrainShares
            self.lastValueIsHeadline = lastValueIsHeadline
            self.finding = finding
        }
    }
}
