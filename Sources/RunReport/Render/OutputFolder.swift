import Foundation

/// Why runreport refuses to write somewhere (the command stops with nothing touched).
public enum OutputRefusal: Error, CustomStringConvertible, Equatable {
    /// A non-empty folder (or a staging folder beside it) without runreport's marker.
    case notOurs(path: String)
    /// The output, or a place inside it, is a symbolic link.
    case symbolicLink(path: String)
    /// The output is a file, not a folder.
    case notAFolder(path: String)
    /// Another runreport holds the output's lock.
    case busy(path: String, lock: String)
    /// A file runreport read names a folder that is not a safe name.
    case unsafeName(name: String, file: String)
    /// The output path does not end in a folder's name (`.`, `..`, `/`).
    case unnamed(path: String)

    public var description: String {
        switch self {
        case let .notOurs(path): return "\(path) exists and was not written by runreport; remove it or choose another -o"
        case let .symbolicLink(path): return "\(path) is a symbolic link; runreport writes only into real folders; choose another -o"
        case let .notAFolder(path): return "\(path) exists and is not a folder; remove it or choose another -o"
        case let .busy(path, lock):
            return "another runreport is writing \(path) (it holds \(lock)); try again when it has finished"
        case let .unnamed(path): return "\(path) does not end in a folder's name; choose -o like DIR or PARENT/DIR"
        case let .unsafeName(name, file):
            return "\(file) names the folder \(TerminalText.safe(String(reflecting: name))), which is not one plain name "
                + "(letters, digits, '-', '_', '.', '~'; no '/', no leading '.'); nothing was written"
        }
    }
}

/// A folder runreport writes as a whole: it carries the marker `.runreport`; runreport writes
/// only into a folder that is missing, empty or marked, never through a symbolic link; the new
/// content is staged in `DIR.partial` (marked first, removed on error and on interruption) and
/// moved into place, so that a reader sees the old content or the new, never a mix.
struct OutputFolder {
    enum Kind: String { case report, compare, archive, pull }

    static let markerName = ".runreport"

    let path: String
    let kind: Kind

    init(_ path: String, kind: Kind) {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.path = trimmed
        self.kind = kind
    }

    var staging: String { path + ".partial" }
    var marker: [UInt8] { Array("runreport \(kind.rawValue)\n".utf8) }

    /// Refuses a path not ending in a name, a symbolic link, a file, or a non-empty folder
    /// without the marker.
    func check() throws {
        try Self.refuseUnnamed(path)
        switch try Self.entry(at: path) {
        case .missing: return
        case .link: throw OutputRefusal.symbolicLink(path: path)
        case .other: throw OutputRefusal.notAFolder(path: path)
        case .folder:
            if Self.isMarked(path) { return }
            let names = try FileManager.default.contentsOfDirectory(atPath: path)
            if !names.isEmpty { throw OutputRefusal.notOurs(path: path) }
        }
    }

    /// Writes the marker into an existing folder.
    func mark() throws { try AtomicFile.write(marker, to: path + "/" + Self.markerName) }

