import Artifacts
import BikeModel
import Plan

/// `make run EXP=… SET=…`: an experiment with some settings changed, run into a folder of its
/// own and printed beside the experiment; the committed results never see it.
public struct Variant: Sendable {
    public var base: String
    /// The experiment whose runs the base's are (itself, unless it reuses another's).
    public var runs: String
    /// The settings changed, as `name=value` words.
    public var changes: String
    public var name: String
    public var spec: ExperimentSpec

    /// The experiment `base` of `pipeline` with `settings` (as `make run` takes them) applied.
    public init(base: String, settings: String, pipeline: PipelineSpec) throws {
        guard let found = pipeline.runSpec(base) else {
            let known = pipeline.experiments.map(\.name)
            let hint = Shape.nearest(base, among: known).map { " (did you mean \"\($0)\"?)" } ?? ""
            throw InputError(
                file: "EXP", "no experiment is called \(Quoted(base))\(hint); see \(pipeline.folder)/experiments/")
        }
        let settings = try ExperimentSetting.parse(settings, source: "SET")
        guard !settings.isEmpty else {
            throw InputError(file: "SET", "no setting to change: give SET='setting=value …', e.g. SET='hiddenUnits=10'")
        }
        var spec = found
        for (name, value) in settings { ExperimentSetting.apply(name, value, to: &spec) }
        do { try spec.settings.validate() } catch { throw InputError(file: "SET", "\(error)") }
        changes = settings.map { "\($0.name)=\(ExperimentSetting.text($0.value))" }.joined(separator: " ")
        spec.description = "\(base) with \(changes)"
        // The folder name from the changes: characters a name may not hold become '_'.
        let raw = ([base] + settings.map { "\($0.name)\(ExperimentSetting.text($0.value))" }).joined(separator: "-")
        name = String(String(raw.unicodeScalars.map { Declared.isNameCharacter($0) ? Character($0) : "_" }).prefix(100))
        if let problem = Declared.nameProblem(name) {
            throw InputError(file: "SET", "the variant's folder: \(problem)")
        }
        self.base = base
        runs = pipeline.reused[base]?.experiment ?? base
        self.spec = spec
    }
}
