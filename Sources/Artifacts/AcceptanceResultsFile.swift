import BikeModel
import Statistics

extension ReportResults {
    /// The course's acceptance check, run: each configuration under each reading, its
    /// training loss against the course's bar and its predictions beside the real counts.
    public struct Acceptance: Codable, Sendable {
        /// One hour to predict, and its real count, found in the labelled data.
        public typealias Hour = LabelledHour
        public struct Run: Codable, Sendable {
            public var configuration: String
            public var reading: String
            public var description: String
            public var experiment: String
            public var seeds: Int
            /// The training MSE each seed's model recorded, over the seeds.
            public var trainingMSE: Spread
            /// How many seeds bring it below the course's bar.
            public var belowBar: Int
            /// Seeds whose model predicts one count for every hour to predict.
            public var constantSeeds: Int
            /// Each hour's prediction over the seeds.
            public var predicted: [Spread]
            /// The mean absolute difference from the real counts, over the seeds.
            public var meanAbsoluteError: Spread

            public init(
                configuration: String, reading: String, description: String, experiment: String, seeds: Int,
                trainingMSE: Spread, belowBar: Int, constantSeeds: Int, predicted: [Spread],
                meanAbsoluteError: Spread
            ) {
                self.configuration = configuration
                self.reading = reading
                self.description = description
                self.experiment = experiment
                self.seeds = seeds
                self.trainingMSE = trainingMSE
                self.belowBar = belowBar
                self.constantSeeds = constantSeeds
                self.predicted = predicted
                self.meanAbsoluteError = meanAbsoluteError
            }
        }
        public var lossBar: Double
        public var trainingRows: Int
        public var hours: [Hour]
        public var runs: [Run]
        public var finding: String

        public init(lossBar: Double, trainingRows: Int, hours: [Hour], runs: [Run], finding: String) {
            self.lossBar = lossBar
            self.trainingRows = trainingRows
            self.hours = hours
            self.runs = runs
            self.finding = finding
        }
    }
}
