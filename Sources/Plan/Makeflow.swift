import Artifacts
import BikeModel

extension MakePlan {
    /// The same rules for Makeflow (cctools): every file each rule reads, sidecars and its tool
    /// included (a worker gets only what a rule names), every file it writes, `LOCAL` for the
    /// cheap rules, and `CORES` for a training rule: one per seed, at most `cores` (a task larger
    /// than its worker would never start). `folders` gives the Makefile's variables their values.
    public func makeflow(folders: [String: String], cores: Int) throws -> String {
        for (name, value) in folders.sorted(by: { $0.key < $1.key }) {
            guard !value.isEmpty,
                value.unicodeScalars.allSatisfy({
                    $0.isASCII
                        && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                            || "._-/".unicodeScalars.contains($0))
                })
            else {
                throw UsageError(
                    "\(name)=\(Quoted(value)): a folder for Makeflow may use letters, digits, '.', '_', '-' and '/' only"
                )
            }
        }
        func resolve(_ text: String) -> String {
            var out = text
            for (name, value) in folders { out = out.replacingOccurrences(of: "$(\(name))", with: value) }
            return out
        }
        guard let bin = folders["BIN"] else { throw UsageError("the tools' folder BIN is not given") }
        // Makeflow deletes (or moves aside) the outputs of a failed rule. A committed file must
        // never be among them: a rule that writes under FIG declares a stamp under B instead, and
        // its tool replaces the committed file by its own atomic rename only once it succeeds.
        var stampOf: [PlanPath: String] = [:]
        for rule in rules where rule.targets.contains(where: { $0.root == .figures }) {
            for target in rule.targets { stampOf[target] = "$(B)/makeflow/done/\(rule.id)" }
        }
        var out =
            "# Made by `report makeflow` from the same plan as build/plan.mk: run it with `make report ENGINE=makeflow`.\n"
        // A worker has only the files a rule names: the recorded inputs of those files cannot be
        // checked there, and `make report ENGINE=makeflow` says so once instead of each tool.
        out += "export BIKE_REPORT_UNCHECKED=quiet\n\n"
        for rule in rules {
            let local = rule.tool != .train
            let stamp = rule.targets.lazy.compactMap { stampOf[$0] }.first
            guard stamp == nil || local else {
                throw UsageError("plan rule \(rule.id): a rule that writes committed files must run LOCAL")
            }
            out +=
                ".MAKEFLOW CATEGORY \(local ? "local" : "train")\n.MAKEFLOW CORES \(local ? 1 : max(1, min(rule.seeds, cores)))\n"
            // A worker's sandbox takes relative names only: a tool from an absolute folder is sent
            // under tools/ (Makeflow's LOCAL->REMOTE), and run from there.
            let remoteTool = bin.hasPrefix("/") && !local ? "tools/\(rule.tool.name)" : "\(bin)/\(rule.tool.name)"
            var inputs: [String] = []
            for input in rule.inputs {
                let name = resolve(stampOf[input] ?? input.make)
                if !inputs.contains(name) { inputs.append(name) }
            }
            inputs.append(
                remoteTool == "\(bin)/\(rule.tool.name)" ? remoteTool : "\(bin)/\(rule.tool.name)->\(remoteTool)")
            let targets =
                stamp.map { [resolve($0)] + rule.targets.filter { $0.root != .figures }.map { resolve($0.make) } }
                ?? rule.targets.map { resolve($0.make) }
            out += targets.joined(separator: " ") + ": " + inputs.joined(separator: " ") + "\n"
            var folders: [String] = []
            for target in rule.targets where !folders.contains(resolve(target.folder)) {
                folders.append(resolve(target.folder))
            }
            if stamp != nil, !folders.contains(resolve("$(B)/makeflow/done")) {
                folders.append(resolve("$(B)/makeflow/done"))
            }
            let arguments = try rule.arguments.map { try MakeText.makeflowArgument($0, resolve: resolve) }
            out +=
                "\t\(local ? "LOCAL " : "")mkdir -p \(folders.map { "'\($0)'" }.joined(separator: " ")) && '\(remoteTool.hasPrefix("/") ? remoteTool : "./" + remoteTool)' \(arguments.joined(separator: " "))\(stamp.map { " && touch '\(resolve($0))'" } ?? "")\n\n"
        }
        return out
    }
}
