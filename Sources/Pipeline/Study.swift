import Artifacts
import BikeModel
import Foundation
import Plan

/// A study of `pipeline/studies/NAME.json`: an experiment rerun over a grid of one or two of its
/// settings, with claims to test on the grid's points. It needs no published number.
public struct Study: Sendable {
    /// The file as declared.
    public struct Spec: Codable, Sendable {
        public struct Axis: Codable, Sendable {
            public var setting: String
            public var values: [JSONValue]
        }
        public var description: String
        /// The experiment every point starts from.
        public var base: String
        public var grid: [Axis]
        public var seeds: SeedList
        /// The measured columns of the study's table; default `val_mse`, `train_mse`, `epochs_run`.
        public var measures: [String]?
        /// The prose claim of published.json this study tests, by name.
        public var reportClaim: String?
        /// A line shown under the study's table.
        public var note: String?
        public var claims: [ClaimSpec]?
    }

    /// One point of the grid: its values (one per axis), the name claims call it by, and the
    /// experiment whose runs it reads.
    public struct Point: Sendable {
        public var values: [JSONValue]
        public var name: String
        public var experiment: String
    }

    public static let defaultMeasures = Measure.compared.map(\.key)
    /// The most points a grid may have: each is a training run of every seed.
    public static let maximumPoints = 200

    public var name: String
    public var spec: Spec
    public var points: [Point]

    public var measures: [String] { spec.measures ?? Self.defaultMeasures }
    /// The study's figure in the figures folder; `report build` removes a `study-*.png` no study makes.
    public var figure: String { "study-\(name).png" }
    public var settings: [String] { spec.grid.map(\.setting) }

    static let shape = Shape.object([
        "description": .required(.text(.line)),
        "base": .required(.text(.name)),
        "grid": .required(
            .array(
                .object([
                    "setting": .required(.text(.oneOf(ExperimentSetting.names.filter { $0 != "seeds" }))),
                    "values": .required(.array(.anything, count: 1...50))
                ]), count: 1...2)),
        "seeds": .required(.text(.seeds)),
        "measures": .optional(.array(.text(.oneOf(Measure.keys)), count: 1...8)),
        "reportClaim": .optional(.text(.name)),
        "note": .optional(.text(.line)),
        "claims": .optional(.array(ClaimSpec.shape, count: 0...50))
    ])

    /// Every study of `folder` (absent: none), its points added to `experiments` as experiments
    /// named `study-NAME-VALUE`, or read from an experiment that already runs them.
    static func loadAll(
        _ folder: String, experiments: inout [(name: String, spec: ExperimentSpec)],
        reused: inout [String: PipelineSpec.Reuse], published: PipelineSpec.Published
    ) throws -> [Study] {
        var studies: [Study] = []
        for (name, path, spec, tree) in try PipelineSpec.declarations(
            in: folder, of: "studies", Spec.self, shape: shape)
        {
            studies.append(
                try Study(
                    name: name, spec: spec, tree: tree, file: path, experiments: &experiments, reused: &reused,
                    published: published))
        }
        return studies
    }

