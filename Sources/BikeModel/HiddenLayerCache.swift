/// The hidden units' outputs b_h and slopes f'(alpha_h) of every row, kept while the hidden
/// layer's weights (v and gamma) keep their bits from epoch to epoch: a layer whose units are
/// constant (the report's program's guarded sigmoid and tanh) or dead, in which only the output
/// layer learns. Every row's b_h and f'(alpha_h) then keep their bits too, and such an epoch runs
/// only the output layer. Exact by construction: a kept block is used only while the weights are
/// the very bits it was computed from, checked before every batch and every pass.
///
/// One run's: `train` makes one per run of a batch method, `trainEpoch` and the validation MSE
/// consult it. It watches an epoch, keeps the next one's blocks if the layer did not move, and
/// serves them from then on until a weight of the layer moves.
final class HiddenLayerCache {
    /// Where a batch or a pass gets its blocks' b_h and f'(alpha_h).
    enum Source: Equatable {
        /// The forward pass, into scratch memory: the layer moved lately.
        case compute
        /// The forward pass, into the kept blocks: the layer held still for an epoch.
        case keep
        /// The kept blocks, with no forward pass through the hidden layer.
        case reuse
    }

    /// The rows a pass runs over.
    enum Table { case training, validation }

    private enum State { case watching, keeping, ready }

    /// The most memory the kept blocks may take (64 MiB): past it (thousands of units, or a table
    /// far larger than the report's 8,619 rows) a run computes every epoch, as without the cache.
    static let byteLimit = 64 << 20

    /// How many batches ran from the kept blocks, with no pass through the hidden layer.
    private(set) var reusedBatches = 0
    private var state = State.watching
    /// v and gamma: as the current epoch began while watching, as the blocks were kept after.
    private var key: [Double]
    /// Whether every batch of the current epoch matched `key`.
    private var everyBatchMatched = true
    private var validationKept = false
    /// Block k's b_h at k q + h (FeatureTable.rowLanes' blocks, padding included); f'(alpha_h)
    /// alike, for the training rows only. Allocated when first kept.
    private var trainingOutputs: CheckedBuffer<Lanes>?
    private var trainingSlopes: CheckedBuffer<Lanes>?
    private var validationOutputs: CheckedBuffer<Lanes>?
    private let trainingLanes: Int, validationLanes: Int

    /// Nil when the kept blocks would pass `byteLimit`.
    init?(hiddenUnits q: Int, training: FeatureTable, validation: FeatureTable) {
        let limit = Self.byteLimit / MemoryLayout<Lanes>.stride
        let blocks = 2 * training.rowLanes.count / Network.inputs + validation.rowLanes.count / Network.inputs
        guard q > 0, q <= limit / blocks else { return nil }
        let trainingLanes = training.rowLanes.count / Network.inputs * q
        let validationLanes = validation.rowLanes.count / Network.inputs * q
        (self.trainingLanes, self.validationLanes) = (trainingLanes, validationLanes)
        key = [Double](repeating: 0, count: ParameterLayout(hiddenUnits: q).w)
    }

    /// Whether v and gamma in `p` are the bits of `key`.
    private func matches(_ p: CheckedPointer<Double>) -> Bool {
        for index in key.indices where p[index].bitPattern != key[index].bitPattern { return false }
        return true
    }

    /// Before an epoch's first batch, `p` the weights it starts from.
    func beginEpoch(_ p: CheckedPointer<Double>) {
        if state == .watching { for index in key.indices { key[index] = p[index] } }
        everyBatchMatched = true
    }

    /// Before each batch, `p` the weights it starts from.
    func source(_ p: CheckedPointer<Double>) -> Source {
        guard state != .watching else { return .compute }
        guard matches(p) else {
            everyBatchMatched = false
            return .compute
        }
        guard state == .ready else { return .keep }
        reusedBatches += 1
        return .reuse
    }

    /// After an epoch's last batch, `p` the weights it ended with.
    func endEpoch(_ p: CheckedPointer<Double>) {
        let stayed = everyBatchMatched && matches(p)
        switch state {
        case .watching:
            guard stayed else { return }
            state = .keeping
            validationKept = false
            if trainingOutputs == nil {
                trainingOutputs = CheckedBuffer(repeating: .zero, count: trainingLanes)
                trainingSlopes = CheckedBuffer(repeating: .zero, count: trainingLanes)
                validationOutputs = CheckedBuffer(repeating: .zero, count: validationLanes)
            }
        case .keeping, .ready:
            state = stayed ? .ready : .watching
        }
    }

    /// The kept training blocks' b_h and f'(alpha_h), for a batch of source `.keep` or `.reuse`.
    var trainingBlocks: (outputs: CheckedPointer<Lanes>, slopes: CheckedPointer<Lanes>) {
        (trainingOutputs!.pointer, trainingSlopes!.pointer)
    }

    /// Where a pass over `table` with the weights `p` (after an epoch) gets its b_h: the training
    /// rows' are kept only by the epochs themselves, so they are only reused; the validation
    /// rows' are kept by the first pass handed `.keep` (a pass always runs to its end).
    func source(of table: Table, _ p: CheckedPointer<Double>) -> (Source, CheckedPointer<Lanes>?) {
        guard state != .watching, matches(p) else { return (.compute, nil) }
        switch table {
        case .training:
            return state == .ready ? (.reuse, trainingOutputs!.pointer) : (.compute, nil)
        case .validation:
            defer { validationKept = true }
            return (validationKept ? .reuse : .keep, validationOutputs!.pointer)
        }
    }
}
