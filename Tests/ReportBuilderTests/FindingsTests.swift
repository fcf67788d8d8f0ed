import Artifacts
import Foundation
import Pipeline
import TestSupport
import Testing

@testable import ReportBuilder

/// The findings open the report: each computed from the results, each linking the heading of
/// the section with its evidence.
@Suite("Findings first")
struct FindingsTests {
    @Test("the committed report opens with the findings, each linking a heading that exists")
    func linksResolve() throws {
        let results = try ReportTests.results.get()
        let lines = try #require(results.findings?.lines)
        #expect(lines.count >= 5 && lines.count <= 20)
        let report = try String(
            contentsOf: Fixtures.repository.appendingPathComponent("figures/report.md"), encoding: .utf8)
        #expect(report.hasPrefix("# The lab report, reproduced\n\n## What was found\n"))
        let anchors = Set(
            report.split(separator: "\n").filter { $0.hasPrefix("#") }.map {
                Findings.anchor(String($0.drop { $0 == "#" }.dropFirst()))
            })
        for line in lines { #expect(anchors.contains(line.section), "\(line.topic): \(line.section)") }
        // Recomputed from the results, the findings are the ones stored.
        let cap = try PipelineSpec.load(Fixtures.repository.appendingPathComponent("pipeline").path).tables.maxSeeds
        #expect(Findings.lines(results, cap: cap).map(\.text) == lines.map(\.text))
        // Each undecided cell is counted under exactly one cause.
        let cells = try #require(lines.first { $0.topic == "cells" }).text
        let words = cells.split(separator: " ")
        let undecided = zip(words, words.dropFirst()).first { $0.1 == "undecided" }.flatMap { Int($0.0) }
        let byCause = zip(words, words.dropFirst()).filter { $0.1 == "because" }.compactMap { Int($0.0) }
        #expect(undecided != nil && byCause.reduce(0, +) == undecided, "\(cells)")
    }

    @Test("a heading becomes GitHub's anchor: lower case, punctuation dropped, spaces as hyphens")
    func anchors() {
        #expect(Findings.anchor("Which run printed the headline?") == "#which-run-printed-the-headline")
        #expect(
            Findings.anchor("Table 1: Hidden activation (BGD, t = 70, q = 5)")
                == "#table-1-hidden-activation-bgd-t--70-q--5")
    }
}