    init(
        name: String, spec: Spec, tree: JSONTree, file: String,
        experiments: inout [(name: String, spec: ExperimentSpec)], reused: inout [String: PipelineSpec.Reuse],
        published: PipelineSpec.Published
    ) throws {
        self.name = name
        self.spec = spec
        let declared = experiments.map(\.name)
        guard let base = experiments.first(where: { $0.name == spec.base })?.spec else {
            let hint = Shape.nearest(spec.base, among: declared).map { " (did you mean \"\($0)\"?)" } ?? ""
            throw InputError(
                file: file, line: tree.line(at: ["base"]),
                "base: names experiment \(Quoted(spec.base)), which is not in experiments/\(hint)")
        }
        if let claim = spec.reportClaim, published.claims?[claim] == nil {
            throw InputError(
                file: file, line: tree.line(at: ["reportClaim"]),
                "reportClaim: published.json has no claim \(Quoted(claim)) under \"claims\"")
        }
        if spec.grid.count == 2, spec.grid[0].setting == spec.grid[1].setting {
            throw InputError(file: file, line: tree.line(at: ["grid", "1"]), "grid: the two axes vary the same setting")
        }
        try Self.checkGrid(spec, tree: tree, file: file)
        let count = spec.grid.reduce(1) { $0 * $1.values.count }
        guard count <= Self.maximumPoints else {
            throw InputError(
                file: file, line: tree.line(at: ["grid"]),
                "grid: \(count) points; a study has at most \(Self.maximumPoints) (split it into studies)")
        }
        let combinations: [[JSONValue]] =
            spec.grid.count == 1
            ? spec.grid[0].values.map { [$0] }
            : spec.grid[0].values.flatMap { a in spec.grid[1].values.map { [a, $0] } }
        var points: [Point] = []
        for values in combinations {
            var point = base
            for (axis, value) in zip(spec.grid, values) { ExperimentSetting.apply(axis.setting, value, to: &point) }
            point.seeds = spec.seeds
            let label = values.map(ExperimentSetting.text).joined(separator: ",")
            point.description =
                "Study \(name): \(spec.base) with "
                + zip(spec.grid, values).map { "\($0.setting) \(ExperimentSetting.text($1))" }.joined(separator: ", ")
            let experiment = "study-\(name)-" + values.map(ExperimentSetting.text).joined(separator: "-")
            if let problem = Declared.nameProblem(experiment) {
                throw InputError(file: file, line: tree.line(at: ["grid"]), "grid: a point's run folder: \(problem)")
            }
            if experiments.contains(where: { $0.name == experiment }) || reused[experiment] != nil {
                throw InputError(
                    file: file, line: tree.line(at: ["grid"]),
                    "grid: the point \(label) would run as \(Quoted(experiment)), the name of experiments/\(experiment).json or of another point (names are shared by experiments, sweep and study points and readings)"
                )
            }
            do { try point.settings.validate() } catch {
                throw InputError(file: file, line: tree.line(at: ["grid"]), "grid: the point \(label): \(error)")
            }
            PipelineSpec.derive(experiment, point, into: &experiments, reused: &reused)
            points.append(Point(values: values, name: label, experiment: experiment))
        }
        self.points = points

        try Self.checkClaims(spec, points: points, tree: tree, file: file)
    }
}

extension Study {
    /// Each value is checked as the experiment file checks that setting, and none twice.
    static func checkGrid(_ spec: Spec, tree: JSONTree, file: String) throws {
        for (a, axis) in spec.grid.enumerated() {
            var seen: [String] = []
            for index in axis.values.indices {
                let at = ["grid", "\(a)", "values", "\(index)"]
                guard let node = tree.node(at: at) else { continue }
                try ExperimentSetting.check(axis.setting, node, file: file, path: ["grid", "\(a)", "values"])
                let text = ExperimentSetting.text(axis.values[index])
                guard !seen.contains(text) else {
                    throw InputError(file: file, line: node.line, "grid.\(a).values: \(text) appears twice")
                }
                seen.append(text)
            }
        }
    }

    /// The study's claims: ids apart, and naming the grid's points by value.
    static func checkClaims(_ spec: Spec, points: [Point], tree: JSONTree, file: String) throws {
        var ids = Set<String>()
        for (index, claim) in (spec.claims ?? []).enumerated() {
            let at = ["claims", "\(index)"]
            guard ids.insert(claim.id).inserted else {
                throw InputError(
                    file: file, line: tree.line(at: at + ["id"]), "the claim id \(Quoted(claim.id)) appears twice")
            }
            if claim.runs != nil {
                throw InputError(
                    file: file, line: tree.line(at: at + ["runs"]),
                    "claims.\(index).runs: a study's claims name the grid's points by value, not experiments")
            }
            try claim.validate(
                known: points.map(\.name), file: file, tree: tree.node(at: at) ?? tree, path: at)
        }
    }
}
