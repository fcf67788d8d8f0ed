import BikeModel
import Foundation
import TestSupport
import Testing

/// A stage's temporaries cannot be redirected, and a killed run's are cleaned up by the next.
@Suite("Temporary files")
struct TemporaryFileTests {
    /// The pid of a process that has exited: its temporaries are leftovers.
    func deadPID() throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("links planted at the names a temporary once had redirect nothing; an output that is a link is refused")
    func plantedLinks() throws {
        let dir = Fixtures.folder()
        Fixtures.write("victim\n", to: dir + "/victim")
        // The old names were .NAME.PID.tmp: plant one for this process and the next thousand.
        let me = getpid()
        for pid in me..<(me + 1000) {
            for name in ["x.csv", "x.csv.meta.json"] {
                #expect(symlink(dir + "/victim", "\(dir)/.\(name).\(pid).tmp") == 0)
            }
        }
        try Preprocess.run(input: Fixtures.trainCSV, output: dir + "/x.csv", mode: .report, fitOn: nil)
        #expect(try String(contentsOfFile: dir + "/victim", encoding: .utf8) == "victim\n")
        var status = stat()
        #expect(lstat(dir + "/x.csv", &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG)
        // An output path that is itself a symbolic link is refused, and its target untouched.
        #expect(symlink(dir + "/victim", dir + "/y.csv") == 0)
        #expect {
            try Preprocess.run(input: Fixtures.trainCSV, output: dir + "/y.csv", mode: .report, fitOn: nil)
        } throws: { "\($0)".contains("y.csv: is a symbolic link: refusing to write through it") }
        #expect(try String(contentsOfFile: dir + "/victim", encoding: .utf8) == "victim\n")
    }

    @Test("a killed run's temporaries are removed by the next run of the same stage; a live one's are kept")
    func leftovers() throws {
        let dir = Fixtures.folder(), dead = try deadPID()
        let leftovers = [".x.csv.\(dead).tmp", ".x.csv.\(dead).1f2e3d.tmp", ".x.csv.meta.json.\(dead).ab.tmp"]
        for name in leftovers { Fixtures.write("half a file", to: dir + "/" + name) }
        let live = ".x.csv.1.abc.tmp"  // pid 1 is alive: not ours to remove
        Fixtures.write("someone else's", to: dir + "/" + live)
        try Preprocess.run(input: Fixtures.trainCSV, output: dir + "/x.csv", mode: .report, fitOn: nil)
        #expect(Fixtures.files(in: dir) == [live, "x.csv", "x.csv.meta.json"].sorted())
    }
}
