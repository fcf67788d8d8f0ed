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

/// `stochasticPass` with the units in lanes (`UnitLanes`): the same updates, the same bits.
@inline(__always)
func stochasticPassByUnits<F: HiddenActivation>(
    _ unit: F.Type, _ p: CheckedPointer<Double>, q: Int,
    x: CheckedPointer<Double>, y: CheckedPointer<Double>,
    rows: Range<Int>, eta: Double
) {
    let d = Network.inputs, lanes = UnitLanes(hiddenUnits: q), groups = lanes.groups
    let gammaIndex = UnitLanes.gammaIndex, wIndex = UnitLanes.wIndex
    let padding = lanes.padding, padded = any(padding)
    let theta = ParameterLayout(hiddenUnits: q).theta
    withScratch(of: Lanes.self, count: groups * (UnitLanes.perGroup + 2)) { scratch in
        let weights = scratch, b = scratch + groups * UnitLanes.perGroup, slope = b + groups
        lanes.gather(p, into: weights)
        for row in rows {
            let xr = x + row * d
            let x0 = xr[0], x1 = xr[1], x2 = xr[2], x3 = xr[3], x4 = xr[4], x5 = xr[5]
            let x6 = xr[6], x7 = xr[7], x8 = xr[8], x9 = xr[9], x10 = xr[10], x11 = xr[11]
            // `forward`: alpha as `hiddenInput` sums it, then beta unit after unit.
            var beta = p[theta]
            for k in 0..<groups {
                let v = weights + k * UnitLanes.perGroup
                let s0 = x0 * v[0] + x4 * v[4] + x8 * v[8]
                let s1 = x1 * v[1] + x5 * v[5] + x9 * v[9]
                let s2 = x2 * v[2] + x6 * v[6] + x10 * v[10]
                let s3 = x3 * v[3] + x7 * v[7] + x11 * v[11]
                var (value, slopes) = F.valueAndSlope(lanes: v[gammaIndex] + ((s0 + s1) + (s2 + s3)))
                if padded && k == groups - 1 {
                    value.replace(with: 0, where: padding)
                    slopes.replace(with: 0, where: padding)
                }
                (b[k], slope[k]) = (value, slopes)
                let terms = value * v[wIndex]
                for j in 0..<lanes.units(inGroup: k) { beta += terms[j] }
            }
            let g = outputError(beta: beta, count: y[row])
            if g == 0 { continue }
            // `addUpdate` with s = eta, each unit's e_h from its w_h before the update.
            let s0 = eta * x0, s1 = eta * x1, s2 = eta * x2, s3 = eta * x3, s4 = eta * x4, s5 = eta * x5
            let s6 = eta * x6, s7 = eta * x7, s8 = eta * x8, s9 = eta * x9, s10 = eta * x10, s11 = eta * x11
            for k in 0..<groups {
                let v = weights + k * UnitLanes.perGroup
                let e = slope[k] * v[wIndex] * g
                v[wIndex] += eta * b[k] * g
                v[gammaIndex] += eta * e
                v[0] += s0 * e
                v[1] += s1 * e
                v[2] += s2 * e
                v[3] += s3 * e
                v[4] += s4 * e
                v[5] += s5 * e
                v[6] += s6 * e
                v[7] += s7 * e
                v[8] += s8 * e
                v[9] += s9 * e
                v[10] += s10 * e
                v[11] += s11 * e
            }
            p[theta] += eta * g
        }
        lanes.scatter(weights, into: p)
    }
}
