import Foundation

/// Paths, scratch folders and the built tools, shared by the test targets.
public enum Fixtures {
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// The lab's 8,619 rows, the file the report ran on.
    public static let trainCSV = repository.appendingPathComponent("data/train.csv").path
    /// The whole year 2011, 8,645 rows.
    public static let fullYearCSV = repository.appendingPathComponent("data/train-2011-full.csv").path
    public static let header =
        "instant,dteday,season,yr,mnth,hr,holiday,weekday,workingday,weathersit,temp,atemp,hum,windspeed,cnt"
    public static let row = "1,2011-01-01,1,0,1,0,0,6,0,1,0.24,0.2879,0.81,0,16"

    /// A fresh empty folder for one test's files, under this test process's own root.
    public static func folder() -> String {
        let path = scratchRoot + "/" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// One folder per test process in the temporary directory, named for its process id. The
    /// roots of test processes that have ended are removed when it is first made, so that runs
    /// of the tests do not leave a thousand folders each behind.
    static let scratchRoot: String = {
        let temporary = NSTemporaryDirectory(), prefix = "bike-report-tests-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix(prefix)
        {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: temporary + name) }
        }
        let root = temporary + prefix + String(getpid())
        try! FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }()

    public static func write(_ text: String, to path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }
    public static func write(_ bytes: [UInt8], to path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }
    public static func files(in folder: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted() ?? []
    }

    /// A built tool is missing: `swift build --build-tests` (which `make test` runs) makes them.
    public struct MissingTool: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) is missing: run `swift build --build-tests` first" }
    }

    /// Runs a tool of the debug build in `folder`: its exit status, standard output and error.
    public static func tool(_ name: String, _ arguments: [String], in folder: String) throws -> (
        status: Int32, output: String, error: String
    ) {
        let path = repository.appendingPathComponent(".build/debug/\(name)").path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw MissingTool(path: path) }
        return try run(path, arguments, in: folder)
    }

    /// Runs a program in `folder`, without the make variables of a make that runs the tests:
    /// its exit status, standard output and error.
    public static func run(_ path: String, _ arguments: [String], in folder: String) throws -> (
        status: Int32, output: String, error: String
    ) {
        let process = Process()
        var environment = ProcessInfo.processInfo.environment
        for name in ["MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES"] { environment[name] = nil }
        process.environment = environment
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile(),
            err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
