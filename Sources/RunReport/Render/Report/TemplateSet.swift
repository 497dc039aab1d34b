import Foundation
import Mustache

/// The report's templates and stylesheet: the built-in ones, each replaceable by a file of the
/// same name in an override folder. Only the templates asked for (and the partials they name)
/// are parsed, once per process for the same files: parsing is most of a small page's cost.
struct TemplateSet: @unchecked Sendable {
    let library: MustacheLibrary
    /// Every file by name: templates, style.css, scripts.
    let files: [String: String]
    let css: String
    /// The page's own script (hover values); empty when an override folder empties it.
    let script: String

    /// The templates `names` (without .mustache) with their partials, parsed.
    init(override folder: String?, templates names: [String]) throws {
        var files = DefaultTemplates.files
        if let folder {
            // A folder that is not there is an error, not the built-in look; so is a file of a
            // known name that is there but cannot be read as UTF-8.
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw TemplateError.noFolder(folder)
            }
            for name in files.keys where FileManager.default.fileExists(atPath: folder + "/" + name) {
                guard let data = FileManager.default.contents(atPath: folder + "/" + name),
                      let text = String(validating: data, as: UTF8.self) else {
                    throw TemplateError.invalid(name: name, reason: "it cannot be read as UTF-8 text")
                }
                files[name] = text
            }
        }
        let key = CacheKey(names: names, files: files)
        if let cached = Self.cache.value(for: key) {
            self = cached
            return
        }
        _ = HTMLText.registered
        var library = MustacheLibrary()
        var pending = names
        var registered: Set<String> = []
        while let name = pending.popLast() {
            guard registered.insert(name).inserted, let text = files[name + ".mustache"] else { continue }
            do { try library.register(HTMLText.pragma + text, named: name) } catch {
                throw TemplateError.invalid(name: name + ".mustache", reason: Self.reason(error))
            }
            pending += Self.partials(in: text)
        }
        self.library = library
        self.files = files
        css = files["style.css"] ?? ""
        script = files["hover.js"] ?? ""
        Self.cache.store(self, for: key)
    }

    func render(_ object: Any, _ template: String) throws -> String {
        guard let text = library.render(object, withTemplate: template) else { throw TemplateError.missing(template) }
        return text
    }

    /// A parser error as `line 3, column 1: expectedSectionEnd` (lines of the file, not of the
    /// pragma put before it).
    static func reason(_ error: Error) -> String {
        guard let parse = error as? MustacheTemplate.ParserError else { return String(describing: error) }
        let pragmaLines = HTMLText.pragma.filter(\.isNewline).count
        return "line \(max(1, parse.context.lineNumber - pragmaLines)), column \(parse.context.columnNumber): \(parse.error)"
    }

    /// The names of the partials a template includes (`{{>name}}`).
    static func partials(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{>") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            names.append(rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    private struct CacheKey: Hashable {
        let names: [String]
        let files: [String: String]
    }

    /// Parsed sets by what they were parsed from (an archive renders a report per run).
    private static let cache = TemplateCache()

    private final class TemplateCache: @unchecked Sendable {
        private let lock = NSLock()
        private var sets: [CacheKey: TemplateSet] = [:]

        func value(for key: CacheKey) -> TemplateSet? { lock.withLock { sets[key] } }
        func store(_ set: TemplateSet, for key: CacheKey) { lock.withLock { sets[key] = set } }
    }
}

/// A template that cannot be used.
public enum TemplateError: Error, CustomStringConvertible {
    case invalid(name: String, reason: String)
    case missing(String)
    /// The override folder does not exist or is not a folder.
    case noFolder(String)

    public var description: String {
        switch self {
        case let .noFolder(path): return "the templates folder \(path) does not exist or is not a folder"
        case let .invalid(name, reason): return "template \(name) does not parse: \(reason)"
        case let .missing(name): return "no template named \(name)"
        }
    }
}
