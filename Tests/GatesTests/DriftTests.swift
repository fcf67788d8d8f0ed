import Artifacts
import BikeModel
import Foundation
import Gates
import Pipeline
import ReportBuilder
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The drift gate: results are deterministic, so any number that moved since the committed
/// results is caught, however small, and `report diff` names exactly what moved.
@Suite("Drift gate and report diff")
struct DriftTests {
    static let committed = Fixtures.repository.appendingPathComponent("figures/results.json").path

    /// The committed results with `edit` applied to their text.
    func edited(_ edit: (String) -> String) throws -> JSONTree {
        let text = try String(contentsOfFile: Self.committed, encoding: .utf8)
        let changed = edit(text)
        #expect(changed != text, "the edit changed nothing")
        return try JSONTree.parse(Array(changed.utf8), file: "edited.json")
    }

    /// The committed results with one number of the headline row of Table 3 moved by `factor`.
    func moved(by factor: Double) throws -> (tree: JSONTree, old: Double) {
        let results = try ArtifactJSON.decode(ReportResults.self, from: Self.committed)
        let old = results.tables["train_fraction"]!.rows[3].reproduced["val_mse"]!.median
        var changed = results
        changed.tables["train_fraction"]!.rows[3].reproduced["val_mse"]!.median = old * factor
        return (try JSONTree.parse([UInt8](try ArtifactJSON.encode(changed)), file: "moved.json"), old)
    }

    @Test("unchanged results pass: every number compared, none moved")
    func unchanged() throws {
        let tree = try JSONTree.load(Self.committed)
        let diff = ResultsDiff(old: tree, new: tree, tolerance: 0)
        #expect(diff.isEmpty)
        #expect(diff.numbersCompared > 1000)
    }

    @Test("a cell moved by 1%, well inside the published ±8%, fails the drift gate, named by its place")
    func movedCell() throws {
        let (tree, old) = try moved(by: 1.01)
        let diff = ResultsDiff(old: try JSONTree.load(Self.committed), new: tree, tolerance: 0)
        #expect(diff.changes.map(\.location) == ["tables.train_fraction.rows[headline].reproduced.val_mse.median"])
        #expect(diff.changes.first?.kind == .number)
        #expect(abs((diff.changes.first?.relativeChange ?? 0) - 0.01) < 1e-9)
        #expect(diff.changes.first?.old == "\(readable(old)) (\(formatNumber(old)))")
        // Within a declared drift tolerance of 2% it passes; the published gate never sees it.
        #expect(ResultsDiff(old: try JSONTree.load(Self.committed), new: tree, tolerance: 0.02).isEmpty)
    }

    @Test("a number that moves from 0 has no relative change, and the diff still writes as JSON")
    func fromZero() throws {
        let old = try JSONTree.parse(Array(#"{"a": 0, "b": 2}"#.utf8), file: "old")
        let new = try JSONTree.parse(Array(#"{"a": 3, "b": 2}"#.utf8), file: "new")
        let diff = ResultsDiff(old: old, new: new, tolerance: 0)
        #expect(diff.changes.count == 1 && diff.changes[0].relativeChange == nil && diff.changes[0].newNumber == 3)
        #expect(throws: Never.self) {
            try ArtifactJSON.encode(
                DriftGate.Report(against: "HEAD", tolerance: 0, numbersCompared: 2, changes: diff.changes))
        }
        #expect(diff.markdown(old: "old", new: "new").contains("| from 0 |"))
    }

    @Test("report diff lists exactly the moved numbers, verdict changes first")
    func exactList() throws {
        let tree = try edited {
            $0.replacingOccurrences(
                of: "\"holds\" : false,\n      \"id\" : \"mgd-beats-bgd-and-sgd\"",
                with: "\"holds\" : true,\n      \"id\" : \"mgd-beats-bgd-and-sgd\""
            )
            .replacingOccurrences(of: "\"mean_2012\" : ", with: "\"mean_2012\" : 1")
        }
        let diff = ResultsDiff(old: try JSONTree.load(Self.committed), new: tree, tolerance: 0)
        #expect(diff.changes.map(\.location) == ["conclusions[mgd-beats-bgd-and-sgd].holds", "holdout_2012.mean_2012"])
        #expect(diff.changes.map(\.kind) == [.verdict, .number])
        let markdown = diff.markdown(old: "HEAD", new: "working tree")
        #expect(
            markdown.contains(
                "**Verdicts that changed**\n\n- `conclusions[mgd-beats-bgd-and-sgd].holds`: false → **true**"))
        #expect(markdown.contains("| `holdout_2012.mean_2012` |"))
    }

    @Test("the gate reads the committed results from git, and skips with a notice without history")
    func gitRevision() throws {
        let folder = Fixtures.folder()
        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                ["git", "-C", folder, "-c", "user.name=test", "-c", "user.email=test@example.org"] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
        }
        let path = folder + "/results.json"
        try FileManager.default.copyItem(atPath: Self.committed, toPath: path)
        let untracked = try DriftGate.check(path, against: "HEAD", tolerance: 0)
        #expect(untracked.item.skipped != nil && untracked.item.failure == nil)
        #expect(untracked.notice?.contains("drift gate skipped") == true)

        try git("init", "-q")
        try git("add", "results.json")
        try git("commit", "-q", "-m", "results")
        #expect(try DriftGate.check(path, against: "HEAD", tolerance: 0).item.failure == nil)
        var results = try ArtifactJSON.decode(ReportResults.self, from: Self.committed)
        results.tables["train_fraction"]!.rows[3].reproduced["val_mse"]!.median *= 1.01
        try ArtifactJSON.encode(results).write(to: URL(fileURLWithPath: path))
        let drift = try DriftGate.check(path, against: "HEAD", tolerance: 0)
        #expect(drift.item.failure?.contains("tables.train_fraction.rows[headline].reproduced.val_mse.median") == true)
        #expect(drift.item.failure?.contains("If intended: commit the regenerated figures/") == true)
        #expect(
            try DriftGate.check(path, against: "no-such-revision", tolerance: 0).notice?.contains(
                "no revision 'no-such-revision'") == true)
    }

    @Test("the JUnit report is well-formed XML with a test case per check")
    func junit() throws {
        let results = try ArtifactJSON.decode(ReportResults.self, from: Self.committed)
        let pipeline = try PipelineSpec.load(Fixtures.repository.appendingPathComponent("pipeline").path)
        var items = ResultsCheck.items(results, pipeline: pipeline)
        items.append(
            CheckItem(suite: "drift", name: "drift against HEAD", failure: "tables.x <5> & \"y\" moved\u{1B}[31m"))
        let xml = JUnitReport.xml(items, name: "make check")
        let document = try XMLDocument(data: Data(xml.utf8))
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == items.count)
        #expect(try document.nodes(forXPath: "//testcase[failure]").count == 1)
        #expect(
            try document.nodes(forXPath: "/testsuites/testsuite/@name").compactMap(\.stringValue) == [
                "cells", "headline", "conclusions", "studies", "readings", "beyond the report", "drift"
            ])
        let gated = try document.nodes(forXPath: "//testsuite[@name='cells']/testcase/@name").compactMap(\.stringValue)
        #expect(
            gated.contains(
                "table 3 'train_fraction', row 5 (\(results.tables["train_fraction"]!.rows[4].label)), val_mse"))
        #expect(
            try document.nodes(forXPath: "//failure/@message").first?.stringValue
                == "tables.x <5> & \"y\" moved\u{FFFD}[31m")
    }
}
