import Artifacts
import BikeModel
import Foundation
import Stages
import Statistics

extension PipelineSpec {
    /// A table's (or the headline's) equivalence margin, with the reason for its size.
    public struct Margin: Codable, Equatable, Sendable {
        public var relative: Double
        public var rationale: String
    }

    public struct TableSpec: Codable, Sendable {
        public struct Row: Codable, Sendable {
            public var experiment: String
            /// What `make check` holds each gated cell's verdict to: "reproduced" when not said.
            public var expected: [String: CellVerdict]?
        }
        public struct Figure: Codable, Sendable {
            public var file: String
            public var logY: Bool
        }
        public var name: String
        public var figure: Figure
        /// The margin of every gated column of the table; the columns' default when absent.
        public var margin: Margin?
        public var rows: [Row]
    }

    public struct Tables: Codable, Sendable {
        public struct Headline: Codable, Sendable {
            public var experiment: String
            /// The seed whose run the close-up figures show; the experiment's first by default.
            public var seed: UInt64?
            public var margin: Margin?
            /// The headline validation MSE's expected verdict: "reproduced" when not said.
            public var expected: CellVerdict?
        }
        /// The report's conclusions, each a claim on the runs of the experiments it names.
        public struct Conclusions: Codable, Sendable { public var claims: [ClaimSpec] }
        /// The drift gate's tolerance: how far a number may move from the committed results.
        public struct Drift: Codable, Sendable { public var tolerance: Double }
        /// Which columns are gated (a number) and their default margin; null: reported only.
        public var tolerances: [String: Double?]
        /// Why the default margin is that size.
        public var tolerancesRationale: String?
        public var drift: Drift?
        /// How close each of a published row's numbers must be for one run to match the row
        /// whole: epoch counts within `epochs`, MSEs within `mse`, and why.
        public struct JointFit: Codable, Sendable {
            public var epochs: Int
            public var mse: Double
            public var reason: String
        }
        public var jointFit: JointFit?
        /// The most seeds a table's experiment may grow to while a gated cell is inconclusive;
        /// nil: the declared seeds only.
        public var maxSeeds: Int?
        public var tables: [TableSpec]
        public var headline: Headline
        public var conclusions: Conclusions

        /// The number the report gives table `name`, from 1 in declared order; nil if undeclared.
        public func number(of name: String) -> Int? { tables.firstIndex { $0.name == name }.map { $0 + 1 } }

        /// The margin a gated `column` of `table` (nil: the headline) is judged at: its own,
        /// else the column's default; nil for a column that is not gated.
        public func margin(_ column: String, table: String?) -> Double? {
            guard let gate = tolerances[column] ?? nil else { return nil }
            let own = table.map { name in tables.first { $0.name == name }?.margin } ?? headline.margin
            return own?.relative ?? gate
        }

        /// The headline validation MSE's margin.
        public var headlineMargin: Double? { margin(Measure.validationMSE.key, table: nil) }
    }

    /// The settings a published table states for all its rows (or the headline), in the
    /// report's own names; a row's own setting cells add to them.
    /// The settings a published table or headline states, by the names of `RunSettings`
    /// (`eta` read as `learningRate`: `PublishedNames`).
    public struct PublishedSettings: Codable, Equatable, Sendable {
        public var values: [String: JSONValue] = [:]

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: SettingKey.self)
            for key in container.allKeys {
                let cell = try container.decode(JSONValue.self, forKey: key)
                guard let (setting, value) = PublishedNames.value(key.stringValue, cell) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: container, debugDescription: "not a published setting's value")
                }
                values[setting] = value
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: SettingKey.self)
            for (published, setting, _) in PublishedNames.all {
                guard let value = values[setting] else { continue }
                let cell: JSONValue =
                    published == "encoded" ? .bool(value == .string(DataEncoding.report.rawValue)) : value
                try container.encode(cell, forKey: SettingKey(published))
            }
        }
    }

    public struct Published: Codable, Sendable {
        public struct Table: Codable, Sendable {
            public var title: String
            public var columns: [String]
            public var rows: [[JSONValue]]
            public var conclusion: String
            public var settings: PublishedSettings?
        }
        public struct Headline: Codable, Sendable {
            public var validationMSE: Double
            public var statedRange: [Double]
            public var settings: PublishedSettings?

            enum CodingKeys: String, CodingKey {
                case validationMSE = "val_mse"
                case statedRange = "stated_range"
                case settings
            }
        }
        /// A claim the report makes in its prose, with no table behind it: in our words, and
        /// where the report makes it.
        public struct ProseClaim: Codable, Sendable {
            public var text: String
            public var source: String
        }
        public var tables: [String: Table]
        public var headline: Headline
        public var lossCurvePrinted: [[Double]]?
        public var claims: [String: ProseClaim]?

        /// published.json's keys.
        enum CodingKeys: String, CodingKey {
            case tables, headline
            case lossCurvePrinted = "loss_curve_printed"
            case claims
        }
    }
}
