/// How a declared run trains: batches of rows in file order, epoch after epoch (the report's
/// SGD, MGD and BGD), or drawn with replacement, step after step (Udacity's); each step moves
/// every parameter by `learningRate` times the batch's mean descent direction of ½ (y − ŷ)².
public struct StepTraining: Equatable, Sendable {
    public enum Batches: Equatable, Sendable {
        /// Consecutive batches of `size` rows in file order, the last one shorter; `epochs` passes.
        case inOrder(size: Int, epochs: Int)
        /// `steps` batches of `size` rows each drawn uniformly with replacement.
        case withReplacement(size: Int, steps: Int)
    }

    public var batches: Batches
    public var learningRate: Double
    /// The losses are measured after every `lossEvery` steps (and after the last).
    public var lossEvery: Int

    public init(batches: Batches, learningRate: Double, lossEvery: Int) {
        (self.batches, self.learningRate, self.lossEvery) = (batches, learningRate, lossEvery)
    }
}

/// The losses after a step: the mean squared error over each set, in the network's units.
public struct LossPoint: Equatable, Sendable {
    public var step: Int
    public var training: Double
    public var validation: Double

    /// Both losses times `factor` (½, or a unit's square).
    public func scaled(by factor: Double) -> LossPoint {
        LossPoint(step: step, training: factor * training, validation: factor * validation)
    }
}

extension LayeredNetwork {
    /// The mean squared error over `rows`, in the units the network trains in; with whole
    /// counts, of the counts it predicts.
    public func meanSquaredError(_ data: EncodedData, rows: [Int]) -> Double {
        var sum = 0.0
        for r in rows {
            let e = data.targets[r] - prediction(data, row: r)
            sum += e * e
        }
        return sum / Double(rows.count)
    }

    /// The prediction for a row in the units the network trains in: with whole counts (the
    /// report's), the output made a whole non-negative count.
    public func prediction(_ data: EncodedData, row r: Int) -> Double {
        data.whole(output(data.row(r)))
    }

    /// One step over the rows of `batch`: every row's descent direction summed, then applied
    /// once, divided by the batch's size.
    public mutating func step(_ data: EncodedData, batch: [Int], learningRate: Double) {
        var direction = [Double](repeating: 0, count: parameters.count)
        for r in batch {
            let pass = forward(data.row(r))
            accumulate(pass, error: data.targets[r] - data.whole(pass.values[layerCount][0]), into: &direction)
        }
        let scale = learningRate / Double(batch.count)
        for k in parameters.indices { parameters[k] += scale * direction[k] }
    }

    /// Trains as `training` says, drawing batches from `generator`; returns the loss log. The
    /// reference the lanes (`train`) are tested against: one row, one unit, one input at a time.
    public mutating func trainPlainLoop(
        _ data: EncodedData, _ training: StepTraining, generator: inout WeightGenerator
    ) -> [LossPoint] {
        var network = self
        defer { self = network }
        return training.run(
            data, generator: &generator,
            step: { network.step(data, batch: Array($0), learningRate: training.learningRate) },
            losses: {
                (
                    network.meanSquaredError(data, rows: data.training),
                    network.meanSquaredError(data, rows: data.validation)
                )
            })
    }
}

extension StepTraining {
    /// The schedule every loop follows: the batches of training rows in turn, each applied by
    /// `step`, and the losses `losses` measures after every `lossEvery` steps and after the last.
    func run(
        _ data: EncodedData, generator: inout WeightGenerator, step: (ArraySlice<Int>) -> Void,
        losses: () -> (training: Double, validation: Double)
    ) -> [LossPoint] {
        var log: [LossPoint] = []
        var count = 0
        func measure() {
            let (training, validation) = losses()
            log.append(LossPoint(step: count, training: training, validation: validation))
        }
        func apply(_ batch: ArraySlice<Int>) {
            step(batch)
            count += 1
            if count % lossEvery == 0 { measure() }
        }
        switch batches {
        case .inOrder(let size, let epochs):
            for _ in 0..<epochs {
                for start in stride(from: 0, to: data.training.count, by: size) {
                    apply(data.training[start..<min(start + size, data.training.count)])
                }
            }
        case .withReplacement(let size, let steps):
            var batch = [Int](repeating: 0, count: size)
            for _ in 0..<steps {
                for b in 0..<size { batch[b] = data.training[generator.index(below: data.training.count)] }
                apply(batch[...])
            }
        }
        if log.last?.step != count { measure() }
        return log
    }
}
