/// SGD for one network with its hidden units side by side, eight to a vector: each row's update
/// needs the weights the row before left, so the rows cannot share a vector, but the units of
/// one row can. Lane j of group k is unit 8k + j, and each lane runs `stochasticPass`'s
/// operations for its unit in their order; beta still adds the units' terms one after another,
/// unit 0 first. So the weights come out the same bits as the row-by-row loop's.
///
/// The weights are copied in unit groups for the pass, then back: v[i] of the group's eight
/// units in one vector needs them input by input, not unit by unit as `ParameterLayout` keeps
/// them. A group has 14 vectors: v[0] ... v[11], gamma, w.
struct UnitLanes {
    static let perGroup = Network.inputs + 2
    static let gammaIndex = Network.inputs
    static let wIndex = Network.inputs + 1

    let hiddenUnits: Int
    var groups: Int { (hiddenUnits + Lanes.scalarCount - 1) / Lanes.scalarCount }
    /// The units in group k: eight, fewer in the last (the report's q = 5 is one group).
    func units(inGroup k: Int) -> Int { min(Lanes.scalarCount, hiddenUnits - k * Lanes.scalarCount) }

    /// The lanes past the last unit: zero weights but gamma = 1, so that their alpha is 1 (where
    /// elu and relu need no exponential), and every row b = f'(alpha) = 0, so that they stay so.
    var padding: SIMDMask<Lanes.MaskStorage> { Lanes.laneIndex .>= Double(units(inGroup: groups - 1)) }

    /// The network's hidden weights `p` into `groups` (`groups * perGroup` vectors).
    func gather(_ p: CheckedPointer<Double>, into groups: CheckedPointer<Lanes>) {
        let layout = ParameterLayout(hiddenUnits: hiddenUnits)
        groups.update(repeating: .zero, count: self.groups * Self.perGroup)
        groups[(self.groups - 1) * Self.perGroup + Self.gammaIndex] = Lanes(repeating: 1)
        for h in 0..<hiddenUnits {
            let group = groups + (h / Lanes.scalarCount) * Self.perGroup, lane = h % Lanes.scalarCount
            for i in 0..<Network.inputs { group[i][lane] = p[layout.v(i, h)] }
            group[Self.gammaIndex][lane] = p[layout.gamma + h]
            group[Self.wIndex][lane] = p[layout.w + h]
        }
    }

    /// `gather` undone: the groups' weights back into `p`.
    func scatter(_ groups: CheckedPointer<Lanes>, into p: CheckedPointer<Double>) {
        let layout = ParameterLayout(hiddenUnits: hiddenUnits)
        for h in 0..<hiddenUnits {
            let group = groups + (h / Lanes.scalarCount) * Self.perGroup, lane = h % Lanes.scalarCount
            for i in 0..<Network.inputs { p[layout.v(i, h)] = group[i][lane] }
            p[layout.gamma + h] = group[Self.gammaIndex][lane]
            p[layout.w + h] = group[Self.wIndex][lane]
        }
    }
}

/// One group's weights as values: v[0] ... v[11], gamma and w of eight units. With one group
/// (q up to 8, the report's 5) they stay in registers from row to row, not in memory that each
/// row would store and the next load back, on the path from one row's update to the next's.
struct UnitGroup {
    var v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, gamma, w: Lanes

    /// The group's 14 vectors from `p` (`UnitLanes`' order).
    @inline(__always)
    init(_ p: CheckedPointer<Lanes>) {
        (v0, v1, v2, v3, v4, v5) = (p[0], p[1], p[2], p[3], p[4], p[5])
        (v6, v7, v8, v9, v10, v11) = (p[6], p[7], p[8], p[9], p[10], p[11])
        (gamma, w) = (p[UnitLanes.gammaIndex], p[UnitLanes.wIndex])
    }

    @inline(__always)
    func store(to p: CheckedPointer<Lanes>) {
        (p[0], p[1], p[2], p[3], p[4], p[5]) = (v0, v1, v2, v3, v4, v5)
        (p[6], p[7], p[8], p[9], p[10], p[11]) = (v6, v7, v8, v9, v10, v11)
        (p[UnitLanes.gammaIndex], p[UnitLanes.wIndex]) = (gamma, w)
    }

    /// alpha of the row `x` in each lane, summed as `hiddenInput` sums it.
    @inline(__always)
    func hiddenInput(_ x: RowInputs) -> Lanes {
        let s0 = x.x0 * v0 + x.x4 * v4 + x.x8 * v8
        let s1 = x.x1 * v1 + x.x5 * v5 + x.x9 * v9
        let s2 = x.x2 * v2 + x.x6 * v6 + x.x10 * v10
        let s3 = x.x3 * v3 + x.x7 * v7 + x.x11 * v11
        return gamma + ((s0 + s1) + (s2 + s3))
    }

