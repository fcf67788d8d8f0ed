import Artifacts
import BikeModel
import GeneralModel
import Pipeline

/// The shape of `reports/NAME/report.json`, the one file a declared report is made of besides
/// its METHOD.md; `reports/README.md` documents each key.
enum ReportShape {
    static let scaling: [String: Shape.Field] = [
        "rows": .required(.text(.oneOf(StatisticRows.allCases.map(\.rawValue)))),
        "divisor": .required(.text(.oneOf(Divisor.allCases.map(\.rawValue))))
    ]

    static let input = Shape.object(
        scaling.mapValues { Shape.Field.optional($0.shape) }.merging([
            "column": .required(.text(.oneOf(Feature.allCases.map(\.rawValue)))),
            "encode": .required(.text(.oneOf(["passthrough", "one-hot", "z-score", "target-mean"]))),
            "levels": .optional(.array(.integer(-1_000_000...1_000_000), count: 1...1_000))
        ]) { a, _ in a })

    static let layer = Shape.object([
        "units": .required(.integer(1...1_000)),
        "activation": .required(.text(.oneOf(ActivationWord.all))),
        "slope": .optional(.number(0...1))
    ])

    static let file = Shape.object([
        "title": .required(.text(.line)),
        "about": .optional(.text(.any)),
        "data": .required(
            .object([
                "files": .required(.array(.text(.path), count: 1...16)),
                "predict": .optional(.object(["file": .required(.text(.path)), "labels": .required(.text(.path))])),
                "inputs": .required(.array(input, count: 1...200)),
                "target": .required(
                    .object(
                        scaling.mapValues { Shape.Field.optional($0.shape) }.merging([
                            "encode": .required(.text(.oneOf(["raw", "z-score"])))
                        ]) { a, _ in a })),
                "wholeCounts": .required(.bool),
                "split": .required(
                    .object([
                        "rule": .required(.text(.oneOf(["interleaved", "first", "from-end", "all"]))),
                        "trainShare": .optional(.integer(1...99)),
                        "test": .optional(.integer(0...10_000_000)),
                        "validation": .optional(.integer(1...10_000_000))
                    ]))
            ])),
        "network": .required(
            .object([
                "hidden": .required(.array(layer, count: 1...16)),
                "output": .required(.text(.oneOf(ActivationWord.all))),
                "biases": .required(.bool),
                "initialWeights": .required(
                    .object([
                        "distribution": .required(.text(.oneOf(["uniform", "normal"]))),
                        "low": .optional(.number(-1e6...1e6)),
                        "high": .optional(.number(-1e6...1e6)),
                        "sd": .optional(.number(1e-12...1e6)),
                        "sdFromFanIn": .optional(.bool)
                    ])),
                "generator": .required(.text(.oneOf(GeneratorKind.allCases.map(\.rawValue)))),
                "weightOrder": .optional(.text(.oneOf(InitialWeights.Order.allCases.map(\.rawValue))))
            ])),
        "training": .required(trainingFields(required: true)),
        "runs": .required(
            .array(
                .object([
                    "name": .required(.text(.name)),
                    "description": .required(.text(.line)),
                    "seeds": .required(.text(.seeds)),
                    "hiddenUnits": .optional(.integer(1...1_000)),
                    "activation": .optional(.text(.oneOf(ActivationWord.all))),
                    "learningRate": .optional(.number(1e-12...1_000)),
                    "steps": .optional(.integer(1...10_000_000)),
                    "epochs": .optional(.integer(1...100_000))
                ]), count: 1...100)),
        "published": .required(
            .object([
                "runs": .required(
                    .array(
                        .object([
                            "name": .required(.text(.line)),
                            "run": .required(.text(.name)),
                            "source": .required(.text(.line)),
                            "printed": .required(.text(.oneOf(["cut", "rounded"]))),
                            "trainingLoss": .required(.number(0...1e12)),
                            "validationLoss": .required(.number(0...1e12)),
                            "margin": .optional(.number(1e-6...1)),
                            "marginReason": .optional(.text(.line))
                        ]), count: 0...100)),
                "claims": .required(
                    .array(
                        .object([
                            "name": .required(.text(.name)),
                            "text": .required(.text(.line)),
                            "run": .required(.text(.name)),
                            "measure": .required(.text(.oneOf(DeclaredMeasure.allCases.map(\.rawValue)))),
                            "below": .required(.number(-1e12...1e12))
                        ]), count: 0...100))
            ]))
    ])

    static func trainingFields(required: Bool) -> Shape {
        .object([
            "batches": .required(.text(.oneOf(["in-order", "with-replacement"]))),
            "batchSize": .required(.integer(1...1_000_000)),
            "steps": .optional(.integer(1...10_000_000)),
            "epochs": .optional(.integer(1...100_000)),
            "learningRate": .required(.number(1e-12...1_000)),
            "lossEvery": .required(.integer(1...10_000_000)),
            "reported": .optional(
                .object([
                    "factor": .optional(.number(0.5...1)),
                    "units": .optional(.text(.oneOf(["trained", "raw"]))),
                    "at": .optional(.text(.any))
                ]))
        ])
    }
}

/// The activations' words in a declaration: "elu" is the report's (a = 0.1), "leaky-relu"
/// takes its layer's "slope" below 0.
enum ActivationWord {
    static let all = ["sigmoid", "tanh", "relu", "elu", "identity", "leaky-relu"]

    static func function(_ word: String, slope: Double?) -> UnitFunction {
        switch word {
        case "sigmoid": .sigmoid
        case "tanh": .tanh
        case "relu": .relu
        case "elu": .elu(a: 0.1)
        case "leaky-relu": .leakyReLU(slope: slope ?? 0.01)
        default: .identity
        }
    }
}
