import Artifacts
import BikeModel

/// The one place where declared text enters a make rule or a command line.
public enum MakeText {
    /// A recipe argument. Literal text is refused if it holds a control character (a newline
    /// would end the recipe line), then `$` is doubled for make and the whole single-quoted for
    /// the shell; a path is single-quoted with its make variable left for make to expand.
    public static func argument(_ argument: PlanArgument) throws -> String {
        switch argument {
        case .path(let path): return "'\(path.make)'"
        case .literal(let text): return "'" + (try escaped(text)) + "'"
        case .labelled(let text, let path): return "'" + (try escaped(text)) + "=" + path.make + "'"
        }
    }

    /// Text inside single quotes on a recipe line: `$` doubled for make, `'` closed and reopened.
    static func escaped(_ text: String) throws -> String {
        try refuseControl(text)
        return text.replacingOccurrences(of: "$", with: "$$").replacingOccurrences(of: "'", with: "'\\''")
    }

    /// Both renderings refuse the same text: a control character (a newline would end a recipe
    /// line in make and a command in Makeflow) can reach neither.
    static func refuseControl(_ text: String) throws {
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw UsageError("a command argument may not contain a control character: \(Quoted(text))")
        }
    }

    /// A command argument for Makeflow, whose lexer reads a command before `sh -c` does: in a
    /// single-quoted word it keeps the quotes but takes a backslash as an escape (so the shell's
    /// `'\\''` reaches `sh` as `'''`, unterminated), and in a double-quoted one it drops each
    /// backslash and keeps the character after it. So the argument is double-quoted for `sh`,
    /// and each character `sh` would interpret there (`"`, `$`, `` ` ``, `\`) gets a backslash
    /// that Makeflow keeps (`\\` then the character, itself escaped); `'` is escaped for
    /// Makeflow alone. (cctools makeflow/src/lexer.c: lexer_read_literal_quoted and
    /// lexer_read_literal_in_expandable_until.) `resolve` gives the folders their values.
    public static func makeflowArgument(_ argument: PlanArgument, resolve: (String) -> String) throws -> String {
        let text: String
        switch argument {
        case .path(let path): text = resolve(path.make)
        case .literal(let words): text = words
        case .labelled(let words, let path): text = words + "=" + resolve(path.make)
        }
        try refuseControl(text)
        var out = "\""
        for character in text {
            switch character {
            case "\"", "$", "`", "\\": out += "\\\\\\" + String(character)
            case "'": out += "\\'"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
