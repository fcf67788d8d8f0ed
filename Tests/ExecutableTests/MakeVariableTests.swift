import Foundation
import TestSupport
import Testing

/// Every variable a user may give make is checked before make expands it: a hostile value is
/// refused naming the variable, and nothing it holds runs.
@Suite("Make variables")
struct MakeVariableTests {
    static let variables = [
        "SWIFT", "SWIFT_CPU", "BIN", "BUILD_TOOLS", "B", "FIG", "DATA", "PIPELINE", "ENGINE", "FORMAT", "EXP",
        "BENCH_REF", "LLVM_BIN", "PLAN", "DEPS_FOR", "REPORT", "SCALE", "WORKERS", "WORKER_CORES", "REV"
    ]
    static let payloads = [
        "$(shell touch PWNED)", "x'; touch PWNED; echo '", "2; touch PWNED", "a\ntouch PWNED", "`touch PWNED`"
    ]

    func make(_ arguments: [String], in folder: String) throws -> (status: Int32, output: String, error: String) {
        try Fixtures.run(
            "/usr/bin/env", ["make", "-f", Fixtures.repository.appendingPathComponent("Makefile").path] + arguments,
            in: folder)
    }

    @Test("each variable with $(shell …), quotes, ';', a newline or backticks is refused by name; nothing runs")
    func hostile() throws {
        let folder = Fixtures.folder()
        for variable in Self.variables {
            for payload in Self.payloads {
                let run = try make(["help", "\(variable)=\(payload)"], in: folder)
                #expect(run.status != 0, "\(variable)=\(payload) was accepted")
                #expect(run.error.contains("*** \(variable)='"), "\(variable): \(run.error)")
            }
        }
        // SET is free text for `report plan`, passed in the environment and never expanded by make.
        let set = try make(["help", "SET=x=$(shell touch PWNED)"], in: folder)
        #expect(set.status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder + "/PWNED"))
    }

    @Test("plain values pass, and a default the Makefile computes itself is not the user's to check")
    func plain() throws {
        let folder = Fixtures.folder()
        let run = try make(
            ["help", "EXP=headline", "REV=HEAD~1", "WORKERS=2", "SCALE=2", "FORMAT=json", "B=build/x", "SWIFT_CPU="],
            in: folder)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("make report"))
    }
}
