import BikeModel

/// A `LayeredNetwork` as training runs it: each layer's weight rows padded to whole lanes of
/// eight units, so a row's units are summed eight at a time, every unit's sum taking the plain
/// loop's terms in the plain loop's order, unfused: the same bits (`LaneNetworkTests`). The first
/// layer reads a row's sparse terms (`SparseRows`): one gathered weight row per one-hot group.
struct LaneNetwork {
    let widths: [Int]
    let activations: [UnitFunction]
    let biases: Bool
    /// Lanes per layer: ⌈units / 8⌉, the units of layer l being `widths[l + 1]`.
    let lanes: [Int]
    /// Where layer l starts in `weights`: `widths[l]` rows of `lanes[l]` lanes (the weights from
    /// input i to every unit), then the bias row. Padding lanes hold 0.
    let weightStart: [Int]
    /// Where layer l's units start in a row's buffers (values, slopes, error terms).
    let unitStart: [Int]
    /// How many lanes the weights take, and a row's buffers (every layer's units).
    let weightLanes: Int, unitLanes: Int

    init(_ network: LayeredNetwork) {
        (widths, activations, biases) = (network.widths, network.activations, network.biases)
        let lanes = (0..<network.layerCount).map { (network.widths[$0 + 1] + 7) / 8 }
        var weightStart: [Int] = [], unitStart: [Int] = [], w = 0, u = 0
        for l in lanes.indices {
            weightStart.append(w)
            unitStart.append(u)
            w += (network.widths[l] + 1) * lanes[l]
            u += lanes[l]
        }
        (self.lanes, self.weightStart, self.unitStart, weightLanes, unitLanes) = (lanes, weightStart, unitStart, w, u)
    }

    /// Where each of `network`'s parameters lies in this layout, in `LayeredNetwork`'s order:
    /// the index of its double among the lanes' (`8 × lane + unit mod 8`).
    func places(in network: LayeredNetwork) -> [Int] {
        var places = [Int](repeating: 0, count: network.parameterCount)
        for l in lanes.indices {
            for j in 0..<widths[l + 1] {
                for i in 0..<widths[l] {
                    places[network.weightIndex(layer: l, input: i, unit: j)] = (weightStart[l] + i * lanes[l]) * 8 + j
                }
                if biases {
                    places[network.biasIndex(layer: l, unit: j)] = (weightStart[l] + widths[l] * lanes[l]) * 8 + j
                }
            }
        }
        return places
    }

    var layerCount: Int { lanes.count }

    /// Rows a forward pass runs side by side: each unit's sum is a chain of dependent adds, and
    /// eight rows' chains overlap in the machine's pipelines where one row's would wait.
    static let blockRows = 8

    /// The eight rows of `block` through every layer, side by side: row q's layer-l values and
    /// slopes into `values` and `slopes` at `q * unitLanes + unitStart[l]`. Each sum starts at
    /// the bias, then adds input · weight input by input, as `LayeredNetwork.forward` does.
    /// `sums` and `gathered` are scratch, a lane for each unit of the widest layer.
    @inline(__always)
    func forward(
        _ block: CheckedPointer<Int>, terms count: Int, weights w: CheckedPointer<Lanes>,
        values: CheckedPointer<Lanes>, slopes: CheckedPointer<Lanes>, columns: CheckedPointer<Int32>,
        inputs: CheckedPointer<Double>, sums: CheckedPointer<Lanes>, gathered: CheckedPointer<Lanes>
    ) {
        let rowLanes = unitLanes
        // The first layer: each row's units in lanes, its sparse terms in order.
        let layer = w, n = lanes[0]
        if n == 1 {
            // One lane of units (eight or fewer, as Udacity's seven): the eight rows' sums
            // stay in registers.
            var rowSums = InlineArray<8, Lanes>(repeating: biases ? layer[widths[0]] : .zero)
            var start = InlineArray<8, Int>(repeating: 0)
            for q in 0..<8 { start[q] = block[q] * count }
            for t in 0..<count {
                for q in 0..<8 {
                    rowSums[q] += Lanes(repeating: inputs[start[q] + t]) * layer[Int(columns[start[q] + t])]
                }
            }
            for q in 0..<8 { values[q * rowLanes] = rowSums[q] }
        } else {
            for q in 0..<Self.blockRows {
                for k in 0..<n { values[q * rowLanes + k] = biases ? layer[widths[0] * n + k] : .zero }
            }
            for t in 0..<count {
                for q in 0..<Self.blockRows {
                    let at = block[q] * count + t
                    let x = Lanes(repeating: inputs[at]), row = layer + Int(columns[at]) * n
                    let sums = values + q * rowLanes
                    for k in 0..<n { sums[k] += x * row[k] }
                }
            }
        }
        for k in 0..<n {
            activations[0].activate(values + k, slopes: slopes + k, count: Self.blockRows, stride: rowLanes)
        }
        // The layers after it: the eight rows in the lanes (lane q is row q), unit by unit.
        for l in 1..<layerCount {
            let layer = w + weightStart[l], n = lanes[l], below = unitStart[l - 1] * 8, out = unitStart[l] * 8
            for j in 0..<widths[l + 1] { sums[j] = Lanes(repeating: biases ? layer[scalar: widths[l] * n * 8 + j] : 0) }
            for i in 0..<widths[l] {
                var x = Lanes.zero
                for q in 0..<Self.blockRows { x[q] = values[scalar: q * rowLanes * 8 + below + i] }
                for j in 0..<widths[l + 1] { sums[j] += x * Lanes(repeating: layer[scalar: i * n * 8 + j]) }
            }
            activations[l].activate(sums, slopes: gathered, count: widths[l + 1], stride: 1)
            for j in 0..<widths[l + 1] {
                for q in 0..<Self.blockRows {
                    values[scalar: q * rowLanes * 8 + out + j] = sums[j][q]
                    slopes[scalar: q * rowLanes * 8 + out + j] = gathered[j][q]
                }
            }
        }
    }

