/// The plan as a reader wants to see it before building anything but `report`: for each rule,
/// in the plan's order (each after the rules it reads from), what it writes, what it reads and
/// the command, quoted as the Makefile's recipe quotes it, folders left as make variables.
extension MakePlan {
    public func listing() throws -> String {
        let tools = Set(rules.map(\.tool.name)).sorted().joined(separator: ", ")
        var out =
            "\(rules.count) rules (\(tools)) for \(experiments.count) experiments and \(goals.count) report files.\n"
        out +=
            "Folders are the Makefile's: $(B) results, $(FIG) figures, $(PIPELINE) declarations, $(DATA) data, $(BIN) tools.\n"
        for rule in rules {
            out += "\n\(rule.id)"
            if rule.seeds > 1 { out += " (\(rule.seeds) seeds side by side)" }
            out += "\n  writes: \(rule.targets.map(\.make).joined(separator: " "))\n"
            out += "  reads:  \(rule.inputs.isEmpty ? "-" : rule.inputs.map(\.make).joined(separator: " "))\n"
            out +=
                "  runs:   $(BIN)/\(rule.tool.name) \(try rule.arguments.map(MakeText.argument).joined(separator: " "))\n"
        }
        return out
    }
}
