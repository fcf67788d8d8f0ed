import Artifacts
import BikeModel

/// The shape of each file under `pipeline/`; `pipeline/README.md` documents the same keys.
public enum Declarations {
    typealias Limits = TrainingSettings.Limits

    static func integer(_ range: ClosedRange<Int>) -> Shape { .integer(range) }
    static let name = Shape.text(.name)
    static let line = Shape.text(.line)

    /// pipeline/experiments/NAME.json
    public static let experiment = Shape.object([
        "description": .required(line),
        "data": .required(
            .object([
                "encoding": .required(.text(.oneOf(ExperimentSpec.DataSpec.encodings))),
                "trainShare": .required(integer(1...99)),
                "rule": .required(.text(.oneOf(SplitRule.allCases.map(\.rawValue)))),
                "file": .optional(.text(.path))
            ])),
        "training": .required(training),
        "seeds": .required(.text(.seeds))
    ])

    /// The options of `train` as an experiment file declares them: one key per `TrainingSetting`.
    static let training = Shape.object(
        Dictionary(
            uniqueKeysWithValues: TrainingSetting.all.map { setting in
                (
                    setting.name,
                    setting.required ? Shape.Field.required(Shape(setting.values)) : .optional(Shape(setting.values))
                )
            }))

    /// The settings a published table or headline states, in the report's own names.
    static let publishedSettings = PublishedNames.shape

    /// pipeline/published.json: the parts the pipeline reads are checked closely; the
    /// transcriptions kept for readers (network, split, encoding tables) only by their key.
    public static let published = Shape.object([
        "source": .optional(.text(.any)),
        "about": .optional(.text(.any)),
        "network": .optional(.anything),
        "split": .optional(.anything),
        "early_stopping": .optional(.anything),
        "encoding": .optional(.anything),
        "tables": .required(
            .map(
                key: .name,
                value: .object([
                    "title": .required(line),
                    "columns": .required(.array(name, count: 1...20)),
                    "rows": .required(.array(.array(.anything, count: 1...20), count: 1...50)),
                    "conclusion": .required(line),
                    "mini_batch": .optional(integer(Limits.batchSize)),
                    "settings": .optional(publishedSettings)
                ]))),
        "headline": .required(
            .object([
                Measure.validationMSE.key: .required(.number(1e-9...1e12)),
                "stated_range": .required(.array(.number(0...1e12), count: 2...2)),
                "settings": .optional(publishedSettings)
            ])),
        "loss_curve_printed": .optional(.array(.array(.number(0...1e12), count: 2...2), count: 0...10_000)),
        "claims": .optional(
            .map(key: .name, value: .object(["text": .required(line), "source": .required(line)])))
    ])

    /// A declared equivalence margin: a share of the published number, and why that share.
    static let margin = Shape.object(["relative": .required(.number(1e-6...10)), "rationale": .required(line)])

    /// pipeline/tables.json
    public static let tables = Shape.object([
        "about": .optional(.text(.any)),
        "tolerances": .required(.map(key: .name, value: .nullable(.number(0...10)))),
        "tolerancesRationale": .optional(line),
        "drift": .optional(.object(["tolerance": .required(.number(0...1))])),
        "jointFit": .optional(
            .object([
                "epochs": .required(.integer(0...1_000)), "mse": .required(.number(0...1e9)),
                "reason": .required(.text(.line))
            ])),
        "maxSeeds": .optional(integer(2...10_000)),
        "tables": .required(
            .array(
                .object([
                    "name": .required(name),
                    "figure": .required(.object(["file": .required(name), "logY": .required(.bool)])),
                    "margin": .optional(margin),
                    "rows": .required(
                        .array(
                            .object([
                                "experiment": .required(name),
                                "expected": .optional(.map(key: .name, value: Reading.verdicts))
                            ]), count: 1...50))
                ]), count: 1...50)),
        "headline": .required(
            .object([
                "experiment": .required(name), "seed": .optional(integer(0...1_000_000_000)),
                "margin": .optional(margin), "expected": .optional(Reading.verdicts)
            ])),
        "conclusions": .required(
            .object([
                "about": .optional(.text(.any)),
                "claims": .required(.array(ClaimSpec.shape, count: 0...100))
            ]))
    ])

    /// pipeline/beyond.json: every section is optional, and an absent one is simply not run.
    public static let beyond = Shape.object([
        "about": .optional(.text(.any)),
        "learningRateSweeps": .optional(
            .object([
                "tables": .required(.array(name, count: 1...50)),
                "factors": .required(.array(.number(1e-6...1e6), count: 1...20)),
                "seeds": .required(.text(.seeds))
            ])),
        "baselines": .optional(.object(["experiment": .required(name)])),
        "leakFreeEncoding": .optional(
            .object([
                "leakFree": .required(name), "leakyExact": .required(name), "report": .required(name),
                "raw": .required(name)
            ])),
        "contiguousSplit": .optional(.object(["experiment": .required(name), "interleaved": .required(name)])),
        "holdout": .optional(
            .object([
                "data": .required(.text(.path)), "experiment": .required(name),
                "seed": .optional(integer(0...1_000_000_000)),
                "zeroInputs": .optional(.array(.text(.oneOf(Feature.allCases.map(\.rawValue))), count: 0...12))
            ])),
        "acceptance": .optional(
            .object([
                "about": .optional(.text(.any)),
                "training": .required(.text(.path)), "predict": .required(.text(.path)),
                "labels": .required(.text(.path)), "lossBar": .required(.number(0...1e12)),
                "readings": .required(.array(name, count: 1...20)), "seeds": .required(.text(.seeds)),
                "configurations": .required(
                    .array(
                        .object([
                            "name": .required(name), "description": .required(line), "training": .required(training)
                        ]), count: 1...20))
            ]))
    ])
}
