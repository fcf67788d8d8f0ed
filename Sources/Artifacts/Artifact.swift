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

    public init(schema: Schema, tool: Tool, parameters: [String: String], inputs: [Input]) {
        self.schema = schema.rawValue
        schemaVersion = schema.version
        self.tool = tool.name
        toolVersion = packageVersion
        self.parameters = parameters
        self.inputs = inputs
        contentSHA256 = ArtifactJSON.unsealed
    }

    /// A header for the artifact at `output`: each input is recorded by its path relative to the
    /// artifact's own folder, so the record holds wherever the project is and whichever folder a
    /// later stage runs from.
    public init(schema: Schema, tool: Tool, parameters: [String: String], inputs: [Input], for output: String) {
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
    /// A declared report's runs, and its results.
    case declaredRuns = "bike-report/declared-runs"
    case declaredResults = "bike-report/declared-results"

    /// Bumped whenever the format changes: a reader refuses any other version.
    public var version: Int {
        switch self {
        // 2: sidecars carry the data record; models record the data they were trained on;
        // inputs are recorded relative to the artifact's folder.
        case .hours, .model, .modelSet, .history, .predictions: 2
        case .forecasts, .declaredRuns, .declaredResults: 1
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
