import BikeModel
import Foundation

/// The package version that every tool reports and every artifact records.
public let packageVersion = "0.1.0"

/// What every artifact says about itself: what it is, which tool made it with which
/// parameters, and a fingerprint of each input, so a later stage can refuse a stale one.
public struct ArtifactHeader: Codable, Equatable, Sendable {
    public struct Input: Codable, Equatable, Sendable {
        public var role: String
        public var path: String
        public var sha256: String

        public init(role: String, path: String, sha256: String) {
            self.role = role
            self.path = path
            self.sha256 = sha256
        }
    }

    public var schema: String
    public var schemaVersion: Int
    public var tool: String
    public var toolVersion: String
    public var parameters: [String: String]
    public var inputs: [Input]
    /// SHA-256 of the file as written, with these 64 digits as zeros: a file edited after it was
    /// written no longer matches (`ArtifactJSON.seal`). Absent on a model inside a model set,
    /// which its set's digest covers.
    public var contentSHA256: String?

    public init(schema: Schema, tool: String, parameters: [String: String], inputs: [Input]) {
        self.schema = schema.rawValue
        schemaVersion = schema.version
        self.tool = tool
        toolVersion = packageVersion
        self.parameters = parameters
        self.inputs = inputs
        contentSHA256 = ArtifactJSON.unsealed
    }

    /// A header for the artifact at `output`: each input is recorded by its path relative to the
    /// artifact's own folder, so the record holds wherever the project is and whichever folder a
    /// later stage runs from.
    public init(schema: Schema, tool: String, parameters: [String: String], inputs: [Input], for output: String) {
        self.init(
            schema: schema, tool: tool, parameters: parameters,
            inputs: inputs.map {
                Input(
                    role: $0.role, path: FilePath.relative($0.path, from: FilePath.folder(of: output)),
                    sha256: $0.sha256)
            })
    }

    /// Refuses an artifact of another schema, of a version this build does not know, or whose
    /// recorded inputs have changed since it was made. A recorded input that no longer exists
    /// cannot be checked: that is said on stderr, not passed over in silence.
    public func verify(_ expected: Schema, file: String) throws {
        guard schema == expected.rawValue else {
            throw InputError(file: file, "is a '\(schema)' artifact, expected '\(expected.rawValue)'")
        }
        guard schemaVersion == expected.version else {
            throw InputError(
                file: file,
                "has schema version \(schemaVersion) of '\(schema)'; this build reads version \(expected.version) only (rerun the stage that made it)"
            )
        }
        var checked: [String: String] = [:]
        for input in inputs {
            let path = FilePath.resolve(input.path, from: FilePath.folder(of: file))
            guard FileManager.default.fileExists(atPath: path) else {
                // On a Makeflow worker only the files a rule names are there; make says so once.
                if ProcessInfo.processInfo.environment["BIKE_REPORT_UNCHECKED"] != "quiet" {
                    warn(
                        "\(file): its recorded input \(path) (\(input.role)) is missing, so it cannot be checked as current"
                    )
                }
                continue
            }
            // An input listed many times is hashed once.
            let now: String
            do { now = try checked[path] ?? fingerprint(path) } catch {
                throw InputError(file: file, "its recorded input \(path) (\(input.role)) cannot be read: \(error)")
            }
            checked[path] = now
            guard now == input.sha256 else {
                throw InputError(
                    file: file,
                    "is stale: its input \(path) (\(input.role)) has changed since it was made (recorded sha256 \(input.sha256.prefix(12))…, now \(now.prefix(12))…); rerun the stage that made it"
                )
            }
        }
    }
}

