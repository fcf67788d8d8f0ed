import BikeModel
import Foundation

/// MODEL.json: the weights in the report's terms, how they were trained, and the artifact
/// header. `inputToHidden` has one row per input (METHOD.md's order) of q numbers: v[i][h].
public struct ModelFile: Codable, Sendable {
    public struct Weights: Codable, Equatable, Sendable {
        public var inputToHidden: [[Double]]
        public var hiddenBias: [Double]
        public var hiddenToOutput: [Double]
        public var outputBias: Double
    }

    public struct Training: Codable, Sendable {
        public var settings: TrainingSettings
        /// "best" (early stopping) or "last": which epoch's weights these are.
        public var weightsFrom: String
        public var epochsRun: Int
        public var stopReason: StopReason
        public var best: Checkpoint
        public var last: Checkpoint
        /// The epoch at which a loss or weight stopped being finite (seed sets only).
        public var divergedAt: Int?
        /// The data it was trained on, from the training table's sidecar.
        public var data: DataRecord?
    }

    public var artifact: ArtifactHeader
    public var activation: Activation
    public var eluAlpha: Double
    public var hiddenUnits: Int
    public var weights: Weights
    /// With `--max-epochs 0`, epochsRun is 0 and both checkpoints are the untrained network.
    public var training: Training
    /// The encoding of the features it was trained on, so `evaluate` can refuse other ones.
    public var encoding: EncodingRecord?

    public init(artifact: ArtifactHeader, run: TrainingRun, encoding: EncodingRecord?, data: DataRecord? = nil) {
        self.artifact = artifact
        activation = run.settings.activation
        eluAlpha = Activation.eluAlpha
        hiddenUnits = run.network.hiddenUnits
        weights = Weights(run.network)
        training = Training(
            settings: run.settings, weightsFrom: run.settings.reportedEpoch.rawValue,
            epochsRun: run.epochsRun, stopReason: run.stopReason, best: run.best, last: run.last,
            divergedAt: run.divergedAt, data: data)
        self.encoding = encoding
    }

    /// Reads and checks a model file: digest, schema, every field, shape and finiteness.
    public static func load(_ path: String) throws -> ModelFile {
        let model = try ArtifactJSON.load(ModelFile.self, from: path, schema: .model)
        try model.validate(file: path)
        return model
    }

    /// Refuses a model whose fields are out of range or contradict each other: what it was
    /// trained with must be what it is evaluated with.
    public func validate(file: String) throws {
        let t = training
        do { try t.settings.validate() } catch { throw InputError(file: file, "training.settings: \(error)") }
        guard activation == t.settings.activation else {
            throw InputError(
                file: file,
                "activation \(activation.rawValue) contradicts its training settings (\(t.settings.activation.rawValue))"
            )
        }
        guard eluAlpha == Activation.eluAlpha else {
            throw InputError(
                file: file,
                "eluAlpha \(formatNumber(eluAlpha)) is not the \(formatNumber(Activation.eluAlpha)) this build trains and evaluates with"
            )
        }
        guard hiddenUnits == t.settings.hiddenUnits else {
            throw InputError(
                file: file, "hiddenUnits \(hiddenUnits) contradicts its training settings (\(t.settings.hiddenUnits))")
        }
        guard t.weightsFrom == t.settings.reportedEpoch.rawValue else {
            throw InputError(
                file: file,
                "training.weightsFrom \(Quoted(t.weightsFrom)) contradicts earlyStopping \(t.settings.earlyStopping) and weightsWithoutStopping \(t.settings.weightsWithoutStopping.rawValue)"
            )
        }
        guard (0...t.settings.maxEpochs).contains(t.epochsRun), t.last.epoch == t.epochsRun,
            (0...t.epochsRun).contains(t.best.epoch)
        else {
            throw InputError(
                file: file,
                "training: epochs run \(t.epochsRun), best epoch \(t.best.epoch) and last epoch \(t.last.epoch) contradict each other or the limit \(t.settings.maxEpochs)"
            )
        }
        for (name, value) in [
            ("best.trainingMSE", t.best.trainingMSE), ("best.validationMSE", t.best.validationMSE),
            ("last.trainingMSE", t.last.trainingMSE), ("last.validationMSE", t.last.validationMSE)
        ] where !(value.isFinite && value >= 0) {
            throw InputError(file: file, "training.\(name) must be a finite number of 0 or more, found \(value)")
        }
        _ = try network(file: file)
    }

    /// The weights as a `Network`, refusing a wrong shape or a number that is not finite.
    public func network(file: String) throws -> Network {
        let q = hiddenUnits
        guard q >= 1 else { throw InputError(file: file, "hiddenUnits must be at least 1, found \(q)") }
        guard weights.inputToHidden.count == Network.inputs else {
            throw InputError(
                file: file,
                "weights.inputToHidden has \(weights.inputToHidden.count) rows, expected \(Network.inputs) (one per input)"
            )
        }
        for (i, row) in weights.inputToHidden.enumerated() where row.count != q {
            throw InputError(
                file: file, "weights.inputToHidden[\(i)] has \(row.count) numbers, expected \(q) (hiddenUnits)")
        }
        guard weights.hiddenBias.count == q else {
            throw InputError(file: file, "weights.hiddenBias has \(weights.hiddenBias.count) numbers, expected \(q)")
        }
        guard weights.hiddenToOutput.count == q else {
            throw InputError(
                file: file, "weights.hiddenToOutput has \(weights.hiddenToOutput.count) numbers, expected \(q)")
        }
        let layout = ParameterLayout(hiddenUnits: q)
        var parameters = [Double](repeating: 0, count: layout.count)
        for i in 0..<Network.inputs { for h in 0..<q { parameters[layout.v(i, h)] = weights.inputToHidden[i][h] } }
        for h in 0..<q {
            parameters[layout.gamma + h] = weights.hiddenBias[h]
            parameters[layout.w + h] = weights.hiddenToOutput[h]
        }
        parameters[layout.theta] = weights.outputBias
        let network = Network(hiddenUnits: q, parameters: parameters)
        guard network.isFinite else { throw InputError(file: file, "the weights contain a number that is not finite") }
        return network
    }
}

extension ModelFile.Weights {
    public init(_ network: Network) {
        let q = network.hiddenUnits
        inputToHidden = (0..<Network.inputs).map { i in (0..<q).map { h in network.v(i, h) } }
        hiddenBias = Array(network.gamma)
        hiddenToOutput = Array(network.w)
        outputBias = network.theta
    }
}

extension ModelFile.Training: MeasuredRun {}