    /// The whole write: the lock (unless `locked` is false, for a folder inside an output this
    /// process holds), the check, a fresh marked staging folder filled by `fill`, the swap.
    func write(locked: Bool = true, _ fill: (String) throws -> Void) throws {
        let lock = locked ? try OutputLock(for: path) : nil
        defer { lock?.release() }
        if locked { try check() } else if case .link = try Self.entry(at: path) { throw OutputRefusal.symbolicLink(path: path) }
        try Self.refuseUnnamed(path)
        try Self.removeOurs(staging)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        Staging.shared.add(staging)
        defer { Staging.shared.remove(staging) }
        do {
            try AtomicFile.write(marker, to: staging + "/" + Self.markerName)
            try fill(staging)
            try Self.swap(path, with: staging)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// Moves `staging` to `folder`: the old folder aside first (as `.NAME.previous` beside it),
    /// removed once the new one is in place, put back when the move fails.
    static func swap(_ folder: String, with staging: String) throws {
        let manager = FileManager.default
        let url = URL(fileURLWithPath: folder)
        let previous = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".previous"
        try removeOurs(previous)
        if case .missing = try entry(at: folder) {} else { try manager.moveItem(atPath: folder, toPath: previous) }
        do { try manager.moveItem(atPath: staging, toPath: folder) } catch {
            if manager.fileExists(atPath: previous) { try? manager.moveItem(atPath: previous, toPath: folder) }
            throw OutputError.cannotWrite(path: folder, reason: String(describing: error))
        }
        try? manager.removeItem(atPath: previous)
    }

    /// Moves a pulled run's staging folder into place (`swap`), its leftovers not marked: a pull's
    /// run folders are the file store's, and the whole output carries the marker.
    static func swapPulled(_ folder: String, with staging: String) throws {
        let previous = (folder as NSString).deletingLastPathComponent + "/." + (folder as NSString).lastPathComponent + ".previous"
        try? FileManager.default.removeItem(atPath: previous)
        try swap(folder, with: staging)
    }

    /// Removes a leftover staging or previous folder, only when runreport made it (marked or
    /// empty); a symbolic link or anything else there is refused.
    static func removeOurs(_ path: String) throws {
        switch try entry(at: path) {
        case .missing: return
        case .link: throw OutputRefusal.symbolicLink(path: path)
        case .other: throw OutputRefusal.notOurs(path: path)
        case .folder:
            let empty = try FileManager.default.contentsOfDirectory(atPath: path).isEmpty
            guard isMarked(path) || empty else {
                throw OutputRefusal.notOurs(path: path)
            }
            try FileManager.default.removeItem(atPath: path)
        }
    }

    /// The lock, staging and previous folders sit beside the output under its name: it must have one.
    static func refuseUnnamed(_ path: String) throws {
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        if last.isEmpty || last == "." || last == ".." { throw OutputRefusal.unnamed(path: path) }
    }

    static func isMarked(_ folder: String) -> Bool {
        guard case .other = (try? entry(at: folder + "/" + markerName)) ?? .missing else { return false }
        return FileManager.default.contents(atPath: folder + "/" + markerName)?.starts(with: Array("runreport ".utf8)) ?? false
    }

    /// Whether a relative path below an output is one of runreport's own files (a component
    /// starting with '.'), which manifests and bundles leave out.
    static func isOwn(_ relative: String) -> Bool {
        relative.split(separator: "/").contains { $0.hasPrefix(".") }
    }

    enum Entry { case missing, link, folder, other }

    /// What is at a path, without following a symbolic link there.
    static func entry(at path: String) throws -> Entry {
        var info = stat()
        if lstat(path, &info) != 0 {
            if errno == ENOENT || errno == ENOTDIR { return .missing }
            throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFLNK: return .link
        case S_IFDIR: return .folder
        default: return .other
        }
    }
}

/// Staging folders this process is filling; removed at once when it is told to stop.
public final class Staging: @unchecked Sendable {
    static let shared = Staging()
    private let lock = NSLock()
    private var paths: Set<String> = []

    func add(_ path: String) { lock.withLock { _ = paths.insert(path) } }
    func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }

    /// Removes every staging folder under way (called on SIGINT or SIGTERM, just before exit).
    /// Each is first renamed out of its writers' way: they make no folder but inside one that
    /// exists, so a write still under way fails instead of making the staging folder anew.
    public static func removeUnfinished() {
        for path in shared.lock.withLock({ shared.paths }) {
            let url = URL(fileURLWithPath: path)
            let trash = url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".removing-\(getpid())"
            let target = rename(path, trash) == 0 ? trash : path
            var tries = 0
            while tries < 3 && FileManager.default.fileExists(atPath: target) {
                try? FileManager.default.removeItem(atPath: target)
                tries += 1
            }
        }
    }
}
