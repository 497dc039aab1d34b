import Foundation

/// `DIR/manifest.json` of an archive: every file with its size and SHA-256, each input with
/// its content hash and the runs it held, each run with its folder and input. It is what
/// makes a second run incremental and what `runreport index` merges.
public struct ArchiveManifest: Codable, Equatable, Sendable {
    public struct File: Codable, Equatable, Sendable {
        public var size: Int
        public var sha256: String
    }

    public struct Input: Codable, Equatable, Sendable {
        public var sha256: String
        public var runs: [String]
        /// Runs the input also holds that the archive keeps from another input.
        public var duplicates: [String]? = nil
    }

    public struct RunEntry: Codable, Equatable, Sendable {
        public var folder: String
        public var input: String
        public var inputSHA256: String
        /// The run's events in its input, and whether the input was read without skipping
        /// anything: what `index` weighs when two shards hold the same run (`DuplicateRuns`).
        public var events: Int? = nil
        public var whole: Bool? = nil

        enum CodingKeys: String, CodingKey {
            case folder, input, events, whole
            case inputSHA256 = "input_sha256"
        }

        var completeness: DuplicateRuns.Completeness { .init(whole: whole ?? true, events: events ?? 0) }
    }

    public var version = 1
    public var inputs: [String: Input] = [:]
    public var runs: [String: RunEntry] = [:]
    public var files: [String: File] = [:]

    public init() {}

    /// The manifest in a folder, or an empty one when there is none or it does not read.
    public static func read(from folder: String) -> ArchiveManifest {
        guard let data = FileManager.default.contents(atPath: folder + "/manifest.json"),
              let manifest = try? JSONDecoder().decode(ArchiveManifest.self, from: data) else { return ArchiveManifest() }
        return manifest
    }

    /// The manifest in a folder runreport is about to write (an empty one when there is none
    /// or it does not read), every run folder it names checked first: a `SafeName`, and not a
    /// symbolic link below `runs/`; `runs/` and `compare/` themselves not symbolic links.
    static func load(from folder: String) throws -> ArchiveManifest {
        for place in ["runs", "compare"] {
            if case .link = try OutputFolder.entry(at: folder + "/" + place) {
                throw OutputRefusal.symbolicLink(path: folder + "/" + place)
            }
        }
        let manifest = read(from: folder)
        try manifest.checkFolders(in: folder, file: folder + "/manifest.json")
        return manifest
    }

    /// Refuses a run folder that is not a `SafeName` or is a symbolic link in `folder/runs/`.
    func checkFolders(in folder: String, file: String) throws {
        for id in runs.keys.sorted() {
            guard let entry = runs[id] else { continue }
            guard SafeName(validating: entry.folder) != nil else { throw OutputRefusal.unsafeName(name: entry.folder, file: file) }
            if case .link = try OutputFolder.entry(at: folder + "/runs/" + entry.folder) {
                throw OutputRefusal.symbolicLink(path: folder + "/runs/" + entry.folder)
            }
        }
    }

    /// Sorted keys, two-space indent: the same manifest, the same bytes.
    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}

/// Content hashes of inputs and files.
enum ContentHash {
    /// SHA-256 of a file, read in 1 MB pieces.
    static func file(_ path: String) throws -> (size: Int, sha256: String) {
        let file = try OpenFile(path: path)
        var hasher = SHA256()
        var offset = 0
        while offset < file.size {
            let piece = try file.bytes(at: offset, count: min(1 << 20, file.size - offset))
            if piece.isEmpty { break }
            hasher.update(piece)
            offset += piece.count
        }
        return (offset, hex(hasher.finalize()))
    }

    /// An input's size and modification time (a folder's: its files' total and the latest),
    /// what the stat cache compares before hashing again.
    static func stamp(_ path: String) -> InputStatCache.Stamp? {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        let names = isFolder.boolValue ? ((try? files(under: path)) ?? []).map { path + "/" + $0 } : [path]
        var size = 0, modified = 0.0
        for name in names {
            guard let attributes = try? manager.attributesOfItem(atPath: name) else { return nil }
            size += (attributes[.size] as? Int) ?? 0
            modified = max(modified, (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
        }
        return .init(size: size, files: names.count, modified: modified)
    }

    /// An input's hash: a file's content, or a folder's files (names and contents, in name order).
    static func input(_ path: String) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            return try file(path).sha256
        }
        var hasher = SHA256()
        for name in try files(under: path) {
            hasher.update(Array(name.utf8) + [0])
            hasher.update(Array(try file(path + "/" + name).sha256.utf8))
        }
        return hex(hasher.finalize())
    }

    /// Every regular file below a folder, relative, in code-point order.
    static func files(under folder: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var names: [String] = []
        while let name = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder), !isFolder.boolValue {
                names.append(name)
            }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// `DIR/.runreport-cache.json`: each input's size, file count and modification time when it was
/// last hashed, so that an unchanged input is not read to be hashed again (as git's index does).
/// Kept apart from manifest.json, which holds content only; left out of the manifest and bundle.
struct InputStatCache: Codable {
    struct Stamp: Codable, Equatable {
        var size: Int
        var files: Int
        var modified: Double
    }

    struct Entry: Codable {
        var stamp: Stamp
        var sha256: String
    }

    static let fileName = ".runreport-cache.json"
    var inputs: [String: Entry] = [:]

    static func read(from folder: String) -> InputStatCache {
        guard let data = FileManager.default.contents(atPath: folder + "/" + fileName),
              let cache = try? JSONDecoder().decode(InputStatCache.self, from: data) else { return InputStatCache() }
        return cache
    }

    func write(to folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(Array(try encoder.encode(self)), to: folder + "/" + Self.fileName)
    }

    /// The input's hash: the cached one while its stamp is the same, else read and hashed.
    func hash(of path: String) throws -> (sha256: String, entry: Entry?) {
        let stamp = ContentHash.stamp(path)
        if let stamp, let known = inputs[path], known.stamp == stamp { return (known.sha256, known) }
        let sha = try ContentHash.input(path)
        return (sha, stamp.map { Entry(stamp: $0, sha256: sha) })
    }
}
