import Foundation

extension TaskMetadata {
    /// Where the run's code came from (`script` in the task).
    public struct Script: Hashable, Sendable {
        public var repository: String?
        public var branch: String?
        public var tag: String?
        public var commit: String?
        public var entryPoint: String?
        public var workingDirectory: String?
        public var binary: String?
        /// Uncommitted changes, as `git diff` printed them.
        public var diff: String?
        /// Requirements by kind (`pip`, `conda`, …), empty ones left out.
        public var requirements: [Requirements] = []
    }

    /// One kind of requirements of a script: its kind (`pip`, `conda`) and text.
    public struct Requirements: Hashable, Sendable {
        public var kind: String
        public var text: String
    }

    /// One artifact of `execution.artifacts`.
    public struct Artifact: Hashable, Sendable {
        public var key: String
        public var type: String?
        public var mode: String?
        public var uri: String?
        public var size: Int64?
        public var hash: String?
        /// `type_data.preview`: a short text of the content.
        public var preview: String?
    }

    /// A model the task used (`input`) or made (`output`).
    public struct Model: Hashable, Sendable {
        public var role: String
        public var name: String
        /// The model's id, or for an offline session its weights' location.
        public var reference: String
    }

    static func script(_ value: Any?) -> Script? {
        guard let object = value as? [String: Any] else { return nil }
        func field(_ name: String) -> String? { (object[name] as? String).flatMap { $0.isEmpty ? nil : $0 } }
        var script = Script(repository: field("repository"), branch: field("branch"), tag: field("tag"),
                            commit: field("version_num"), entryPoint: field("entry_point"),
                            workingDirectory: field("working_dir"), binary: field("binary"), diff: field("diff"))
        if let requirements = object["requirements"] as? [String: Any] {
            script.requirements = requirements.keys.sorted().compactMap { kind in
                guard let text = requirements[kind] as? String, !text.isEmpty else { return nil }
                return Requirements(kind: kind, text: text)
            }
        }
        let empty = Script()
        return script == empty ? nil : script
    }

    static func artifacts(_ execution: Any?) -> [Artifact] {
        guard let list = (execution as? [String: Any])?["artifacts"] as? [Any] else { return [] }
        return list.compactMap { item in
            guard let object = item as? [String: Any], let key = object["key"] as? String else { return nil }
            return Artifact(key: key, type: object["type"] as? String, mode: object["mode"] as? String,
                            uri: object["uri"] as? String, size: (object["content_size"] as? NSNumber)?.int64Value,
                            hash: object["hash"] as? String,
                            preview: (object["type_data"] as? [String: Any])?["preview"] as? String)
        }
    }

    /// `models.input` / `models.output` ({name, model}) and an offline session's
    /// `offline_output_models` ({model: {name, …}, weights_url | local path}).
    static func models(_ models: Any?, offline: Any?) -> [Model] {
        var result: [Model] = []
        if let models = models as? [String: Any] {
            for role in ["input", "output"] {
                for item in (models[role] as? [Any]) ?? [] {
                    guard let object = item as? [String: Any] else { continue }
                    let name = object["name"] as? String ?? "", id = object["model"] as? String ?? ""
                    if !name.isEmpty || !id.isEmpty { result.append(Model(role: role, name: name, reference: id)) }
                }
            }
        }
        for item in (offline as? [Any]) ?? [] {
            guard let object = item as? [String: Any] else { continue }
            let model = object["model"] as? [String: Any]
            let name = (model?["name"] as? String) ?? (object["name"] as? String) ?? ""
            let reference = (object["weights_url"] as? String) ?? (object["weights"] as? String)
                ?? (model?["uri"] as? String) ?? ""
            if !name.isEmpty || !reference.isEmpty { result.append(Model(role: "output", name: name, reference: reference)) }
        }
        return result
    }
}
