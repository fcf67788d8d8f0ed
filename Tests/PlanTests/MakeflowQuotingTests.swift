import BikeModel
import Foundation
import Pipeline
import Plan
import ReportBuilder
import TestSupport
import Testing

/// Makeflow reads a command with its own lexer before `sh` does: every argument of the real
/// plan must reach its tool with the same bytes through Makeflow as through make.
@Suite("Makeflow's quoting", .serialized)
struct MakeflowQuotingTests {
    static let folders = [
        "B": "build", "BIN": ".build/release", "FIG": "figures", "PIPELINE": "pipeline", "DATA": "data/train.csv",
        "TOOLS_STAMPS": "build/tools"
    ]

    /// Text no label of ours holds today but a declaration could: quotes, `$`, backslashes.
    static let hostile: [PlanArgument] = [
        "the report's encoding", "\"double\" and 'single'", "$(shell touch PWNED) $$HOME ${HOME} $HOME",
        "back\\slash \\n \\' \\\\", "`touch PWNED2`", "# not a comment", "a;b|c&d>e<f", "ü η ≈ —", "50%", "*",
        "-", "", "=", "x=y", "tab\u{a0}space"
    ]

    @Test("the real plan's every argument, and hostile ones, reach a stub tool alike through make and Makeflow")
    func realPlanArgv() throws {
        let pipeline = try PipelineSpec.load(Fixtures.repository.appendingPathComponent("pipeline").path)
        let plan = MakePlan(pipeline)
        var commands = plan.rules.map(\.arguments)
        commands.append(Self.hostile)
        commands.append(Self.hostile.map { PlanArgument.labelled($0.literalText, PlanPath(.build, "runs/x/h.csv")) })
        let folder = Fixtures.folder()
        Fixtures.write("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done\n", to: folder + "/stub")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder + "/stub")
        try FileManager.default.createDirectory(atPath: folder + "/argv", withIntermediateDirectories: true)
        var makefile = Self.folders.sorted { $0.key < $1.key }.map { "\($0.key) := \($0.value)\n" }.joined()
        makefile += "all: \(commands.indices.map { "argv/\($0).make" }.joined(separator: " "))\n"
        var makeflow = ""
        func resolve(_ text: String) -> String {
            var out = text
            for (name, value) in Self.folders { out = out.replacingOccurrences(of: "$(\(name))", with: value) }
            return out
        }
        for (index, arguments) in commands.enumerated() {
            makefile +=
                "argv/\(index).make:\n\t./stub \(try arguments.map(MakeText.argument).joined(separator: " ")) > $@\n"
            makeflow +=
                "argv/\(index).flow:\n\tLOCAL ./stub \(try arguments.map { try MakeText.makeflowArgument($0, resolve: resolve) }.joined(separator: " ")) > argv/\(index).flow\n\n"
        }
        Fixtures.write(makefile, to: folder + "/Makefile")
        Fixtures.write(makeflow, to: folder + "/argv.makeflow")
        let make = try Fixtures.run("/usr/bin/env", ["make", "-s", "-j2"], in: folder)
        #expect(make.status == 0, "\(make.output)")
        let flow = try Fixtures.run(
            "/usr/bin/env", ["makeflow", "-T", "local", "-j", "2", "--do-not-save-failed-output", "argv.makeflow"],
            in: folder)
        #expect(flow.status == 0, "makeflow failed (make deps installs it): \(flow.output)")
        var differ: [String] = []
        for (index, arguments) in commands.enumerated() {
            let a = FileManager.default.contents(atPath: "\(folder)/argv/\(index).make")
            let b = FileManager.default.contents(atPath: "\(folder)/argv/\(index).flow")
            if a == nil || a != b { differ.append("\(index): \(arguments.prefix(3))") }
        }
        #expect(differ.isEmpty, "arguments that differ between make and Makeflow: \(differ)")
        // The stub saw the hostile text as it is, and nothing it names ran.
        let hostile = FileManager.default.contents(atPath: "\(folder)/argv/\(commands.count - 2).flow") ?? Data()
        #expect(
            hostile.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
                String(decoding: $0, as: UTF8.self)
            } == Self.hostile.map(\.literalText))
        #expect(!FileManager.default.fileExists(atPath: folder + "/PWNED"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/PWNED2"))
    }

    @Test("text neither rendering can carry is refused by both alike, naming it")
    func refused() {
        for text in ["line\nbreak", "carriage\rreturn", "bell\u{7}"] {
            #expect(throws: UsageError.self) { try MakeText.argument(.literal(text)) }
            #expect(throws: UsageError.self) { try MakeText.makeflowArgument(.literal(text), resolve: { $0 }) }
        }
    }
}

extension PlanArgument {
    fileprivate var literalText: String {
        if case .literal(let text) = self { return text }
        return ""
    }
}