/// Paths as artifacts record them: relative to the artifact's folder.
public enum FilePath {
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` (relative to the working directory, or absolute) as seen from `folder`.
    public static func relative(_ path: String, from folder: String) -> String {
        let target = components(absolute(path, resolvingFolder: true)),
            base = components(absolute(folder, resolvingFolder: false))
        var common = 0
        while common < target.count, common < base.count, target[common] == base[common] { common += 1 }
        let parts = Array(repeating: "..", count: base.count - common) + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// A recorded path (relative to `folder`, or absolute) as a path to open.
    public static func resolve(_ path: String, from folder: String) -> String {
        path.hasPrefix("/") || folder == "." ? path : folder + "/" + path
    }

    /// An absolute path with symbolic links in its folders resolved (when they exist), so that
    /// two spellings of one folder give the same relative paths.
    public static func absolute(_ path: String, resolvingFolder: Bool) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let (folder, name) =
            resolvingFolder
            ? (self.folder(of: full), String(full[full.index(after: full.lastIndex(of: "/")!)...])) : (full, "")
        let resolved =
            realpath(folder, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            } ?? folder
        return name.isEmpty ? resolved : resolved + "/" + name
    }

    public static func components(_ path: String) -> [String] {
        var out: [String] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." { if !out.isEmpty { out.removeLast() } } else { out.append(String(part)) }
        }
        return out
    }
}

/// The artifact kinds this package writes, each with the version its readers understand.
public enum Schema: String, Sendable {
    case hours = "bike-report/hours"
    case model = "bike-report/model"
    case modelSet = "bike-report/model-set"
    case metrics = "bike-report/metrics"
    case history = "bike-report/history"
    case predictions = "bike-report/predictions"
    case forecasts = "bike-report/forecasts"
    case results = "bike-report/results"

    /// Bumped whenever the format changes: a reader refuses any other version.
    public var version: Int {
        switch self {
        // 2: sidecars carry the data record; models record the data they were trained on;
        // inputs are recorded relative to the artifact's folder.
        case .hours, .model, .modelSet, .history, .predictions: 2
        case .forecasts: 1
        // 3: the means under Metrics' own names (meanActual, meanPredicted); every seed's
        // metrics under "seeds" with --all-seeds.
        case .metrics: 3
        // 2: rows carry their settings as run and their departures from the published ones.
        // 3: seed statistics and verdicts per cell, conclusions with probabilities, the loss
        // curve compared, sweeps with convergence, the holdout over all seeds.
        case .results: 3
        }
    }
}

/// The SHA-256 of a file's bytes.
public func fingerprint(_ path: String) throws -> String {
    // The report reads some seventy model sets made from a handful of data files: each file is
    // hashed once per process, again only if its size or time changed.
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    let stamp = "\(attributes?[.size] ?? "?") \(attributes?[.modificationDate] ?? "?")"
    // One file by any of its names (each model set names its data from its own folder).
    let key = URL(fileURLWithPath: path).standardizedFileURL.path
    if attributes != nil, let known = Fingerprints.shared.lookup(key, stamp) { return known }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw InputError(file: path, "cannot read the file (missing or unreadable)")
    }
    let digest = SHA256.hex(data)
    if attributes != nil { Fingerprints.shared.store(key, stamp, digest) }
    return digest
}

/// The digests `fingerprint` computed in this process, by path and (size, time).
final class Fingerprints: @unchecked Sendable {
    static let shared = Fingerprints()
    private let lock = NSLock()
    private var digests: [String: (stamp: String, digest: String)] = [:]

    func lookup(_ path: String, _ stamp: String) -> String? {
        lock.withLock { digests[path].flatMap { $0.stamp == stamp ? $0.digest : nil } }
    }

    func store(_ path: String, _ stamp: String, _ digest: String) {
        lock.withLock { digests[path] = (stamp, digest) }
    }
}

/// The JSON sidecar `FILE.csv.meta.json` that describes a CSV artifact.
public struct CSVSidecar: Codable, Equatable, Sendable {
    public var artifact: ArtifactHeader
    /// The CSV's own fingerprint: an edited CSV no longer matches its sidecar.
    public var sha256: String
    public var rows: Int
    /// The encoding the features were made with (absent for raw data and non-feature tables).
    public var encoding: EncodingRecord?
    /// The data settings of the rows (feature and raw tables), carried on to the model.
    public var data: DataRecord?

    public init(
        artifact: ArtifactHeader, sha256: String, rows: Int, encoding: EncodingRecord? = nil, data: DataRecord? = nil
    ) {
        self.artifact = artifact
        self.sha256 = sha256
        self.rows = rows
        self.encoding = encoding
        self.data = data
    }

    public static func path(for csv: String) -> String { csv + ".meta.json" }

    /// Refuses a CSV whose row count is not the one its sidecar records.
    public func checkRows(_ count: Int, of csv: String) throws {
        guard count == rows else { throw InputError(file: csv, "has \(count) rows, but its sidecar records \(rows)") }
    }

    /// The checked sidecar of `csv`, or nil for a file that has none (raw data).
    public static func loadIfPresent(for csv: String) throws -> CSVSidecar? {
        FileManager.default.fileExists(atPath: path(for: csv)) ? try load(for: csv, expecting: .hours) : nil
    }

    /// Reads and checks the sidecar of `csv` and that the CSV still matches it.
    public static func load(for csv: String, expecting schema: Schema) throws -> CSVSidecar {
        let path = path(for: csv)
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: csv, "has no artifact sidecar \(path): it was not made by this pipeline's stages")
        }
        let data = try FileBytes.read(path, maximumBytes: 16 << 20)
        try ArtifactJSON.checkSeal(data, file: path)
        let sidecar = try ArtifactJSON.decode(CSVSidecar.self, from: path, data: data)
        try sidecar.artifact.verify(schema, file: path)
        let actual = try fingerprint(csv)
        guard actual == sidecar.sha256 else {
            throw InputError(
                file: csv,
                "does not match its sidecar \(path) (sha256 \(actual.prefix(12))…, recorded \(sidecar.sha256.prefix(12))…): it was edited or only half written"
            )
        }
        return sidecar
    }
}

/// The data settings a table of hours was made with, carried from stage to stage so that a
/// model records what it was trained on: how it was encoded and, once split, how.
public struct DataRecord: Codable, Equatable, Sendable {
    /// report, none, fit (means from all rows), fit-training (means from the training part of
    /// the same split) or raw.
    public var encoding: String
    public var trainShare: Int?
    public var rule: SplitRule?
    /// training or validation, once split.
    public var part: String?
    /// false for rows whose counts are unknown (`preprocess --unlabeled`); absent: labelled.
    public var labelled: Bool?

    public init(
        encoding: String, trainShare: Int? = nil, rule: SplitRule? = nil, part: String? = nil, labelled: Bool? = nil
    ) {
        self.encoding = encoding
        self.trainShare = trainShare
        self.rule = rule
        self.part = part
        self.labelled = labelled
    }
}

/// The encoding that made a feature table, carried from stage to stage.
public struct EncodingRecord: Codable, Equatable, Sendable {
    public var mode: EncodingMode
    /// The table applied (absent for `none`).
    public var table: TargetMeanEncoding?
    /// How codes the table lacks were treated (fit only).
    public var unseen: TargetMeanEncoding.Unseen?

    public init(mode: EncodingMode, table: TargetMeanEncoding? = nil, unseen: TargetMeanEncoding.Unseen? = nil) {
        self.mode = mode
        self.table = table
        self.unseen = unseen
    }
}

/// Writes files so that a reader never sees half of one, and a crash leaves nothing make
/// would accept: see `files`.
public enum AtomicWrite {
    /// Writes every file or none. Each goes to a temporary of this tool's own in its folder; once
    /// all are complete they are renamed into place. The first file named (a stage's primary
    /// output, the one make watches) is written and renamed last: a crash in between leaves it
    /// old, and make reruns the stage; after a success it is the newest. Outputs that are not
    /// regular files, or are named twice, are refused before anything is written.
    public static func files(_ contents: [(path: String, data: Data)]) throws {
        try OutputGuard.check(outputs: contents.map(\.path), inputs: [])
        var temporaries: [(temporary: String, path: String)] = []
        defer { for entry in temporaries { unlink(entry.temporary) } }
        for (path, data) in contents.reversed() {
            removeLeftovers(of: path)
            temporaries.append((try write(data, temporaryFor: path), path))
        }
        for (temporary, path) in temporaries where rename(temporary, path) != 0 {
            throw InputError(
                file: path, "cannot move the finished file into place: \(String(cString: strerror(errno)))")
        }
        temporaries.removeAll()
    }

    /// `.NAME.PID.RANDOM.tmp` beside `path`: the process that owns it, and a part no one can
    /// guess, so that a link planted in advance cannot catch the write.
    static func temporaryName(for path: String, random: UInt64) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return FilePath.folder(of: path) + "/.\(name).\(getpid()).\(String(random, radix: 16)).tmp"
    }

    /// Removes the temporaries of `path` that a killed run of this pipeline left: those whose
    /// process is gone (a live one may still be writing its own). Unlinking never follows a link.
    static func removeLeftovers(of path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let folder = FilePath.folder(of: path), prefix = ".\(name)."
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
            let middle = entry.dropFirst(prefix.count).dropLast(4).split(separator: ".")
            guard (1...2).contains(middle.count), let pid = pid_t(middle[0]), pid > 0 else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + entry) }
        }
    }

    /// The bytes to a new temporary of `path`, created afresh (`O_EXCL`, never through a
    /// symbolic link), with the system's own words for any failure (a full disk says so); its
    /// name. No fsync: the rename already makes a killed process leave the old file or the new,
    /// and syncing each of a run's hundreds of files cost a tenth of `make report`.
    static func write(_ data: Data, temporaryFor path: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        var temporary = "", descriptor: Int32 = -1
        for _ in 0..<8 {
            temporary = temporaryName(for: path, random: generator.next())
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw InputError(file: path, "cannot write: \(String(cString: strerror(errno)))") }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw InputError(file: path, "cannot write: \(String(cString: strerror(failure)))")
        }
        return temporary
    }

    /// Writes `data` only where the file does not already hold exactly it, so that its time
    /// changes only with its content: make then reruns only what the change touches.
    public static func ifChanged(_ path: String, _ data: Data) throws {
        if FileManager.default.contents(atPath: path) == data { return }
        try files([(path, data)])
    }

    /// A CSV artifact and its sidecar, written together.
    public static func csv(
        _ text: String, to path: String, header: ArtifactHeader, rows: Int,
        encoding: EncodingRecord? = nil, data: DataRecord? = nil
    ) throws {
        try files(csvFiles(text, to: path, header: header, rows: rows, encoding: encoding, data: data))
    }

    /// The two files of a CSV artifact, for writing together with others.
    public static func csvFiles(
        _ text: String, to path: String, header: ArtifactHeader, rows: Int,
        encoding: EncodingRecord? = nil, data record: DataRecord? = nil
    ) throws -> [(path: String, data: Data)] {
        let data = Data(text.utf8)
        let sidecar = CSVSidecar(
            artifact: header, sha256: SHA256.hex(data), rows: rows, encoding: encoding, data: record)
        return [(path, data), (CSVSidecar.path(for: path), try ArtifactJSON.encode(sidecar))]
    }
}

/// One JSON style for every artifact: sorted keys and stable number text, so the same inputs
/// give the same bytes; and a content digest sealed into its header, checked on every read.
public enum ArtifactJSON {
    /// The digest's place holder while the file is hashed.
    public static let unsealed = String(repeating: "0", count: 64)
    static let digestKey = Array("\"contentSHA256\" : \"".utf8)

    /// The value as JSON, sealed with its digest when its header asks for one. A number that is
    /// not finite is refused by name (JSON has no inf or nan).
    public static func encode<T: Encodable>(_ value: T, file: String? = nil) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data: Data
        do { data = try encoder.encode(value) } catch EncodingError.invalidValue(let bad, let context) {
            let place = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            let message =
                "cannot be written: the value at \(place.isEmpty ? "the top level" : place) is \(bad), and JSON holds finite numbers only"
            throw file.map { InputError(file: $0, message) } ?? UsageError(message)
        }
        data.append(UInt8(ascii: "\n"))
        var bytes = [UInt8](data)
        if let range = digestRange(bytes), String(decoding: bytes[range], as: UTF8.self) == unsealed {
            bytes.replaceSubrange(range, with: Array(SHA256.hex(bytes).utf8))
        }
        return Data(bytes)
    }

    /// Where the first (the top-level header's) digest stands in a file's bytes.
    static func digestRange(_ bytes: [UInt8]) -> Range<Int>? {
        guard bytes.count >= digestKey.count + 64 else { return nil }
        for start in 0...(bytes.count - digestKey.count - 64)
        where bytes[start] == digestKey[0] && bytes[start..<start + digestKey.count].elementsEqual(digestKey) {
            return (start + digestKey.count)..<(start + digestKey.count + 64)
        }
        return nil
    }

    /// Refuses a file whose bytes no longer match the digest sealed into it.
    public static func checkSeal(_ data: Data, file: String) throws {
        var bytes = [UInt8](data)
        guard let range = digestRange(bytes) else {
            throw InputError(file: file, "has no content digest: it was not written by this pipeline's stages")
        }
        let recorded = String(decoding: bytes[range], as: UTF8.self)
        bytes.replaceSubrange(range, with: Array(unsealed.utf8))
        guard SHA256.hex(bytes) == recorded else {
            throw InputError(
                file: file,
                "was edited after it was written (its content no longer matches its digest \(recorded.prefix(12))…): rerun the stage that made it"
            )
        }
    }

    /// Reads a JSON artifact of `schema`: its seal, then its header (schema, version, inputs),
    /// so a file of another kind is refused for what it is rather than for a missing key.
    public static func load<T: Decodable>(_ type: T.Type, from path: String, schema: Schema) throws -> T {
        let data = try FileBytes.read(path, maximumBytes: 256 << 20)
        try checkSeal(data, file: path)
        let tree = try JSONTree.parse([UInt8](data), file: path)
        try header(of: path, data: data, tree: tree).verify(schema, file: path)
        return try decode(type, from: path, data: data, tree: tree)
    }

    /// The artifact header of a JSON artifact (`tree`: its syntax, already checked).
    public static func header(of path: String, data: Data? = nil, tree: JSONTree? = nil) throws -> ArtifactHeader {
        struct Envelope: Decodable { var artifact: ArtifactHeader }
        let data = try data ?? FileBytes.read(path, maximumBytes: 256 << 20)
        if tree == nil { _ = try JSONTree.parse([UInt8](data), file: path) }
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: data) else {
            throw InputError(file: path, "is not an artifact of this pipeline (no valid \"artifact\" header)")
        }
        return envelope.artifact
    }

    /// Reads a JSON file, naming the file, and the line of the value, in any error. The syntax
    /// is checked first by `JSONTree` (unless `tree` is given): strict, and bounded in depth.
    public static func decode<T: Decodable>(_ type: T.Type, from path: String, data: Data? = nil, tree: JSONTree? = nil)
        throws -> T
    {
        let data = try data ?? FileBytes.read(path, maximumBytes: 256 << 20)
        let tree = try tree ?? JSONTree.parse([UInt8](data), file: path)
        do { return try JSONDecoder().decode(type, from: data) } catch {
            var line: Int?
            switch error {
            case DecodingError.keyNotFound(_, let context), DecodingError.typeMismatch(_, let context),
                DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
                line = tree.line(at: context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue })
            default: break
            }
            throw InputError(file: path, line: line, "is not a valid \(type) artifact (\(describe(error)))")
        }
    }
}

/// A one-line account of a decoding error, naming the key path where it went wrong.
public func describe(_ error: Error) -> String {
    func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
    switch error {
    case DecodingError.keyNotFound(let key, let context):
        return "missing key '\(key.stringValue)' at \(path(context.codingPath))"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
        return "wrong type at \(path(context.codingPath)): \(context.debugDescription)"
    case DecodingError.dataCorrupted(let context): return "\(context.debugDescription) at \(path(context.codingPath))"
    default: return "\(error)"
    }
}
