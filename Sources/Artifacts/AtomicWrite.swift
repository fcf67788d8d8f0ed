import BikeModel
import Foundation

/// Writes files so that a reader never sees half of one, and a crash leaves nothing make
/// would accept: see `files`.
public enum AtomicWrite {
    /// Writes every file or none. Each goes to a temporary of this tool's own in its folder; once
    /// all are complete they are renamed into place. The first file named (a stage's primary
    /// output, the one make watches) is written and renamed last: a crash in between leaves it
    /// old, and make reruns the stage; after a success it is the newest. Outputs that are not
    /// regular files, or are named twice, are refused before anything is written.
    public static func files(_ contents: [(path: String, data: Data)]) throws {
        try OutputGuard.check(outputs: contents.map(\.path), inputs: [])
        var temporaries: [(temporary: String, path: String)] = []
        defer { for entry in temporaries { unlink(entry.temporary) } }
        for (path, data) in contents.reversed() {
            removeLeftovers(of: path)
            temporaries.append((try write(data, temporaryFor: path), path))
        }
        for (temporary, path) in temporaries where rename(temporary, path) != 0 {
            throw InputError(
                file: path, "cannot move the finished file into place: \(String(cString: strerror(errno)))")
        }
        temporaries.removeAll()
    }

    /// `.NAME.PID.RANDOM.tmp` beside `path`: the process that owns it, and a part no one can
    /// guess, so that a link planted in advance cannot catch the write.
    static func temporaryName(for path: String, random: UInt64) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return FilePath.folder(of: path) + "/.\(name).\(getpid()).\(String(random, radix: 16)).tmp"
    }

    /// Removes the temporaries of `path` that a killed run of this pipeline left: those whose
    /// process is gone (a live one may still be writing its own). Unlinking never follows a link.
    static func removeLeftovers(of path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let folder = FilePath.folder(of: path), prefix = ".\(name)."
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
            let middle = entry.dropFirst(prefix.count).dropLast(4).split(separator: ".")
            guard (1...2).contains(middle.count), let pid = pid_t(middle[0]), pid > 0 else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + entry) }
        }
    }

    /// The bytes to a new temporary of `path`, created afresh (`O_EXCL`, never through a
    /// symbolic link), with the system's own words for any failure (a full disk says so); its
    /// name. No fsync: the rename already makes a killed process leave the old file or the new,
    /// and syncing each of a run's hundreds of files cost a tenth of `make report`.
    static func write(_ data: Data, temporaryFor path: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        var temporary = "", descriptor: Int32 = -1
        for _ in 0..<8 {
            temporary = temporaryName(for: path, random: generator.next())
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw InputError(file: path, "cannot write: \(String(cString: strerror(errno)))") }
        var failure: Int32 = 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw InputError(file: path, "cannot write: \(String(cString: strerror(failure)))")
        }
        return temporary
    }

    /// Writes `data` only where the file does not already hold exactly it, so that its time
    /// changes only with its content: make then reruns only what the change touches.
    public static func ifChanged(_ path: String, _ data: Data) throws {
        if FileManager.default.contents(atPath: path) == data { return }
        try files([(path, data)])
    }

    /// A CSV artifact and its sidecar, written together.
    public static func csv(
        _ text: String, to path: String, header: ArtifactHeader, rows: Int,
        encoding: EncodingRecord? = nil, data: DataRecord? = nil
    ) throws {
        try files(csvFiles(text, to: path, header: header, rows: rows, encoding: encoding, data: data))
    }

    /// The two files of a CSV artifact, for writing together with others.
    public static func csvFiles(
        _ text: String, to path: String, header: ArtifactHeader, rows: Int,
        encoding: EncodingRecord? = nil, data record: DataRecord? = nil
    ) throws -> [(path: String, data: Data)] {
        let data = Data(text.utf8)
        let sidecar = CSVSidecar(
            artifact: header, sha256: SHA256.hex(data), rows: rows, encoding: encoding, data: record)
        return [(path, data), (CSVSidecar.path(for: path), try ArtifactJSON.encode(sidecar))]
    }
}
