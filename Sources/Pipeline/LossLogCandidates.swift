import Artifacts
import BikeModel

extension PipelineSpec {
    /// The experiments of the tables that ran the headline's settings at a training share the
    /// loss log fits: the runs it could have come from. Their epoch limit may differ: early
    /// stopping ends these runs long before either limit.
    package func lossLogExperiments(trainShares: [Int]) -> [String] {
        let pipeline = self
        guard let headline = pipeline.experiment(pipeline.tables.headline.experiment) else { return [] }
        return trainShares.compactMap { share in
            pipeline.readingBases.first { name in
                guard let spec = pipeline.experiment(name) else { return false }
                var data = spec.data, settings = spec.settings
                data.trainShare = headline.data.trainShare
                settings.maxEpochs = headline.settings.maxEpochs
                return spec.data.trainShare == share && data == headline.data && settings == headline.settings
            }
        }
    }
}