    /// `addUpdate` with s = eta for the group's units, each e_h from its w_h before the update;
    /// `s` holds eta x_i.
    @inline(__always)
    mutating func update(eta: Double, s: RowInputs, b: Lanes, slope: Lanes, g: Double) {
        let e = slope * w * g
        w += eta * b * g
        gamma += eta * e
        v0 += s.x0 * e
        v1 += s.x1 * e
        v2 += s.x2 * e
        v3 += s.x3 * e
        v4 += s.x4 * e
        v5 += s.x5 * e
        v6 += s.x6 * e
        v7 += s.x7 * e
        v8 += s.x8 * e
        v9 += s.x9 * e
        v10 += s.x10 * e
        v11 += s.x11 * e
    }
}

/// A row's 12 inputs as values, or eta times them.
struct RowInputs {
    let x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11: Double

    @inline(__always)
    init(_ x: CheckedPointer<Double>) {
        (x0, x1, x2, x3, x4, x5) = (x[0], x[1], x[2], x[3], x[4], x[5])
        (x6, x7, x8, x9, x10, x11) = (x[6], x[7], x[8], x[9], x[10], x[11])
    }

    @inline(__always)
    init(_ eta: Double, times x: RowInputs) {
        (x0, x1, x2, x3, x4, x5) = (eta * x.x0, eta * x.x1, eta * x.x2, eta * x.x3, eta * x.x4, eta * x.x5)
        (x6, x7, x8, x9, x10, x11) = (eta * x.x6, eta * x.x7, eta * x.x8, eta * x.x9, eta * x.x10, eta * x.x11)
    }
}

/// `stochasticPass` with the units in lanes (`UnitLanes`): the same updates, the same bits.
/// One group runs from registers (`UnitGroup`); more run from memory, group by group.
@inline(__always)
func stochasticPassByUnits<F: HiddenActivation>(
    _ unit: F.Type, _ p: CheckedPointer<Double>, q: Int,
    x: CheckedPointer<Double>, y: CheckedPointer<Double>,
    rows: Range<Int>, eta: Double
) {
    let d = Network.inputs, lanes = UnitLanes(hiddenUnits: q), groups = lanes.groups
    let padding = lanes.padding, padded = any(padding)
    let thetaIndex = ParameterLayout(hiddenUnits: q).theta
    var theta = p[thetaIndex]
    /// f and f' of the group's alpha, its padding lanes zero, and beta's terms added unit after unit.
    @inline(__always)
    func forward(_ group: UnitGroup, _ k: Int, _ x: RowInputs, beta: inout Double) -> (b: Lanes, slope: Lanes) {
        var (value, slope) = F.valueAndSlope(lanes: group.hiddenInput(x))
        if padded && k == groups - 1 {
            value.replace(with: 0, where: padding)
            slope.replace(with: 0, where: padding)
        }
        let terms = value * group.w
        for j in 0..<lanes.units(inGroup: k) { beta += terms[j] }
        return (value, slope)
    }
    withScratch(of: Lanes.self, count: groups * (UnitLanes.perGroup + 2)) { scratch in
        // b and slope: the groups' b_h and f'(alpha_h) of the row, kept from forward to update
        // when there are several groups; one group holds them in values.
        let weights = scratch, b = scratch + groups * UnitLanes.perGroup, slope = b + groups
        lanes.gather(p, into: weights)
        if groups == 1 {
            var group = UnitGroup(weights)
            for row in rows {
                let xr = RowInputs(x + row * d)
                var beta = theta
                let hidden = forward(group, 0, xr, beta: &beta)
                let g = outputError(beta: beta, count: y[row])
                if g == 0 { continue }
                group.update(eta: eta, s: RowInputs(eta, times: xr), b: hidden.b, slope: hidden.slope, g: g)
                theta += eta * g
            }
            group.store(to: weights)
        } else {
            for row in rows {
                let xr = RowInputs(x + row * d)
                var beta = theta
                for k in 0..<groups {
                    (b[k], slope[k]) = forward(UnitGroup(weights + k * UnitLanes.perGroup), k, xr, beta: &beta)
                }
                let g = outputError(beta: beta, count: y[row])
                if g == 0 { continue }
                let s = RowInputs(eta, times: xr)
                for k in 0..<groups {
                    let v = weights + k * UnitLanes.perGroup
                    var group = UnitGroup(v)
                    group.update(eta: eta, s: s, b: b[k], slope: slope[k], g: g)
                    group.store(to: v)
                }
                theta += eta * g
            }
        }
        lanes.scatter(weights, into: p)
    }
    p[thetaIndex] = theta
}
