import Artifacts
import BikeModel
import Foundation
import Plan
import Stages

/// The course's acceptance check (`beyond.json`'s `acceptance`): its configurations trained on
/// its labelled hours under each reading named, each seed's training loss against the course's
/// bar, and its predictions for the unlabeled hours beside their real counts.
public enum AcceptanceCheck {
    /// One configuration under one reading: `build/runs/acceptance-CONFIGURATION-READING/`.
    public struct Run: Sendable {
        public var configuration: String
        public var reading: String
        public var name: String
        public var settings: TrainingSettings
        public var seeds: SeedList
    }

    /// The runs `acceptance` declares, each checked as an experiment's settings are.
    static func runs(_ acceptance: PipelineSpec.Beyond.Acceptance, readings: [Reading], file: String, tree: JSONTree?)
        throws -> [Run]
    {
        for (key, path) in [
            ("training", acceptance.training), ("predict", acceptance.predict), ("labels", acceptance.labels)
        ] where !FileManager.default.fileExists(atPath: path) {
            throw InputError(
                file: file, line: tree?.line(at: ["acceptance", key]),
                "acceptance.\(key): the file \(Quoted(path)) does not exist (paths are relative to the project folder)")
        }
        var out: [Run] = []
        var names = Set<String>()
        for (index, configuration) in acceptance.configurations.enumerated() {
            guard names.insert(configuration.name).inserted else {
                throw InputError(
                    file: file, line: tree?.line(at: ["acceptance", "configurations", "\(index)", "name"]),
                    "acceptance.configurations: the name \(Quoted(configuration.name)) appears twice")
            }
            for (r, readingName) in acceptance.readings.enumerated() {
                let at = ["acceptance", "readings", "\(r)"]
                guard let reading = readings.first(where: { $0.name == readingName }) else {
                    let hint = Shape.nearest(readingName, among: readings.map(\.name)).map {
                        " (did you mean \"\($0)\"?)"
                    }
                    throw InputError(
                        file: file, line: tree?.line(at: at),
                        "acceptance.readings: no reading is called \(Quoted(readingName))\(hint ?? "")")
                }
                // The check's own files fix its data: a reading may change only how it trains.
                if let data = reading.spec.changes.first(where: { ExperimentSetting.dataNames.contains($0.setting) }) {
                    throw InputError(
                        file: file, line: tree?.line(at: at),
                        "acceptance.readings: '\(readingName)' changes the data (\(data.setting)), which the acceptance check's own files fix"
                    )
                }
                var spec = ExperimentSpec(
                    description: configuration.description,
                    data: .init(encoding: .report, trainShare: 1, rule: .interleaved),
                    training: configuration.training, seeds: acceptance.seeds)
                for change in reading.spec.changes {
                    ExperimentSetting.apply(change.setting, change.value, to: &spec)
                }
                let name = "acceptance-\(configuration.name)-\(readingName)"
                if let problem = Declared.nameProblem(name) {
                    throw InputError(file: file, "acceptance: a run's folder: \(problem)")
                }
                do { try spec.settings.validate() } catch {
                    throw InputError(
                        file: file, line: tree?.line(at: ["acceptance", "configurations", "\(index)"]),
                        "acceptance.configurations.\(index): \(error)")
                }
                out.append(
                    Run(
                        configuration: configuration.name, reading: readingName, name: name, settings: spec.settings,
                        seeds: acceptance.seeds))
            }
        }
        return out
    }

    package static let training = PlanPath(.build, "data/acceptance/training.csv")
    package static let predict = PlanPath(.build, "data/acceptance/predict.csv")
}
