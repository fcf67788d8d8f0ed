import BikeModel
import Foundation
import TestSupport
import Testing

/// The eight-lane loops (the batch methods' rows, SGD's units) and the project's own exponential:
/// each against its plain counterpart, lane by lane and bit for bit where the arithmetic is the
/// same, within rounding where only the order of a sum differs.
@Suite("Vectorised training against the plain loops")
struct VectorisedTests {
    /// Every input the units meet: a coarse sweep of the whole range, a fine one where the
    /// network lives, the edges and a few special values.
    static let inputs: [Double] = {
        var values = stride(from: -720.0, through: 720, by: 0.0137).map { $0 }
        values += stride(from: -40.0, through: 40, by: 1.03e-3).map { $0 }
        values += [0, -0.0, 1e-300, -1e-300, 1e-20, -1e-20, -708, -708.0001, 709, 709.0001, -600, -600.0001, 100, -100]
        values += [-50, 50, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        while values.count % Lanes.scalarCount != 0 { values.append(0.5) }
        return values
    }()

    @Test("the own exponential is within 2 units in the last place of libm's wherever e^x is a normal number")
    func exponentialAccuracy() {
        var worst = 0.0, worstAt = 0.0
        for x in Self.inputs where x.isFinite && x >= TaylorExp.lowest && x <= TaylorExp.highest {
            let exact = Foundation.exp(x), own = TaylorExp.exp(x)
            let ulps = abs(own - exact) / exact.ulp
            if ulps > worst { (worst, worstAt) = (ulps, x) }
        }
        #expect(worst <= 2, "largest error \(worst) ulp at x = \(worstAt)")
        #expect(TaylorExp.exp(0) == 1 && TaylorExp.exp(1) == Foundation.exp(1))
        #expect(TaylorExp.exp(-708.5) == 0 && TaylorExp.exp(709.5) == .infinity)
        #expect(TaylorExp.exp(.nan).isNaN && TaylorExp.exp(-.infinity) == 0 && TaylorExp.exp(.infinity) == .infinity)
    }

    /// Runs `lanes` on the inputs eight at a time and `scalar` on each; both results' bits.
    static func bothForms(
        _ scalar: (Double) -> (Double, Double), _ lanes: (Lanes) -> (Lanes, Lanes)
    ) -> [(x: Double, scalar: (UInt64, UInt64), lanes: (UInt64, UInt64))] {
        stride(from: 0, to: inputs.count, by: Lanes.scalarCount).flatMap { start in
            let block = Lanes(inputs[start..<start + Lanes.scalarCount])
            let (value, slope) = lanes(block)
            return (0..<Lanes.scalarCount).map { lane in
                let (v, s) = scalar(block[lane])
                return (block[lane], (v.bitPattern, s.bitPattern), (value[lane].bitPattern, slope[lane].bitPattern))
            }
        }
    }

    /// The same bits, or both NaN: a NaN's sign and payload carry nothing (training stops at the
    /// first weight that is not finite).
    static func same(_ a: (UInt64, UInt64), _ b: (UInt64, UInt64)) -> Bool {
        func same(_ a: UInt64, _ b: UInt64) -> Bool {
            a == b || (Double(bitPattern: a).isNaN && Double(bitPattern: b).isNaN)
        }
        return same(a.0, b.0) && same(a.1, b.1)
    }

    @Test("each hidden unit's eight-lane form gives its scalar form's bits, the edges and NaN included")
    func unitsLaneByLane() {
        func check<F: HiddenActivation>(_ unit: F.Type) {
            let results = Self.bothForms(F.valueAndSlope, { F.valueAndSlope(lanes: $0) })
            let differing = results.filter { !Self.same($0.scalar, $0.lanes) }
            #expect(differing.isEmpty, "\(unit): \(differing.count) inputs differ, first at \(differing.first?.x ?? 0)")
        }
        check(SigmoidUnit.self)
        check(TanhUnit.self)
        check(ReLUUnit.self)
        check(ELUUnit.self)
        check(GuardedSigmoidUnit.self)
        check(GuardedTanhUnit.self)
        check(GuardedELUUnit.self)
        let exponentials = Self.bothForms({ (TaylorExp.exp($0), 0) }, { (TaylorExp.exp($0), .zero) })
        #expect(exponentials.allSatisfy { Self.same($0.scalar, $0.lanes) })
    }

    @Test("tanh through the exponential stays within 4e-16 of libm's, and is exactly -1 and 1 far out")
    func tanhAccuracy() {
        let worst = Self.inputs.filter(\.isFinite).map { abs(TanhUnit.valueAndSlope($0).value - Foundation.tanh($0)) }
            .max()!
        #expect(worst <= 4e-16, "largest absolute error \(worst)")
        #expect(TanhUnit.valueAndSlope(400).value == 1 && TanhUnit.valueAndSlope(-400).value == -1)
    }

    static let data = Result { try Fixtures.encodedSplit() }

    /// The largest relative difference between two networks' parameters.
    static func relativeDifference(_ a: Network, _ b: Network) -> Double {
        zip(a.parameters, b.parameters).map { abs($0 - $1) / max(abs($0), abs($1), 1e-300) }.max() ?? 0
    }

    @Test(
        "one epoch of BGD and MGD on the lab's rows: the eight-lane loop within 1e-12 of the plain one, every activation",
        arguments: Activation.allCases)
    func epochAgrees(activation: Activation) throws {
        let (training, _) = try Self.data.get()
        for (method, batch) in [(GradientDescent.bgd, 100), (.mgd, 100), (.mgd, 7), (.mgd, 1), (.mgd, 6469)] {
            for exponential in Exponential.allCases {
                let start = Network(hiddenUnits: 5, seed: 3)
                var vectorised = start, plain = start
                let eta = method == .bgd ? 1e-3 : 1e-4
                vectorised.trainEpoch(
                    training, activation: activation, exponential: exponential, method: method, learningRate: eta,
                    batchSize: batch)
                plain.trainEpoch(
                    training, activation: activation, exponential: exponential, method: method, learningRate: eta,
                    batchSize: batch, loop: .reference)
                #expect(vectorised != start, "\(activation) \(method) \(batch): the epoch moved no weight")
                let difference = Self.relativeDifference(vectorised, plain)
                #expect(difference <= 1e-12, "\(activation) \(exponential) \(method) batch \(batch): \(difference)")
            }
        }
    }

    @Test(
        "an SGD epoch with the units in lanes gives the row-by-row loop's bits: 1 to 17 units, every activation",
        arguments: Activation.allCases)
    func stochasticEpochAgrees(activation: Activation) throws {
        let (training, _) = try Self.data.get()
        for hiddenUnits in [1, 3, 5, 8, 9, 17] {
            for exponential in Exponential.allCases {
                let start = Network(hiddenUnits: hiddenUnits, seed: 7)
                var byUnits = start, plain = start
                for _ in 0..<2 {
                    byUnits.trainEpoch(
                        training, activation: activation, exponential: exponential, method: .sgd,
                        learningRate: 2e-5, batchSize: 1)
                    plain.trainEpoch(
                        training, activation: activation, exponential: exponential, method: .sgd,
                        learningRate: 2e-5, batchSize: 1, loop: .reference)
                }
                #expect(byUnits != start, "\(activation) q = \(hiddenUnits): the epochs moved no weight")
                #expect(
                    byUnits.parameters.map(\.bitPattern) == plain.parameters.map(\.bitPattern),
                    "\(activation) \(exponential) q = \(hiddenUnits): \(Self.relativeDifference(byUnits, plain))")
            }
        }
    }

