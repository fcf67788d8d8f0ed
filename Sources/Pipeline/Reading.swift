import Artifacts
import BikeModel
import Foundation
import Plan
import Statistics

/// A reading of `pipeline/readings/NAME.json`: one way to read what the report ran, as a set of
/// setting changes applied to every experiment of the five tables and the headline. The reading
/// with no changes is the method as the text describes it; the others are what its program did,
/// or one of its differences alone.
public struct Reading: Sendable {
    public struct Spec: Codable, Sendable {
        public struct Change: Codable, Sendable {
            public var setting: String
            public var value: JSONValue
            /// Applied only to the experiments whose settings have these values (before any
            /// change): a hypothesis about some rows, e.g. `trainShare` 80 where it is 75.
            public var `where`: [String: JSONValue]?

            /// Whether it applies to an experiment with `spec`.
            func applies(to spec: ExperimentSpec) -> Bool {
                (self.where ?? [:]).allSatisfy { ExperimentSetting.value($0.key, of: spec) == $0.value }
            }

            /// `setting=value`, with its condition: `trainShare=80 where trainShare=75`.
            var words: String {
                "\(setting)=\(ExperimentSetting.text(value))"
                    + (self.where.map { condition in
                        " where "
                            + condition.sorted { $0.key < $1.key }.map {
                                "\($0.key)=\(ExperimentSetting.text($0.value))"
                            }
                            .joined(separator: " and ")
                    } ?? "")
            }
        }
        /// The one difference this reading adds to another reading: what moves the published
        /// numbers between the two is that difference's doing.
        public struct Isolates: Codable, Sendable {
            public var difference: String
            public var from: String
        }
        /// What `make check` holds this reading to: cell verdicts by table (one object per
        /// published row, column → verdict), and conclusions' verdicts by id.
        public struct Expected: Codable, Sendable {
            public var cells: [String: [[String: CellVerdict]]]?
            public var conclusions: [String: ConclusionVerdict]?
            /// The conclusions' verdicts on the configurations' means, by id.
            public var conclusionsOnMeans: [String: ConclusionVerdict]?
        }
        public var description: String
        public var changes: [Change]
        /// Each difference this reading adds to another reading (one per reading it is compared with).
        public var isolates: [Isolates]?
        public var expected: Expected?
    }

    public var name: String
    public var spec: Spec
    /// Base experiment → the experiment that runs it under this reading (itself under the text).
    public var experiments: [String: String]

    /// The text's reading: it changes nothing, so its experiments are the tables' own.
    public var isText: Bool { spec.changes.isEmpty }

    /// The changes in words, `exponential=guarded minImprovement=0.005`, or "none".
    public var changeWords: String {
        spec.changes.isEmpty ? "none" : spec.changes.map(\.words).joined(separator: " ")
    }

    public func experiment(for base: String) -> String { experiments[base] ?? base }

    static let verdicts = Shape.text(.oneOf(CellVerdict.allCases.map(\.rawValue)))
    static let shape = Shape.object([
        "description": .required(.text(.line)),
        "changes": .required(
            .array(
                .object([
                    "setting": .required(.text(.oneOf(ExperimentSetting.names.filter { $0 != "seeds" }))),
                    "value": .required(.anything),
                    "where": .optional(.map(key: .name, value: .anything))
                ]), count: 0...20)),
        "isolates": .optional(
            .array(
                .object(["difference": .required(.text(.line)), "from": .required(.text(.name))]), count: 0...20)),
        "expected": .optional(
            .object([
                "cells": .optional(.map(key: .name, value: .array(.map(key: .name, value: verdicts), count: 0...50))),
                "conclusions": .optional(
                    .map(key: .name, value: .text(.oneOf(ConclusionVerdict.allCases.map(\.rawValue))))),
                "conclusionsOnMeans": .optional(
                    .map(key: .name, value: .text(.oneOf(ConclusionVerdict.allCases.map(\.rawValue)))))
            ]))
    ])

