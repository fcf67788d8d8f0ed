import BikeModel
import Foundation

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
