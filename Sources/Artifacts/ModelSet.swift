import BikeModel
import Foundation

/// Several seeds' models of one configuration, trained in one process: MODELS.json.
public struct ModelSet: Codable, Sendable {
    public var artifact: ArtifactHeader
    /// One complete model per seed, in the order the seeds were given.
    public var models: [ModelFile]

    /// The models of a model set or of a single model file, whichever `path` holds.
    public static func models(in path: String) throws -> [ModelFile] {
        let schema = try ArtifactJSON.header(of: path).schema
        return schema == Schema.modelSet.rawValue ? try load(path).models : [try ModelFile.load(path)]
    }

    public static func load(_ path: String) throws -> ModelSet {
        let set = try ArtifactJSON.load(ModelSet.self, from: path, schema: .modelSet)
        guard !set.models.isEmpty else { throw InputError(file: path, "holds no model") }
        for model in set.models { try model.validate(file: path) }
        var seeds = Set<UInt64>()
        for model in set.models where !seeds.insert(model.training.settings.seed).inserted {
            throw InputError(
                file: path, "holds seed \(model.training.settings.seed) twice: a model set has one model per seed")
        }
        return set
    }

    public init(artifact: ArtifactHeader, models: [ModelFile]) {
        self.artifact = artifact
        self.models = models
    }
}