    /// Every reading of `folder` (absent: none), the text's first, then by name. Each reading's
    /// experiments are added as `reading-NAME-EXPERIMENT`, or read from one that runs the same.
    static func loadAll(
        _ folder: String, bases: [String], experiments: inout [(name: String, spec: ExperimentSpec)],
        reused: inout [String: PipelineSpec.Reuse]
    ) throws -> [Reading] {
        var readings: [Reading] = []
        for (name, path, spec, tree) in try PipelineSpec.declarations(
            in: folder, of: "readings", Spec.self, shape: shape)
        {
            readings.append(
                try Reading(
                    name: name, spec: spec, tree: tree, file: path, bases: bases, experiments: &experiments,
                    reused: &reused))
        }
        let texts = readings.filter(\.isText)
        guard texts.count <= 1 else {
            throw InputError(
                file: folder,
                "readings \(texts.map { "'\($0.name)'" }.joined(separator: " and ")) both change nothing: the text is read once"
            )
        }
        guard readings.isEmpty || texts.count == 1 else {
            throw InputError(
                file: folder,
                "no reading changes nothing: declare the text's reading (\"changes\": []) beside the others")
        }
        for reading in readings {
            for (index, isolates) in (reading.spec.isolates ?? []).enumerated()
            where !readings.contains(where: { $0.name == isolates.from && $0.name != reading.name }) {
                let hint = Shape.nearest(isolates.from, among: readings.map(\.name)).map {
                    " (did you mean \"\($0)\"?)"
                }
                throw InputError(
                    file: "\(folder)/\(reading.name).json",
                    "isolates.\(index).from: no other reading is called \(Quoted(isolates.from))\(hint ?? "")")
            }
        }
        return texts + readings.filter { !$0.isText }
    }

    init(
        name: String, spec: Spec, tree: JSONTree, file: String, bases: [String],
        experiments: inout [(name: String, spec: ExperimentSpec)], reused: inout [String: PipelineSpec.Reuse]
    ) throws {
        self.name = name
        self.spec = spec
        var seen = Set<String>()
        for (index, change) in spec.changes.enumerated() {
            guard let node = tree.node(at: ["changes", "\(index)", "value"]) else { continue }
            try ExperimentSetting.check(change.setting, node, file: file, path: ["changes", "\(index)"])
            for (setting, _) in change.where ?? [:] {
                guard let condition = tree.node(at: ["changes", "\(index)", "where", setting]) else { continue }
                guard setting != "seeds" else {
                    throw InputError(
                        file: file, line: condition.line, "changes.\(index).where: seeds are not a condition")
                }
                try ExperimentSetting.check(setting, condition, file: file, path: ["changes", "\(index)", "where"])
            }
            guard seen.insert(change.setting).inserted else {
                throw InputError(file: file, line: node.line, "changes: \(change.setting) is changed twice")
            }
            if change.setting == "file", case .string(let path) = change.value,
                !FileManager.default.fileExists(atPath: path)
            {
                throw InputError(
                    file: file, line: node.line,
                    "changes.\(index): the data file \(Quoted(path)) does not exist (paths are relative to the project folder)"
                )
            }
        }
        var map: [String: String] = [:]
        for base in bases {
            guard !spec.changes.isEmpty else {
                map[base] = base
                continue
            }
            guard let original = experiments.first(where: { $0.name == base })?.spec else { continue }
            // A conditional change applies where the base's own settings match its condition.
            let changes = spec.changes.filter { $0.applies(to: original) }
            guard !changes.isEmpty else {
                map[base] = base
                continue
            }
            var derived = original
            for change in changes { ExperimentSetting.apply(change.setting, change.value, to: &derived) }
            derived.description =
                "Reading \(name): \(base) with \(changes.map { "\($0.setting) \(ExperimentSetting.text($0.value))" }.joined(separator: ", "))"
            let experiment = "reading-\(name)-\(base)"
            if let problem = Declared.nameProblem(experiment) {
                throw InputError(file: file, "an experiment's run folder: \(problem)")
            }
            if experiments.contains(where: { $0.name == experiment }) || reused[experiment] != nil {
                throw InputError(
                    file: file,
                    "\(base) would run as \(Quoted(experiment)), the name of experiments/\(experiment).json or of another derived experiment (names are shared by experiments, sweep and study points and readings)"
                )
            }
            do { try derived.settings.validate() } catch {
                throw InputError(file: file, line: tree.line(at: ["changes"]), "changes: on \(base): \(error)")
            }
            PipelineSpec.derive(experiment, derived, into: &experiments, reused: &reused)
            map[base] = experiment
        }
        self.experiments = map
    }
}
