import BikeModel
import Foundation
import Statistics

/// A study's grid measured: a row per point, its claims judged.
public struct StudyResult: Codable, Sendable {
    /// One point of the grid: `value` (an array of two for a two-setting grid), and each
    /// measured column over the seeds, flattened beside it (a measure's key: `{"median", "min", …}`).
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
