import Foundation

/// Seeds as a declaration and `train --seeds` write them, "0-9", "1,4,7" or a mix ("0-4,9"):
/// read once, where the text is read, and kept with the text for the plan's command lines.
public struct SeedList: Codable, Hashable, Sendable, CustomStringConvertible {
    /// As written: what the plan passes on to `train --seeds`.
    public let text: String
    /// In the order written; no seed twice.
    public let values: [UInt64]

    /// At most this many seeds in one range: a typo of a bound allocates nothing.
    public static let maximumRange: UInt64 = 10_000

    public init(_ text: String) throws(UsageError) {
        var seeds: [UInt64] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map {
                UInt64($0.trimmingCharacters(in: .whitespaces))
            }
            switch bounds.count {
            case 1 where bounds[0] != nil: seeds.append(bounds[0]!)
            case 2 where bounds[0] != nil && bounds[1] != nil && bounds[0]! <= bounds[1]!:
                guard bounds[1]! - bounds[0]! < Self.maximumRange else {
                    throw UsageError("--seeds '\(text)': at most 10,000 seeds")
                }
                seeds += Array(bounds[0]!...bounds[1]!)
            default: throw UsageError("--seeds '\(text)': expected seeds like 0-9, 1,4,7 or 0-4,9")
            }
        }
        guard Set(seeds).count == seeds.count else { throw UsageError("--seeds '\(text)' names a seed twice") }
        self.text = text
        values = seeds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public var description: String { text }
    public var count: Int { values.count }
}
