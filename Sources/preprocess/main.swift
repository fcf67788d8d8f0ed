import ArgumentParser
import Artifacts
import BikeModel
import Stages

extension EncodingMode: ExpressibleByArgument {}
extension TargetMeanEncoding.Unseen: ExpressibleByArgument {}

struct PreprocessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: Tool.preprocess.name,
        abstract: "Validate the raw hourly data and write the report's 12 features and cnt.",
        discussion: """
            Columns are found by name; extra ones (instant, dteday, casual, registered) are ignored.
            Writes OUTPUT and its artifact sidecar OUTPUT.meta.json, both atomically.
            """,
        version: packageVersion)

    @Argument(help: "The raw data, in the layout of the data set's hour.csv.")
    var input: String

    @Option(name: .shortAndLong, help: "Where to write the feature table.")
    var output: String

    @Option(
        help:
            "report: the report's integer mean tables / 100; fit: means computed from the data / 100; none: the raw codes."
    )
    var encoding: EncodingMode = .report

    @Option(
        help:
            "With --encoding fit: fit the means on this raw file instead of INPUT (e.g. the training rows only). A code INPUT has that this file lacks is an error."
    )
    var fitOn: String?

    @Option(
        help:
            "With --encoding fit: what a code the fitted data lacks becomes. error (default): refused; overall-mean: the mean cnt of all fitted rows."
    )
    var unseen: TargetMeanEncoding.Unseen = .error

    @Flag(
        help:
            "INPUT's rows have no known count (cnt is '?' on every row, as in hours to predict): encode them and mark the table unlabeled, which only evaluate --unlabeled reads."
    )
    var unlabeled = false

    func validate() throws {
        if fitOn != nil && encoding != .fit { throw ValidationError("--fit-on goes with --encoding fit") }
        if unseen != .error && encoding != .fit { throw ValidationError("--unseen goes with --encoding fit") }
    }

    func run() throws {
        try Preprocess.run(
            input: input, output: output, mode: encoding, fitOn: fitOn, unseen: unseen, unlabeled: unlabeled)
    }
}

PreprocessCommand.main()