    /// Row q's output after `forward`.
    @inline(__always)
    func output(_ q: Int, values: CheckedPointer<Lanes>) -> Double { values[q * unitLanes + unitLanes - 1][0] }

    /// Adds row r's descent direction to `gradient` (laid out as `weights`), given its error
    /// y − ŷ and its pass: `LayeredNetwork.accumulate`, unit by unit in lanes. `terms` is scratch.
    @inline(__always)
    func accumulate(
        _ rows: SparseRows, row r: Int, error: Double, weights w: CheckedPointer<Lanes>,
        values: CheckedPointer<Lanes>, slopes: CheckedPointer<Lanes>, terms: CheckedPointer<Lanes>,
        gradient: CheckedPointer<Lanes>, columns: CheckedPointer<Int32>, inputs: CheckedPointer<Double>
    ) {
        let last = layerCount - 1
        var output = Lanes.zero
        output[0] = error * slopes[unitStart[last]][0]
        terms[unitStart[last]] = output
        for l in stride(from: last, through: 0, by: -1) {
            let layer = gradient + weightStart[l], n = lanes[l], own = terms + unitStart[l]
            if l == 0 {
                let count = rows.termsPerRow
                for t in 0..<count {
                    let x = Lanes(repeating: inputs[r * count + t]), c = Int(columns[r * count + t])
                    for k in 0..<n { layer[c * n + k] += own[k] * x }
                }
            } else {
                let below = values + unitStart[l - 1]
                for i in 0..<widths[l] {
                    let x = Lanes(repeating: below[i / 8][i % 8])
                    for k in 0..<n { layer[i * n + k] += own[k] * x }
                }
            }
            if biases { for k in 0..<n { layer[widths[l] * n + k] += own[k] } }
            guard l > 0 else { break }
            // Layer l − 1's error terms: each of its units' weights to this layer times this
            // layer's terms, summed unit by unit from 0.0, times its slope.
            let weightsOut = w + weightStart[l], slopeBelow = slopes + unitStart[l - 1]
            let next = terms + unitStart[l - 1]
            for k in 0..<lanes[l - 1] { next[k] = .zero }
            for i in 0..<widths[l] {
                var sum = 0.0
                for j in 0..<widths[l + 1] { sum += weightsOut[i * n + j / 8][j % 8] * own[j / 8][j % 8] }
                next[i / 8][i % 8] = sum * slopeBelow[i / 8][i % 8]
            }
        }
    }
}

/// One network in training: its weights and gradient in lanes, one row's buffers, and the
/// rows' sparse terms, each reached through a `CheckedPointer`. Public for `make bench`,
/// which times its step.
public final class LaneTraining {
    let network: LaneNetwork
    /// Each parameter's double among the weights' lanes (`LaneNetwork.places`).
    let places: [Int]
    let sparse: SparseRows
    let targets: [Double]
    let whole: (Double) -> Double
    let weights: CheckedBuffer<Lanes>, gradient: CheckedBuffer<Lanes>
    let values: CheckedBuffer<Lanes>, slopes: CheckedBuffer<Lanes>, terms: CheckedBuffer<Lanes>
    let columns: CheckedBuffer<Int32>, inputs: CheckedBuffer<Double>
    /// The rows of the block in flight, and the later layers' sums and slopes for it.
    let block: CheckedBuffer<Int>, sums: CheckedBuffer<Lanes>, gathered: CheckedBuffer<Lanes>