    @Test("batches that start and end inside a block of eight: the lanes outside a batch add nothing")
    func ragged() {
        let rows = GradientTests.rows + GradientTests.rows.prefix(4)
        let data = GradientTests.table(Array(rows))
        for batch in 1...12 {
            var vectorised = GradientTests.network(), plain = vectorised
            vectorised.trainEpoch(data, activation: .elu, method: .mgd, learningRate: 1e-4, batchSize: batch)
            plain.trainEpoch(
                data, activation: .elu, method: .mgd, learningRate: 1e-4, batchSize: batch, loop: .reference)
            #expect(Self.relativeDifference(vectorised, plain) <= 1e-13, "batch \(batch)")
        }
    }

    @Test("the validation MSE and the predictions are the same bits in both loops, for 1 to 9 rows and the lab's")
    func evaluationAgrees() throws {
        let (training, validation) = try Self.data.get()
        var network = Network(hiddenUnits: 5, seed: 1)
        network.trainEpoch(training, activation: .elu, method: .bgd, learningRate: 1e-3, batchSize: 100)
        for activation in Activation.allCases {
            #expect(
                network.meanSquaredError(validation, activation: activation).bitPattern
                    == network.meanSquaredError(validation, activation: activation, loop: .reference).bitPattern)
            #expect(
                network.predictions(validation, activation: activation)
                    == network.predictions(validation, activation: activation, loop: .reference))
        }
        for count in 1...9 {
            let small = GradientTests.table(
                Array(GradientTests.rows.prefix(min(count, 7)))
                    + (count > 7 ? Array(GradientTests.rows.prefix(count - 7)) : []))
            let start = GradientTests.network()
            #expect(
                start.meanSquaredError(small, activation: .tanh)
                    == start.meanSquaredError(small, activation: .tanh, loop: .reference))
            #expect(
                start.predictions(small, activation: .elu)
                    == start.predictions(small, activation: .elu, loop: .reference))
        }
    }
}
