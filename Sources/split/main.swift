import ArgumentParser
import Artifacts
import BikeModel
import Stages

extension SplitRule: ExpressibleByArgument {}

struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: Tool.split.name,
        abstract: "Deal the rows of a CSV between a training and a validation file.",
        discussion: """
            interleaved (the report's rule): row i (0-based, file order) trains when i % 100 < T.
            contiguous: the first T% of rows train, the rest validate.
            On data/train.csv (the lab's 8,619 rows), T = 75 gives 6,469 training rows and 2,150 validation rows.
            """,
        version: packageVersion)

    @Argument(help: "A CSV with a header row: preprocess's output, or raw data.")
    var input: String

    @Option(help: "T, the training share in percent: an integer from 1 to 99.")
    var trainShare: Int

    @Option(help: "Where to write the training rows.")
    var trainOutput: String

    @Option(help: "Where to write the validation rows.")
    var validationOutput: String

    @Option(help: "interleaved or contiguous.")
    var rule: SplitRule = .interleaved

    func run() throws {
        try Split(trainShare: trainShare, rule: rule)
            .run(input: input, trainOutput: trainOutput, validationOutput: validationOutput)
    }
}

SplitCommand.main()
