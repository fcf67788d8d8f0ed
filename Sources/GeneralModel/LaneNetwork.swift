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
    /// How many lanes the weights take.
    let weightLanes: Int

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
        (self.lanes, self.weightStart, self.unitStart, weightLanes) = (lanes, weightStart, unitStart, w)
    }

    /// `network`'s parameters in this layout.
    func weights(of network: LayeredNetwork) -> [Lanes] {
        var weights = [Lanes](repeating: .zero, count: weightLanes)
        for l in lanes.indices {
            for j in 0..<widths[l + 1] {
                for i in 0..<widths[l] {
                    weights[weightStart[l] + i * lanes[l] + j / 8][j % 8] =
                        network.parameters[network.weightIndex(layer: l, input: i, unit: j)]
                }
                if biases {
                    weights[weightStart[l] + widths[l] * lanes[l] + j / 8][j % 8] =
                        network.parameters[network.biasIndex(layer: l, unit: j)]
                }
            }
        }
        return weights
    }

    var layerCount: Int { lanes.count }
    /// Lanes a row's buffers need: every layer's units.
    var unitLanes: Int { lanes.reduce(0, +) }

    /// `weights` back in `LayeredNetwork`'s layout, over `parameters`.
    func parameters(_ weights: [Lanes], into parameters: [Double]) -> [Double] {
        var network = LayeredNetwork(widths: widths, activations: activations, biases: biases, parameters: parameters)
        for l in lanes.indices {
            for j in 0..<widths[l + 1] {
                for i in 0..<widths[l] {
                    network.parameters[network.weightIndex(layer: l, input: i, unit: j)] =
                        weights[weightStart[l] + i * lanes[l] + j / 8][j % 8]
                }
                if biases {
                    network.parameters[network.biasIndex(layer: l, unit: j)] =
                        weights[weightStart[l] + widths[l] * lanes[l] + j / 8][j % 8]
                }
            }
        }
        return network.parameters
    }

    /// Row r through every layer: each layer's values and slopes into `values` and `slopes` (at
    /// `unitStart`); returns the output. Sums start at the bias, then add input · weight input by
    /// input, as `LayeredNetwork.forward` does.
    @inline(__always)
    func forward(
        _ rows: SparseRows, row r: Int, weights w: CheckedPointer<Lanes>, values: CheckedPointer<Lanes>,
        slopes: CheckedPointer<Lanes>, columns: CheckedPointer<Int32>, inputs: CheckedPointer<Double>
    ) -> Double {
        let terms = rows.termsPerRow
        for l in 0..<layerCount {
            let layer = w + weightStart[l], n = lanes[l], out = unitStart[l]
            for k in 0..<n {
                var sum = biases ? layer[widths[l] * n + k] : Lanes.zero
                if l == 0 {
                    for t in 0..<terms {
                        let x = inputs[r * terms + t], c = Int(columns[r * terms + t])
                        sum += Lanes(repeating: x) * layer[c * n + k]
                    }
                } else {
                    let below = values + unitStart[l - 1]
                    for i in 0..<widths[l] { sum += Lanes(repeating: below[i / 8][i % 8]) * layer[i * n + k] }
                }
                (values[out + k], slopes[out + k]) = activations[l].valueAndSlope(lanes: sum)
            }
        }
        return values[unitStart[layerCount - 1]][0]
    }

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
/// rows' sparse terms, each reached through a `CheckedPointer`.
final class LaneTraining {
    let network: LaneNetwork
    let rows: SparseRows
    let targets: [Double]
    let whole: (Double) -> Double
    let weights: CheckedBuffer<Lanes>, gradient: CheckedBuffer<Lanes>
    let values: CheckedBuffer<Lanes>, slopes: CheckedBuffer<Lanes>, terms: CheckedBuffer<Lanes>
    let columns: CheckedBuffer<Int32>, inputs: CheckedBuffer<Double>

    init(_ start: LayeredNetwork, _ data: EncodedData) {
        network = LaneNetwork(start)
        (rows, targets, whole) = (data.sparse, data.targets, data.whole)
        weights = CheckedBuffer(network.weights(of: start))
        gradient = CheckedBuffer(repeating: .zero, count: network.weightLanes)
        values = CheckedBuffer(repeating: .zero, count: network.unitLanes)
        slopes = CheckedBuffer(repeating: .zero, count: network.unitLanes)
        terms = CheckedBuffer(repeating: .zero, count: network.unitLanes)
        columns = CheckedBuffer(data.sparse.columns)
        inputs = CheckedBuffer(data.sparse.values)
    }

    /// The output for row r, leaving its pass in `values` and `slopes`.
    @inline(__always)
    func output(_ r: Int) -> Double {
        network.forward(
            rows, row: r, weights: weights.pointer, values: values.pointer, slopes: slopes.pointer,
            columns: columns.pointer, inputs: inputs.pointer)
    }

    /// `LayeredNetwork.meanSquaredError`: row by row, the squares summed in row order.
    func meanSquaredError(_ which: [Int]) -> Double {
        var sum = 0.0
        for r in which {
            let e = targets[r] - whole(output(r))
            sum += e * e
        }
        return sum / Double(which.count)
    }

    /// `LayeredNetwork.step`: every row's descent direction summed, then applied once.
    func step(_ batch: ArraySlice<Int>, learningRate: Double) {
        let g = gradient.pointer, w = weights.pointer
        g.update(repeating: .zero, count: g.count)
        for r in batch {
            let error = targets[r] - whole(output(r))
            network.accumulate(
                rows, row: r, error: error, weights: w, values: values.pointer, slopes: slopes.pointer,
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
        var log: [LossPoint] = []
        var step = 0
        func update(_ batch: ArraySlice<Int>) {
            lanes.step(batch, learningRate: training.learningRate)
            step += 1
            if step % training.lossEvery == 0 {
                log.append(
                    LossPoint(
                        step: step, training: lanes.meanSquaredError(data.training),
                        validation: lanes.meanSquaredError(data.validation)))
            }
        }
        switch training.batches {
        case .inOrder(let size, let epochs):
            for _ in 0..<epochs {
                for start in stride(from: 0, to: data.training.count, by: size) {
                    update(data.training[start..<min(start + size, data.training.count)])
                }
            }
        case .withReplacement(let size, let steps):
            var batch = [Int](repeating: 0, count: size)
            for _ in 0..<steps {
                for b in 0..<size { batch[b] = data.training[generator.index(below: data.training.count)] }
                update(batch[...])
            }
        }
        if log.last?.step != step {
            log.append(
                LossPoint(
                    step: step, training: lanes.meanSquaredError(data.training),
                    validation: lanes.meanSquaredError(data.validation)))
        }
        parameters = lanes.network.parameters(lanes.weights.elements, into: parameters)
        return log
    }
}
