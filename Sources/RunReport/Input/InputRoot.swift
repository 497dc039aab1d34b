#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that decides which files of an input folder may be read.
///
/// A file is named by a relative path below the root and opened one component at a time with
/// `openat` and `O_NOFOLLOW`, from a descriptor of the folder above it, so that what is opened
/// is what was checked (no check-then-open race). A symbolic link on the way, the last
/// component included, is followed only while its target, taken component by component from
/// the folder that holds the link, stays below the root: an absolute target, or one whose `..`
/// climbs above the root, is refused. A name that is absolute or holds `..` is refused, and so
/// is anything that is not a regular file (a FIFO would block the read, a device never ends).
public struct InputRoot: Sendable {
    /// The folder the input is; it may itself be a symbolic link (the user named it).
    public let path: String
    /// Symbolic links followed for one name at most (the kernel's own limit is 40).
    public static let maxLinks = 32

    public init(path: String) { self.path = path }

    /// Why a name was refused.
    public enum Refusal: String, Error, Sendable {
        case absoluteName = "an absolute name"
        case climbingName = "a name with '..'"
        case linkLeaves = "a symbolic link that leaves the input"
        case tooManyLinks = "more than 32 symbolic links in a row"
        case notARegularFile = "not a regular file"
    }

    /// The file named `name` below the root, or nil when there is none. Throws
    /// `InputError.outsideInput` when the name or a link on its way leaves the root.
    public func open(_ name: String) throws -> OpenFile? {
        do {
            return try resolve(name)
        } catch let refusal as Refusal {
            throw InputError.outsideInput(name: name, reason: refusal.rawValue)
        }
    }

    /// The size of the file named `name` below the root, or nil when there is none.
    public func size(of name: String) throws -> Int? { try open(name)?.size }

    /// Whether the root holds a regular file named `name` that may be read.
    public func holds(_ name: String) -> Bool { ((try? open(name)) ?? nil) != nil }

    func resolve(_ name: String) throws -> OpenFile? {
        guard !name.hasPrefix("/") else { throw Refusal.absoluteName }
        var pending = Self.components(name)
        guard !pending.contains("..") else { throw Refusal.climbingName }
        guard !pending.isEmpty else { throw Refusal.notARegularFile }
        pending.reverse()
        let root = openFolder(path)
        guard root >= 0 else { return nil }
        var folders = [root]
        defer { for folder in folders { close(folder) } }
        var links = 0
        while let part = pending.popLast() {
            if part == ".." {
                guard folders.count > 1 else { throw Refusal.linkLeaves }
                close(folders.removeLast())
                if pending.isEmpty { throw Refusal.notARegularFile }
                continue
            }
            let isLast = pending.isEmpty
            let flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (isLast ? O_NONBLOCK : O_DIRECTORY)
            let fd = openat(folders[folders.count - 1], part, flags)
            if fd < 0 {
                // O_NOFOLLOW meets a link as ELOOP (last component) or ENOTDIR (a folder on the way).
                let failure = errno
                guard [ELOOP, ENOTDIR, EMLINK].contains(failure), let target = Self.linkTarget(part, in: folders[folders.count - 1]) else {
                    if failure == ENOENT || failure == ENOTDIR { return nil }
                    throw InputError.cannotOpen(path: path + "/" + name, reason: String(cString: strerror(failure)))
                }
                links += 1
                guard links <= Self.maxLinks else { throw Refusal.tooManyLinks }
                guard !target.hasPrefix("/") else { throw Refusal.linkLeaves }
                pending += Self.components(target).reversed()
                if Self.components(target).isEmpty && isLast { throw Refusal.notARegularFile }
                continue
            }
            guard isLast else { folders.append(fd); continue }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                close(fd)
                throw Refusal.notARegularFile
            }
            return OpenFile(descriptor: fd, size: Int(info.st_size), path: path + "/" + name)
        }
        return nil
    }

    /// The parts of a path, without empty ones and `.`.
    static func components(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0 != "." }.map(String.init)
    }

    /// Where the symbolic link `name` in the folder `folder` points, or nil when it is not one.
    static func linkTarget(_ name: String, in folder: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlinkat(folder, name, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A descriptor of the folder at `path` (following a link there: the caller chose the path).
func openFolder(_ path: String) -> Int32 { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
