/// The baselines the network is set against, by the names results.json gives them: the
/// builder writes each and the beyond check requires each, from this one list.
enum BaselineName: String, CaseIterable {
    /// The training mean, every hour.
    case mean
    /// The training mean of the hour of the day.
    case hourMean = "hour-mean"
    /// Least squares on the same encoded features.
    case linear
    /// The report's network itself.
    case network
}
