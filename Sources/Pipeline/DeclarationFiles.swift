import Artifacts
import BikeModel
import Foundation
import Plan

/// How the declaration folders are read: every file a `NAME.json`, each shaped before it is
/// decoded, so a typo is refused with its line.
extension PipelineSpec {
    /// The `.json` files of a declaration folder, in name order. Anything else there is refused
    /// by name: make lists these files as the plan's inputs, and a name it cannot carry (a
    /// space, a newline) must stop here, before make sees it.
    static func jsonFiles(in directory: String, of what: String) throws -> [String] {
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw InputError(file: directory, "cannot list the \(what): \(describe(error))")
        }
        for entry in entries {
            let name = entry.hasSuffix(".json") ? String(entry.dropLast(5)) : nil
            var status = stat()
            let regular = lstat(directory + "/" + entry, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
            if let problem = name.map(Declared.nameProblem) ?? "it does not end in .json" {
                throw InputError(
                    file: "\(directory)/\(Quoted(entry))",
                    "not a declaration: \(problem); every file in \(directory)/ is NAME.json (move anything else out)")
            }
            guard regular else {
                throw InputError(file: directory + "/" + entry, "not a declaration: it is not a regular file")
            }
        }
        return entries
    }

    /// Each declaration of an optional folder (absent: none), in name order, read and shaped:
    /// its name (the file's, checked), its path, its value and its syntax tree.
    static func declarations<T: Decodable>(in folder: String, of what: String, _ type: T.Type, shape: Shape) throws
        -> [(name: String, path: String, spec: T, tree: JSONTree)]
    {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            return []
        }
        return try jsonFiles(in: folder, of: what).map { file in
            let name = String(file.dropLast(5)), path = folder + "/" + file
            let (spec, tree) = try read(type, path, shape: shape)
            return (name, path, spec, tree)
        }
    }

    /// A declaration file: shape first (with lines), then the typed value.
    static func read<T: Decodable>(_ type: T.Type, _ path: String, shape: Shape) throws -> (T, JSONTree) {
        let data = try FileBytes.read(path, maximumBytes: 1 << 20)
        let tree = try JSONTree.parse([UInt8](data), file: path)
        try shape.check(tree, file: path)
        do { return (try JSONDecoder().decode(type, from: data), tree) } catch {
            throw InputError(file: path, "cannot be read (\(describe(error)))")
        }
    }
}