    public init(_ start: LayeredNetwork, _ data: EncodedData) {
        network = LaneNetwork(start)
        places = network.places(in: start)
        (sparse, targets, whole) = (data.sparse, data.targets, data.whole)
        weights = CheckedBuffer(repeating: .zero, count: network.weightLanes)
        for (k, place) in places.enumerated() { weights.pointer[scalar: place] = start.parameters[k] }
        gradient = CheckedBuffer(repeating: .zero, count: network.weightLanes)
        values = CheckedBuffer(repeating: .zero, count: LaneNetwork.blockRows * network.unitLanes)
        slopes = CheckedBuffer(repeating: .zero, count: LaneNetwork.blockRows * network.unitLanes)
        terms = CheckedBuffer(repeating: .zero, count: network.unitLanes)
        block = CheckedBuffer(repeating: 0, count: LaneNetwork.blockRows)
        sums = CheckedBuffer(repeating: .zero, count: start.widths.max()!)
        gathered = CheckedBuffer(repeating: .zero, count: start.widths.max()!)
        columns = CheckedBuffer(data.sparse.columns)
        inputs = CheckedBuffer(data.sparse.values)
    }

    /// Runs `rows` through the network eight at a time (the last block padded with its last
    /// row) and hands `body` each row's place in its block and the row, in order.
    @inline(__always)
    func forEachRow(_ rows: some Collection<Int>, _ body: (_ q: Int, _ row: Int) -> Void) {
        let b = block.pointer
        var pending = 0
        func flush() {
            for q in pending..<LaneNetwork.blockRows { b[q] = b[pending - 1] }
            network.forward(
                b, terms: sparse.termsPerRow, weights: weights.pointer, values: values.pointer,
                slopes: slopes.pointer, columns: columns.pointer, inputs: inputs.pointer, sums: sums.pointer,
                gathered: gathered.pointer)
            for q in 0..<pending { body(q, b[q]) }
            pending = 0
        }
        for r in rows {
            b[pending] = r
            pending += 1
            if pending == LaneNetwork.blockRows { flush() }
        }
        if pending > 0 { flush() }
    }

    /// `LayeredNetwork.meanSquaredError`: the squares summed in row order.
    public func meanSquaredError(_ which: [Int]) -> Double {
        var sum = 0.0
        let v = values.pointer
        forEachRow(which) { q, r in
            let e = targets[r] - whole(network.output(q, values: v))
            sum += e * e
        }
        return sum / Double(which.count)
    }

    /// `LayeredNetwork.step`: every row's descent direction summed in batch order, then applied once.
    public func step(_ batch: ArraySlice<Int>, learningRate: Double) {
        let g = gradient.pointer, w = weights.pointer, v = values.pointer, s = slopes.pointer
        g.update(repeating: .zero, count: g.count)
        let rowLanes = network.unitLanes
        forEachRow(batch) { q, r in
            let error = targets[r] - whole(network.output(q, values: v))
            network.accumulate(
                sparse, row: r, error: error, weights: w, values: v + q * rowLanes, slopes: s + q * rowLanes,
                terms: terms.pointer, gradient: g, columns: columns.pointer, inputs: inputs.pointer)
        }
        let scale = Lanes(repeating: learningRate / Double(batch.count))
        for k in 0..<w.count { w[k] += scale * g[k] }
    }
}

extension LayeredNetwork {
    /// Trains as `training` says on the lanes and the sparse rows, drawing batches from
    /// `generator`; returns the loss log. The same bits as `trainPlainLoop`.
    public mutating func train(
        _ data: EncodedData, _ training: StepTraining, generator: inout WeightGenerator
    ) -> [LossPoint] {
        let lanes = LaneTraining(self, data)
        let log = training.run(
            data, generator: &generator, step: { lanes.step($0, learningRate: training.learningRate) },
            losses: { (lanes.meanSquaredError(data.training), lanes.meanSquaredError(data.validation)) })
        parameters = lanes.places.map { lanes.weights.pointer[scalar: $0] }
        return log
    }
}
