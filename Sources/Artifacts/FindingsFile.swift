import BikeModel
import Foundation

extension ReportResults {
    /// What the report found, first: each line a finding computed from the rest of the results,
    /// with the section that holds its evidence. results.json's `findings`, for scripts and CI.
    public struct Findings: Codable, Sendable {
        public struct Line: Codable, Sendable {
            /// What it is about: "reading", "cells", "conclusions", "log", "headline", "units",
            /// "data", "unexplained".
            public var topic: String
            public var text: String
            /// The report section with the evidence, as a markdown anchor.
            public var section: String

            public init(topic: String, text: String, section: String) {
                (self.topic, self.text, self.section) = (topic, text, section)
            }
        }
        public var lines: [Line]

        public init(lines: [Line]) { self.lines = lines }
    }
}
