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
        /// The claim judged on the configurations' means (`ClaimSpec.judgeMeans`).
        public var onMeans: OnMeans?

        public init(id: String, claim: String, holds: Bool, expected: Bool? = nil, evidence: String) {
            self.id = id
            self.claim = claim
            self.holds = holds
            self.expected = expected
            self.evidence = evidence
        }
    }

    /// A claim judged on what it says of the configurations, their means (STATISTICS.md).
    public struct OnMeans: Codable, Sendable, Equatable {
        public var verdict: ConclusionVerdict
        /// One-sided error rate of each interval: 0.05 over the claims judged together.
        public var alpha: Double
        /// Contrasts of means (or one-run predictions) the claim's conditions make.
        public var contrasts: Int
        /// Why it stays open, when it does; `seedsToDecide`: a configuration's seeds that would
        /// decide it at the observed spread.
        public var cause: OpenCause?
        public var seedsToDecide: Int?
        /// The most seeds a configuration is trained with (tables.json's `maxSeeds`).
        public var seedCap: Int?

        public init(verdict: ConclusionVerdict, alpha: Double, contrasts: Int) {
            self.verdict = verdict
            self.alpha = alpha
            self.contrasts = contrasts
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
    public var lossCurve: LossCurve?
    public var closeUp: CloseUp?
    /// Beyond the report (pipeline/beyond.json): absent sections fail make check. Its keys stand
    /// at the top level of results.json, beside these.
    public var beyond: BeyondResults
    /// pipeline/studies/NAME.json, by NAME.
    public var studies: [String: StudyResult]?
    /// pipeline/readings/NAME.json, by NAME; which reading the published numbers are; and which
    /// splits could have printed the loss log.
    public var readings: [String: ReadingResult]?
    public var whichReading: WhichReading?
    public var lossLogForensics: LossLogForensics?
    /// The course's acceptance check (`beyond.json`'s `acceptance`).
    public var acceptance: Acceptance?
    /// What the report found, computed from the rest, shown first.
    public var findings: Findings?

    /// results.json's keys, a contract scripts read (`beyond`'s are its own).
    enum CodingKeys: String, CodingKey {
        case artifact, tableOrder, tables, headline, conclusions, figures, provenance
        case lossCurve = "loss_curve"
        case closeUp = "close_up"
        case studies, readings
        case whichReading = "which_reading"
        case lossLogForensics = "loss_log_forensics"
        case acceptance, findings
    }

    public init(
        artifact: ArtifactHeader, tableOrder: [String], tables: [String: Table], headline: Headline,
        conclusions: [Conclusion], figures: [String: String], provenance: Provenance,
        beyond: BeyondResults = BeyondResults()
    ) {
        self.artifact = artifact
        self.tableOrder = tableOrder
        self.tables = tables
        self.headline = headline
        self.conclusions = conclusions
        self.figures = figures
        self.provenance = provenance
        self.beyond = beyond
    }

    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: CodingKeys.self)
        artifact = try keys.decode(ArtifactHeader.self, forKey: .artifact)
        tableOrder = try keys.decode([String].self, forKey: .tableOrder)
        tables = try keys.decode([String: Table].self, forKey: .tables)
        headline = try keys.decode(Headline.self, forKey: .headline)
        conclusions = try keys.decode([Conclusion].self, forKey: .conclusions)
        figures = try keys.decode([String: String].self, forKey: .figures)
        provenance = try keys.decode(Provenance.self, forKey: .provenance)
        lossCurve = try keys.decodeIfPresent(LossCurve.self, forKey: .lossCurve)
        closeUp = try keys.decodeIfPresent(CloseUp.self, forKey: .closeUp)
        studies = try keys.decodeIfPresent([String: StudyResult].self, forKey: .studies)
        readings = try keys.decodeIfPresent([String: ReadingResult].self, forKey: .readings)
        whichReading = try keys.decodeIfPresent(WhichReading.self, forKey: .whichReading)
        lossLogForensics = try keys.decodeIfPresent(LossLogForensics.self, forKey: .lossLogForensics)
        acceptance = try keys.decodeIfPresent(Acceptance.self, forKey: .acceptance)
        findings = try keys.decodeIfPresent(Findings.self, forKey: .findings)
        beyond = try BeyondResults(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var keys = encoder.container(keyedBy: CodingKeys.self)
        try keys.encode(artifact, forKey: .artifact)
        try keys.encode(tableOrder, forKey: .tableOrder)
        try keys.encode(tables, forKey: .tables)
        try keys.encode(headline, forKey: .headline)
        try keys.encode(conclusions, forKey: .conclusions)
        try keys.encode(figures, forKey: .figures)
        try keys.encode(provenance, forKey: .provenance)
        try keys.encodeIfPresent(lossCurve, forKey: .lossCurve)
        try keys.encodeIfPresent(closeUp, forKey: .closeUp)
        try keys.encodeIfPresent(studies, forKey: .studies)
        try keys.encodeIfPresent(readings, forKey: .readings)
        try keys.encodeIfPresent(whichReading, forKey: .whichReading)
        try keys.encodeIfPresent(lossLogForensics, forKey: .lossLogForensics)
        try keys.encodeIfPresent(acceptance, forKey: .acceptance)
        try keys.encodeIfPresent(findings, forKey: .findings)
        // The same object: beyond.json's sections are top-level keys of results.json.
        try beyond.encode(to: encoder)
    }
}
