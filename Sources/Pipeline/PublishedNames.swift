import Artifacts
import BikeModel

/// The report's own names for the settings it states (`eta`, `batch`, `t`, `encoded`, …), in a
/// table's columns or a `settings` object of published.json, and the settings they name: the
/// training settings' from `TrainingSetting.all`, and the data's two.
package enum PublishedNames {
    /// Each published name with the setting it states and the values it takes there.
    static let all: [(published: String, setting: String, values: TrainingSetting.Values)] =
        TrainingSetting.all.compactMap { s in s.published.map { ($0, s.name, s.values) } }
        + [("t", "trainShare", .whole(1...99)), ("encoded", "encoding", .flag)]

    /// A published value as the setting's: `encoded` says which encoding; nil for a value of
    /// the wrong kind.
    package static func value(_ published: String, _ cell: JSONValue) -> (setting: String, value: JSONValue)? {
        guard let entry = all.first(where: { $0.published == published }) else { return nil }
        switch (entry.values, cell) {
        case (.flag, .bool(let flag)):
            return (
                entry.setting,
                published == "encoded" ? .string((flag ? DataEncoding.report : DataEncoding.none).rawValue) : cell
            )
        case (.choice, .string), (.whole, .number), (.number, .number): return (entry.setting, cell)
        default: return nil
        }
    }

    /// The shape of published.json's `settings` objects.
    static var shape: Shape {
        .object(Dictionary(uniqueKeysWithValues: all.map { ($0.published, Shape.Field.optional(Shape($0.values))) }))
    }
}

extension Shape {
    /// The shape of a setting's values.
    init(_ values: TrainingSetting.Values) {
        switch values {
        case .choice(let names): self = .text(.oneOf(names))
        case .whole(let range): self = .integer(range)
        case .number(let range): self = .number(range)
        case .flag: self = .bool
        }
    }
}
