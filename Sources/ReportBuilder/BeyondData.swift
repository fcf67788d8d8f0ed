import Artifacts
import BikeModel
import Foundation
import Pipeline

/// The data the beyond-the-report sections need besides the runs; a section left out of
/// pipeline/beyond.json needs none.
public struct BeyondData: Sendable {
    /// The baselines' split: encoded rows, and each row's hour from the raw rows.
    public struct Split: Sendable {
        public var training: FeatureTable
        public var validation: FeatureTable
        public var trainingHours: [Int]
        public var validationHours: [Int]

        public init(
            training: FeatureTable, validation: FeatureTable, rawTraining: HourlyRecords, rawValidation: HourlyRecords
        ) throws {
            guard rawTraining.counts == training.counts, rawValidation.counts == validation.counts else {
                throw InputError(
                    file: rawValidation.file, "the raw rows do not line up with the encoded rows of the same split")
            }
            self.training = training
            self.validation = validation
            trainingHours = (0..<rawTraining.rowCount).map { Int(rawTraining.value(.hr, row: $0)) }
            validationHours = (0..<rawValidation.rowCount).map { Int(rawValidation.value(.hr, row: $0)) }
        }
    }

    public struct Holdout: Sendable {
        public var metrics: MetricsFile
        public var mean2011: Double
        public var mean2012: Double

        public init(metrics: MetricsFile, year2011: HourlyRecords, year2012: HourlyRecords) {
            self.metrics = metrics
            mean2011 = year2011.counts.reduce(0, +) / Double(year2011.rowCount)
            mean2012 = year2012.counts.reduce(0, +) / Double(year2012.rowCount)
        }
    }

    /// The acceptance check's runs' forecasts, by run, and how many labelled hours they trained on.
    public struct Acceptance: Sendable {
        public var forecasts: [String: ForecastsFile]
        public var trainingRows: Int
    }

    public var baselines: Split?
    public var holdout: Holdout?
    public var acceptance: Acceptance?

    public init(baselines: Split? = nil, holdout: Holdout? = nil, acceptance: Acceptance? = nil) {
        self.baselines = baselines
        self.holdout = holdout
        self.acceptance = acceptance
    }
}

extension BeyondData {
    /// What beyond.json's sections read besides the runs: the baselines' split, features and raw
    /// rows; the holdout's metrics beside both years' rows; the acceptance runs' forecasts.
    init(
        _ pipeline: PipelineSpec, runs: String, dataPath: String,
        features: (ExperimentSpec.DataSpec) throws -> (FeatureTable, FeatureTable),
        raw: (ExperimentSpec.DataSpec) throws -> (HourlyRecords, HourlyRecords)
    ) throws {
        self.init()
        if let declared = pipeline.beyond.baselines, let spec = pipeline.experiment(declared.experiment) {
            let (training, validation) = try features(spec.data)
            let (rawTraining, rawValidation) = try raw(spec.data)
            baselines = try .init(
                training: training, validation: validation, rawTraining: rawTraining, rawValidation: rawValidation)
        }
        if let declared = pipeline.beyond.holdout {
            let metricsPath = "\(runs)/\(declared.experiment)/holdout-metrics.json"
            holdout = .init(
                metrics: try MetricsFile.load(metricsPath),
                year2011: try HourlyRecords(contentsOf: dataPath),
                year2012: try HourlyRecords(contentsOf: declared.data)
            )
        }
        if let declared = pipeline.beyond.acceptance {
            var forecasts: [String: ForecastsFile] = [:]
            for run in pipeline.acceptanceRuns {
                forecasts[run.name] = try ForecastsFile.load("\(runs)/\(run.name)/forecasts.json")
            }
            acceptance = .init(
                forecasts: forecasts, trainingRows: try HourlyRecords(contentsOf: declared.training).rowCount)
        }
    }
}
