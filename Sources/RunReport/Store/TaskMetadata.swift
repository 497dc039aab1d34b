import Foundation

/// What a ClearML `task.json` (tasks.get_by_id shape, seeds/003) says of a run.
public struct TaskMetadata: Hashable, Sendable {
    /// One hyperparameter: section, name, value as written, type and description.
    public struct Parameter: Hashable, Sendable {
        public var section: String
        public var name: String
        public var value: String
        public var type: String?
        public var description: String?
    }

    /// One configuration item (`configuration` in the task).
    public struct ConfigurationItem: Hashable, Sendable {
        public var name: String
        public var type: String?
        public var value: String
        public var description: String?
    }

    public var id: String?
    public var name: String?
    public var project: String?
    public var type: String?
    public var status: String?
    public var user: String?
    public var comment: String?
    public var tags: [String] = []
    public var systemTags: [String] = []
    public var created: String?
    public var started: String?
    public var completed: String?
    public var parameters: [Parameter] = []
    public var configuration: [ConfigurationItem] = []
    public var script: Script?
    public var artifacts: [Artifact] = []
    public var models: [Model] = []
    /// The task object as read.
    public var json: [UInt8] = []

    public init() {}

    /// Reads a task object. Fields of the wrong type are left out; only non-JSON is an error.
    public init(json bytes: [UInt8]) throws {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) } catch {
            throw MetadataError.notJSON(String(describing: error))
        }
        guard let task = object as? [String: Any] else { throw MetadataError.notAnObject }
        json = bytes
        id = task["id"] as? String
        name = task["name"] as? String
        project = (task["project_name"] as? String) ?? (task["project"] as? String)
        type = task["type"] as? String
        status = task["status"] as? String
        user = task["user"] as? String
        comment = task["comment"] as? String
        tags = (task["tags"] as? [Any])?.compactMap { $0 as? String } ?? []
        systemTags = (task["system_tags"] as? [Any])?.compactMap { $0 as? String } ?? []
        created = task["created"] as? String
        started = task["started"] as? String
        completed = task["completed"] as? String
        parameters = Self.parameters(task["hyperparams"])
        configuration = Self.configuration(task["configuration"])
        script = Self.script(task["script"])
        artifacts = Self.artifacts(task["execution"])
        models = Self.models(task["models"], offline: task["offline_output_models"])
    }

    private static func text(_ value: Any?) -> String? {
        switch value {
        case let string as String: return string
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    private static func parameters(_ value: Any?) -> [Parameter] {
        guard let sections = value as? [String: Any] else { return [] }
        var result: [Parameter] = []
        for sectionName in sections.keys.sorted() {
            guard let section = sections[sectionName] as? [String: Any] else { continue }
            for name in section.keys.sorted() {
                guard let item = section[name] as? [String: Any] else { continue }
                result.append(Parameter(section: sectionName, name: text(item["name"]) ?? name,
                                        value: text(item["value"]) ?? "", type: text(item["type"]),
                                        description: text(item["description"])))
            }
        }
        return result
    }

    private static func configuration(_ value: Any?) -> [ConfigurationItem] {
        guard let items = value as? [String: Any] else { return [] }
        return items.keys.sorted().compactMap { key in
            guard let item = items[key] as? [String: Any] else { return nil }
            return ConfigurationItem(name: text(item["name"]) ?? key, type: text(item["type"]),
                                     value: text(item["value"]) ?? "", description: text(item["description"]))
        }
    }
}

/// A task.json that cannot be read.
public enum MetadataError: Error, CustomStringConvertible {
    case notJSON(String)
    case notAnObject

    public var description: String {
        switch self {
        case let .notJSON(reason): return "task.json is not JSON (\(reason))"
        case .notAnObject: return "task.json is not a JSON object"
        }
    }
}
