#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entries of one folder as they are, links not followed: what a walk below an input's
/// root, or below a folder the user named, may step into.
struct FolderListing {
    enum Kind: Equatable {
        case file
        case folder
        case symbolicLink
        /// A FIFO, socket or device: never opened.
        case other
    }

    struct Entry: Equatable {
        let name: String
        let kind: Kind
    }

    /// The folder's device and inode, which tell a folder met twice on a walk.
    let identity: FolderIdentity
    /// Its entries but `.` and `..`, in byte order of their names.
    let entries: [Entry]

    /// Lists the folder open at `descriptor` (which stays open: the caller closes it).
    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let copy = dup(descriptor)
        guard copy >= 0, let folder = fdopendir(copy) else { if copy >= 0 { close(copy) }; return nil }
        defer { closedir(folder) }
        identity = FolderIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        var found: [Entry] = []
        while let entry = readdir(folder) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            found.append(Entry(name: name, kind: Self.kind(of: name, type: entry.pointee.d_type, in: descriptor)))
        }
        entries = found.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// Lists the folder at `path`.
    init?(path: String) {
        let descriptor = openFolder(path)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        self.init(descriptor: descriptor)
    }

    private static func kind(of name: String, type: UInt8, in folder: Int32) -> Kind {
        switch Int32(type) {
        case Int32(DT_REG): return .file
        case Int32(DT_DIR): return .folder
        case Int32(DT_LNK): return .symbolicLink
        case Int32(DT_UNKNOWN):
            var info = stat()
            guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return .other }
            switch info.st_mode & S_IFMT {
            case S_IFREG: return .file
            case S_IFDIR: return .folder
            case S_IFLNK: return .symbolicLink
            default: return .other
            }
        default: return .other
        }
    }
}

/// A folder's device and inode.
struct FolderIdentity: Hashable {
    let device: UInt64
    let inode: UInt64
}

extension InputRoot {
    /// Every symbolic link below the root whose target leaves it (or that is a chain of more
    /// than `maxLinks`), by its name relative to the root: each is reported as a problem when the
    /// input is read, and none is ever followed. The walk steps only into real folders (no link
    /// is followed to list a folder), each once, at most `maxDepth` deep and `maxEntries` in all.
    func leavingLinks(maxDepth: Int = 32, maxEntries: Int = 1_000_000) -> [(name: String, reason: String)] {
        let root = openFolder(path)
        guard root >= 0 else { return [] }
        var found: [(name: String, reason: String)] = []
        var seen: Set<FolderIdentity> = []
        var budget = maxEntries
        walk(root, prefix: "", depth: 0, maxDepth: maxDepth, budget: &budget, seen: &seen, found: &found)
        close(root)
        return found
    }

    private func walk(_ folder: Int32, prefix: String, depth: Int, maxDepth: Int, budget: inout Int,
                      seen: inout Set<FolderIdentity>, found: inout [(name: String, reason: String)]) {
        guard depth <= maxDepth, let listing = FolderListing(descriptor: folder),
              seen.insert(listing.identity).inserted else { return }
        for entry in listing.entries {
            budget -= 1
            guard budget >= 0 else { return }
            let name = prefix + entry.name
            switch entry.kind {
            case .folder:
                let child = openat(folder, entry.name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else { continue }
                walk(child, prefix: name + "/", depth: depth + 1, maxDepth: maxDepth, budget: &budget, seen: &seen, found: &found)
                close(child)
            case .symbolicLink:
                if let reason = linkRefusal(name) { found.append((name, reason)) }
            case .file, .other:
                continue
            }
        }
    }

    /// Why the link `name` may not be followed, or nil when it may (or leads nowhere).
    private func linkRefusal(_ name: String) -> String? {
        do {
            _ = try resolve(name)
            return nil
        } catch let refusal as Refusal {
            return refusal == .notARegularFile ? nil : refusal.rawValue
        } catch {
            return nil
        }
    }
}
